import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatMessage } from '../../../../src-shared/lmc';
import { useStore } from '../../store';
import { MessageActions } from './MessageActions';

/** The person's message; Edit opens it in place and "Save and send" sends the new version (the old one stays browsable). */
export function UserMessage({ message }: { message: ChatMessage }) {
  const busy = useStore((s) => s.status.state !== 'idle');
  const editMessage = useStore((s) => s.editMessage);
  const [draft, setDraft] = useState<string | null>(null);
  const { t } = useTranslation();
  const editRequest = useStore((s) => s.editRequest);
  useEffect(() => {
    // Up in an empty composer asked to edit this message.
    if (editRequest !== message.id) return;
    setDraft(message.content);
    useStore.getState().requestEdit(null);
  }, [editRequest, message.id, message.content]);

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
      <article className="message user editing" aria-label={t('chat.you')}>
        <form
          className="edit-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <textarea
            aria-label={t('edit.label')}
            value={draft}
            autoFocus
            rows={Math.min(12, draft.split('\n').length + 1)}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <div className="edit-actions">
            <button type="button" className="ghost" onClick={() => setDraft(null)}>
              {t('app.cancel')}
            </button>
            <button type="submit" className="primary" disabled={busy || draft.trim() === ''}>
              {t('edit.save')}
            </button>
          </div>
        </form>
      </article>
    );
  }
  return (
    <article className="message user" aria-label={t('chat.you')}>
      <div className="bubble">{message.content}</div>
      <MessageActions message={message}>
        <button
          type="button"
          className="ghost small"
          disabled={busy}
          onClick={() => setDraft(message.content)}
        >
          {t('code.edit')}
        </button>
      </MessageActions>
    </article>
  );
}
