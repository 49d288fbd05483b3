import { Dialog } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../store';
import { SHORTCUTS, shortcutLabel } from '../../shortcuts';

/** Ctrl/Cmd+/: every keyboard shortcut of the window, in a dialog (Escape closes it). */
export function ShortcutsDialog() {
  const { t } = useTranslation();
  const open = useStore((s) => s.shortcutsOpen);
  const setOpen = useStore((s) => s.setShortcutsOpen);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title className="dialog-title">{t('shortcuts.title')}</Dialog.Title>
          <table className="shortcut-table">
            <tbody>
              {SHORTCUTS.map((shortcut) => (
                <tr key={shortcut.id}>
                  <td>
                    <kbd>{shortcutLabel(shortcut)}</kbd>
                  </td>
                  <td>{t(`shortcuts.${shortcut.id}`)}</td>
                </tr>
              ))}
              <tr>
                <td>
                  <kbd>Enter</kbd> / <kbd>Shift+Enter</kbd>
                </td>
                <td>{t('shortcuts.send')}</td>
              </tr>
            </tbody>
          </table>
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button" className="primary">
                {t('app.close')}
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
