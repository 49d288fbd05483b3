import { memo } from 'react';
import type { ChatMessage } from '../../../../src-shared/lmc';
import { MessageActions } from './MessageActions';
import { ReplySources, ReplyThinking } from './ReplyExtras';
import { StreamedMarkdown } from './StreamedMarkdown';
import { UserMessage } from './UserMessage';

/** LMC image formats the window shows (plots are PNG; MCP tools may return the others). */
const IMAGE_TYPES: Record<string, string> = {
  'base64.png': 'image/png',
  'base64.jpeg': 'image/jpeg',
  'base64.gif': 'image/gif',
  'base64.webp': 'image/webp',
};

/**
 * One message that is not a code block: the person's, the assistant's (Markdown, with who
 * answered), a picture a block produced (LMC `image`, `base64.png`), or a notice from
 * Switchboard (an error, or why the agent stopped on its own).
 */
export const MessageItem = memo(function MessageItem({
  message,
  imageLabel,
}: {
  message: ChatMessage;
  /** The image's accessible name, when it is not a plot (an image a tool returned). */
  imageLabel?: string;
}) {
  if (message.role === 'user') return <UserMessage message={message} />;
  if (message.type === 'image') {
    const mime = IMAGE_TYPES[message.format ?? ''] ?? null;
    return (
      <figure className="plot">
        {mime ? (
          <img
            alt={imageLabel ?? 'Plot produced by the code'}
            src={`data:${mime};base64,${message.content}`}
          />
        ) : (
          <figcaption className="muted">
            An image in a format Switchboard cannot show ({message.format}).
          </figcaption>
        )}
      </figure>
    );
  }
  if (message.role === 'computer') {
    const kind = message.meta.error ? 'error' : message.meta.notice ? 'warning' : '';
    return (
      <article className={`notice ${kind}`} role={message.meta.error ? 'alert' : 'note'}>
        {message.content}
      </article>
    );
  }
  return (
    <article className="message assistant" aria-label="Assistant">
      {message.meta.reasoning && <ReplyThinking reasoning={message.meta.reasoning} />}
      <div className="markdown">
        <StreamedMarkdown text={message.content} />
      </div>
      {message.meta.sources && message.meta.sources.length > 0 && (
        <ReplySources sources={message.meta.sources} />
      )}
      {(message.meta.provider || message.meta.error) && (
        <footer className="small muted">
          {message.meta.provider && `${message.meta.provider} · ${message.meta.model ?? ''}`}
          {message.meta.usage &&
            ` · ${message.meta.usage.prompt_tokens} in / ${message.meta.usage.completion_tokens} out tokens`}
          {message.meta.error && <span className="bad"> · cut off: {message.meta.error.message}</span>}
        </footer>
      )}
      <MessageActions message={message} />
    </article>
  );
});

/** What a whole turn cost, under its last message (shown when the provider reported usage). */
export function TurnUsage({ usage }: { usage: NonNullable<ChatMessage['meta']['turn_usage']> }) {
  const number = (n: number) => n.toLocaleString('en-US');
  const requests = usage.requests === 1 ? '1 request' : `${usage.requests} requests`;
  return (
    <p className="turn-usage small muted" aria-label="Turn usage">
      This turn: {requests} · {number(usage.prompt_tokens)} prompt + {number(usage.completion_tokens)}{' '}
      completion tokens
      {usage.unreported > 0 &&
        ` (${usage.unreported} ${usage.unreported === 1 ? 'request' : 'requests'} reported no usage)`}
    </p>
  );
}
