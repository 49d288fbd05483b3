import { useStore } from '../../store';

/** "Chat deleted · Undo" while a deleted chat can still be brought back. */
export function UndoToast() {
  const deleted = useStore((s) => s.deleted);
  const undoDelete = useStore((s) => s.undoDelete);
  if (!deleted) return null;
  return (
    <div className="toast" role="status">
      <span>
        Deleted “<span className="toast-title">{deleted.session.title}</span>”
      </span>
      <button type="button" className="link" onClick={undoDelete}>
        Undo
      </button>
    </div>
  );
}
