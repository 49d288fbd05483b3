import { useStore } from './store';

/** Commands the app menu, the tray and keyboard shortcuts run (one place, so each does the same thing). */
export type AppCommand = 'new_chat' | 'search' | 'settings';

/** Runs an app command through the store's actions. */
export function runAppCommand(command: AppCommand): void {
  const state = useStore.getState();
  switch (command) {
    case 'new_chat':
      void state.newSession();
      return;
    case 'search':
      state.openSearch();
      return;
    case 'settings':
      state.setView('settings');
      return;
  }
}
