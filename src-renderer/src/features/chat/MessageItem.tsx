import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { ChatMessage } from '../../../../src-shared/lmc';

/** One prose message: the person's, the assistant's (Markdown, with who answered), or a notice from Switchboard. */
export function MessageItem({ message }: { message: ChatMessage }) {
  if (message.role === 'user') {
    return (
      <article className="message user" aria-label="You">
        <div className="bubble">{message.content}</div>
      </article>
    );
  }
  if (message.role === 'computer') {
    return (
      <article className={`notice ${message.meta.error ? 'error' : ''}`} role={message.meta.error ? 'alert' : 'note'}>
        {message.content}
      </article>
    );
  }
  return (
    <article className="message assistant" aria-label="Assistant">
      <div className="markdown">
        <Markdown remarkPlugins={[remarkGfm]}>{message.content}</Markdown>
      </div>
      {(message.meta.provider || message.meta.error) && (
        <footer className="small muted">
          {message.meta.provider && `${message.meta.provider} · ${message.meta.model ?? ''}`}
          {message.meta.usage && ` · ${message.meta.usage.prompt_tokens} in / ${message.meta.usage.completion_tokens} out tokens`}
          {message.meta.error && <span className="bad"> · cut off: {message.meta.error.message}</span>}
        </footer>
      )}
    </article>
  );
}
