import { Dialog } from 'radix-ui';
import { useStore } from '../../store';
import { SHORTCUTS, shortcutLabel } from '../../shortcuts';

/** Ctrl/Cmd+/: every keyboard shortcut of the window, in a dialog (Escape closes it). */
export function ShortcutsDialog() {
  const open = useStore((s) => s.shortcutsOpen);
  const setOpen = useStore((s) => s.setShortcutsOpen);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title className="dialog-title">Keyboard shortcuts</Dialog.Title>
          <table className="shortcut-table">
            <tbody>
              {SHORTCUTS.map((shortcut) => (
                <tr key={shortcut.command}>
                  <td>
                    <kbd>{shortcutLabel(shortcut)}</kbd>
                  </td>
                  <td>{shortcut.description}</td>
                </tr>
              ))}
              <tr>
                <td>
                  <kbd>Enter</kbd> / <kbd>Shift+Enter</kbd>
                </td>
                <td>Send the message / a new line</td>
              </tr>
            </tbody>
          </table>
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button" className="primary">
                Close
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
