import { useState, type KeyboardEvent } from 'react';
import type { ChatMessage } from '../../../../src-shared/lmc';
import { useStore } from '../../store';
import { MessageActions } from './MessageActions';

/** The person's message; Edit opens it in place and "Save and send" sends the new version (the old one stays browsable). */
export function UserMessage({ message }: { message: ChatMessage }) {
  const busy = useStore((s) => s.status.state !== 'idle');
  const editMessage = useStore((s) => s.editMessage);
  const [draft, setDraft] = useState<string | null>(null);

  const save = async () => {
    const text = draft?.trim() ?? '';
    if (text === '' || busy) return;
    if (text === message.content.trim()) {
      setDraft(null);
      return;
    }
    if (await editMessage(message.id, text)) setDraft(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') setDraft(null);
  };

  if (draft !== null) {
    return (
      <article className="message user editing" aria-label="You">
        <form
          className="edit-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <textarea
            aria-label="Edit message"
            value={draft}
            autoFocus
            rows={Math.min(12, draft.split('\n').length + 1)}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <div className="edit-actions">
            <button type="button" className="ghost" onClick={() => setDraft(null)}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy || draft.trim() === ''}>
              Save and send
            </button>
          </div>
        </form>
      </article>
    );
  }
  return (
    <article className="message user" aria-label="You">
      <div className="bubble">{message.content}</div>
      <MessageActions message={message}>
        <button
          type="button"
          className="ghost small"
          disabled={busy}
          onClick={() => setDraft(message.content)}
        >
          Edit
        </button>
      </MessageActions>
    </article>
  );
}
