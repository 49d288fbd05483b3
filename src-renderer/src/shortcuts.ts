import { useEffect } from 'react';
import { runAppCommand } from './commands';
import { useStore } from './store';

/** One keyboard shortcut: the key (as `KeyboardEvent.key`), whether Ctrl (Cmd on macOS) is held, and what it does. */
export interface Shortcut {
  id: 'new_chat' | 'search' | 'settings' | 'toggle_sidebar' | 'shortcuts' | 'close';
  key: string;
  mod: boolean;
  /** Does it; false when there was nothing to do, so the key is left to the page. */
  run(): boolean;
}

/** Every shortcut of the window (what Ctrl/Cmd+/ lists). */
export const SHORTCUTS: readonly Shortcut[] = [
  {
    id: 'new_chat',
    key: 'n',
    mod: true,
    run: () => (void runAppCommand('new_chat').catch(() => undefined), true),
  },
  { id: 'search', key: 'k', mod: true, run: () => (void runAppCommand('search'), true) },
  { id: 'settings', key: ',', mod: true, run: () => (void runAppCommand('settings'), true) },
  { id: 'toggle_sidebar', key: 'b', mod: true, run: () => (useStore.getState().toggleSidebar(), true) },
  { id: 'shortcuts', key: '/', mod: true, run: () => (useStore.getState().setShortcutsOpen(true), true) },
  {
    id: 'close',
    key: 'Escape',
    mod: false,
    // Dialogs close themselves on Escape (Radix); this leaves Settings and Activity for the chat.
    run: () => {
      const { view, setView } = useStore.getState();
      if (view === 'chat') return false;
      setView('chat');
      return true;
    },
  },
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** How a shortcut is written on this system ("Ctrl+N", "⌘N", "Esc"). */
export function shortcutLabel(shortcut: Pick<Shortcut, 'key' | 'mod'>): string {
  const key =
    shortcut.key === 'Escape' ? 'Esc' : shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key;
  if (!shortcut.mod) return key;
  return isMac ? `⌘${key}` : `Ctrl+${key}`;
}

/** The shortcut `event` presses, if any. */
export function matchShortcut(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
): Shortcut | undefined {
  const mod = isMac ? event.metaKey : event.ctrlKey;
  if (event.altKey) return undefined;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return SHORTCUTS.find((s) => s.key === key && s.mod === mod && (s.mod || !event.shiftKey));
}

/**
 * Listens for the shortcuts on the whole window. Escape is left alone while a dialog is open
 * (the dialog closes itself) and when something else already handled it.
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const shortcut = matchShortcut(event);
      if (!shortcut) return;
      if (shortcut.id === 'close' && document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      if (shortcut.run()) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
