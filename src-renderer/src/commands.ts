import type { AppCommand } from '../../src-shared/events';
import { useStore } from './store';

/**
 * Runs a command from the desktop menu, the tray or a keyboard shortcut by calling the store's
 * own actions, so a menu item does exactly what the matching button does. `search` opens the
 * conversation search (`openSearch`).
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
    case 'search':
      state.openSearch();
      return;
  }
}
