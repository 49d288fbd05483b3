import { useStore } from './store';

/** What a menu item, tray item or keyboard shortcut can ask of the window. */
export type AppCommand = 'new_chat' | 'search' | 'settings';

/**
 * Runs a command from the desktop menu, the tray or a keyboard shortcut by calling the store's
 * own actions, so a shortcut does exactly what the matching button does. `search` opens the
 * conversation search where the store has one (`openSearch`); until then it is a no-op.
 */
export async function runAppCommand(command: AppCommand): Promise<void> {
  const state = useStore.getState();
  switch (command) {
    case 'new_chat':
      await state.newSession();
      return;
    case 'settings':
      state.setView('settings');
      return;
    case 'search': {
      const search = (state as Partial<{ openSearch: () => void }>).openSearch;
      if (typeof search === 'function') search();
      return;
    }
  }
}
