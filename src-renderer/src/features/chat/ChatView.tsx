import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatMessage, TurnStatus } from '../../../../src-shared/lmc';
import { sessionTitle, t } from '../../i18n';
import { useStore } from '../../store';
import { CodeBlock } from './CodeBlock';
import { MessageItem, TurnUsage } from './MessageItem';
import { MessageList, type ListItem } from './MessageList';
import { ToolCallBlock } from './ToolCallBlock';

function statusWords(status: TurnStatus): string {
  switch (status.state) {
    case 'thinking':
      return t('chat.thinking');
    case 'awaiting_approval':
      return t('chat.awaitingApproval');
    case 'running':
      return t('chat.running');
    case 'waiting_rate_limit':
      return status.detail ? t('chat.waitingDetail', { detail: status.detail }) : t('chat.waitingRateLimit');
    default:
      return '';
  }
}

/** An image that follows a tool's result (after any images before it) is named as the tool's. */
function imageLabelOf(messages: ChatMessage[], index: number): { imageLabel?: string } {
  if (messages[index]?.type !== 'image') return {};
  let before = index - 1;
  while (messages[before]?.type === 'image') before -= 1;
  return messages[before]?.format === 'tool_result' ? { imageLabel: t('chat.toolImage') } : {};
}

/** The open conversation: messages, code blocks with their output, the composer and Stop. */
export function ChatView() {
  useTranslation(); // re-renders in a new language
  const messages = useStore((s) => s.messages);
  const status = useStore((s) => s.status);
  const pending = useStore((s) => s.pending);
  const chatError = useStore((s) => s.chatError);
  const title = sessionTitle(useStore((s) => s.sessions.find((x) => x.id === s.currentId)?.title));
  // A message the person just sent brings the view back to the bottom.
  const lastUserMessage = messages.findLast((m) => m.role === 'user')?.id;

  const items: ListItem[] = [];
  let turnUser: ChatMessage | null = null;
  const closeTurn = () => {
    const usage = turnUser?.meta.turn_usage;
    if (turnUser && usage) items.push({ key: `${turnUser.id}:usage`, node: <TurnUsage usage={usage} /> });
  };
  messages.forEach((message, index) => {
    if (message.role === 'user' && message.type === 'message') {
      closeTurn();
      turnUser = message;
    }
    if (message.type === 'console') {
      const previous = messages[index - 1];
      if (previous?.type === 'code') return; // shown under its block
    }
    if (message.type === 'code') {
      const next: ChatMessage | undefined = messages[index + 1];
      const output = next?.type === 'console' ? next : undefined;
      const awaitingApproval = pending?.blockId === message.id;
      const tool = message.meta.tool;
      items.push({
        key: message.id,
        node: tool ? (
          <ToolCallBlock message={message} tool={tool} output={output} awaitingApproval={awaitingApproval} />
        ) : (
          <CodeBlock message={message} output={output} awaitingApproval={awaitingApproval} />
        ),
      });
      return;
    }
    items.push({
      key: message.id,
      node: <MessageItem message={message} {...imageLabelOf(messages, index)} />,
    });
  });
  closeTurn();

  return (
    <div className="chat">
      <header className="chat-header">
        <h1>{title}</h1>
        <span className="status" role="status" aria-live="polite">
          {statusWords(status)}
        </span>
      </header>
      <MessageList items={items} empty={<EmptyState />} followKey={lastUserMessage} />
      {chatError && (
        <div className="chat-error" role="alert">
          {chatError}
        </div>
      )}
      <Composer busy={status.state !== 'idle'} />
    </div>
  );
}

function EmptyState() {
  useTranslation();
  const settings = useStore((s) => s.settings);
  const secrets = useStore((s) => s.secrets);
  const setView = useStore((s) => s.setView);
  const provider = settings?.open_interpreter_provider ?? 'groq';
  const hasKey =
    provider === 'registry_auto' ||
    secrets.some((x) => x.name.startsWith(`${provider}_api_key`) && x.masked.length > 0);
  return (
    <div className="empty">
      <p>{t('chat.empty')}</p>
      {!hasKey && (
        <p>
          {t('chat.noKey')}{' '}
          <button type="button" className="link" onClick={() => setView('settings')}>
            {t('chat.addKey')}
          </button>
        </p>
      )}
    </div>
  );
}

function Composer({ busy }: { busy: boolean }) {
  useTranslation();
  const [text, setText] = useState('');
  const send = useStore((s) => s.send);
  const stop = useStore((s) => s.stop);
  const submit = async () => {
    const value = text.trim();
    if (!value || busy) return;
    setText('');
    if (!(await send(value))) setText(value);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <textarea
        aria-label={t('chat.message')}
        placeholder={t('chat.placeholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        rows={3}
      />
      <div className="composer-actions">
        {busy ? (
          <button type="button" className="danger" onClick={() => void stop()}>
            {t('chat.stop')}
          </button>
        ) : (
          <button type="submit" className="primary" disabled={text.trim() === ''}>
            {t('chat.send')}
          </button>
        )}
      </div>
    </form>
  );
}
