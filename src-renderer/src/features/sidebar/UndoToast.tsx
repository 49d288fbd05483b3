import { useStore } from '../../store';
import { useTranslation } from 'react-i18next';

/** "Chat deleted · Undo" while a deleted chat can still be brought back. */
export function UndoToast() {
  const { t } = useTranslation();
  const deleted = useStore((s) => s.deleted);
  const undoDelete = useStore((s) => s.undoDelete);
  if (!deleted) return null;
  return (
    <div className="toast" role="status">
      <span>
        {t('session.deleted')} “<span className="toast-title">{deleted.session.title}</span>”
      </span>
      <button type="button" className="link" onClick={() => void undoDelete()}>
        {t('session.undo')}
      </button>
    </div>
  );
}
