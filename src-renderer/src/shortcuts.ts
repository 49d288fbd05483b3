import { useEffect } from 'react';
import { runAppCommand, type AppCommand } from './commands';

/** One keyboard shortcut: the key (as `KeyboardEvent.key`), whether Ctrl (Cmd on macOS) is held, the command, and what it does in words. */
export interface Shortcut {
  key: string;
  mod: boolean;
  command: AppCommand;
  description: string;
}

/** Every shortcut of the window (what Ctrl/Cmd+/ lists). */
export const SHORTCUTS: readonly Shortcut[] = [
  { key: 'n', mod: true, command: 'new_chat', description: 'New chat' },
  { key: ',', mod: true, command: 'settings', description: 'Open Settings' },
  { key: 'b', mod: true, command: 'toggle_sidebar', description: 'Show or hide the sidebar' },
  { key: '/', mod: true, command: 'shortcuts', description: 'List keyboard shortcuts' },
  { key: 'Escape', mod: false, command: 'close', description: 'Close Settings, Activity or a dialog' },
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** How a shortcut is written for this system ("Ctrl+N", "⌘N", "Esc"). */
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
      if (shortcut.command === 'close' && document.querySelector('[role="dialog"], [role="alertdialog"]'))
        return;
      if (runAppCommand(shortcut.command)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
