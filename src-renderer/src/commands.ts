import { useStore } from './store';

/**
 * Commands the window can be asked to do from outside the page's own buttons: keyboard
 * shortcuts, and (in Electron) the menu and the tray. One place maps each to store actions.
 */
export type AppCommand = 'new_chat' | 'search' | 'settings' | 'shortcuts' | 'toggle_sidebar' | 'close';

/**
 * Runs `command`. Returns false when it did nothing (e.g. `close` with nothing open to close),
 * so a keyboard handler can leave the key to the page.
 */
export function runAppCommand(command: AppCommand): boolean {
  const state = useStore.getState();
  switch (command) {
    case 'new_chat':
      void state.newSession().catch(() => undefined);
      return true;
    case 'settings':
      state.setView('settings');
      return true;
    case 'shortcuts':
      state.setShortcutsOpen(true);
      return true;
    case 'toggle_sidebar':
      state.toggleSidebar();
      return true;
    case 'close':
      // Dialogs close themselves on Escape (Radix); this leaves Settings and Activity for the chat.
      if (state.view === 'chat') return false;
      state.setView('chat');
      return true;
    case 'search':
      // Full-text search over every chat is not in this build yet.
      return false;
  }
}
