import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ChatMessage, TurnStatus } from '../../../../src-shared/lmc';
import { useStore } from '../../store';
import { CodeBlock } from './CodeBlock';
import { StopSessionButton } from './StopSessionButton';
import { MessageItem, TurnUsage } from './MessageItem';
import { ToolCallBlock } from './ToolCallBlock';

function statusWords(status: TurnStatus): string {
  switch (status.state) {
    case 'thinking':
      return 'Thinking…';
    case 'awaiting_approval':
      return 'Waiting for your approval';
    case 'running':
      return 'Running code…';
    case 'waiting_rate_limit':
      return status.detail ? `Waiting: ${status.detail}` : 'Waiting for the rate limit';
    default:
      return '';
  }
}

/** An image that follows a tool's result (after any images before it) is named as the tool's. */
function imageLabelOf(messages: ChatMessage[], index: number): { imageLabel?: string } {
  if (messages[index]?.type !== 'image') return {};
  let before = index - 1;
  while (messages[before]?.type === 'image') before -= 1;
  return messages[before]?.format === 'tool_result' ? { imageLabel: 'Image returned by the tool' } : {};
}

/** The open conversation: messages, code blocks with their output, the composer and Stop. */
export function ChatView() {
  const messages = useStore((s) => s.messages);
  const status = useStore((s) => s.status);
  const pending = useStore((s) => s.pending);
  const chatError = useStore((s) => s.chatError);
  const title = useStore((s) => s.sessions.find((x) => x.id === s.currentId)?.title ?? 'New chat');
  const bottom = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  const lastUserMessage = messages.findLast((m) => m.role === 'user')?.id;
  useEffect(() => {
    // A message the person just sent brings the view back to the bottom.
    following.current = true;
  }, [lastUserMessage]);
  useEffect(() => {
    // Follow new output only while the person is at the bottom; reading further up is not interrupted.
    if (following.current) bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [messages, pending]);

  const items: Array<{ key: string; node: React.ReactNode }> = [];
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
      <div
        className="messages"
        role="log"
        aria-label="Conversation"
        ref={list}
        onScroll={() => {
          const element = list.current;
          if (element)
            following.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
        }}
      >
        {items.length === 0 && <EmptyState />}
        {items.map((item) => (
          <div key={item.key}>{item.node}</div>
        ))}
        <div ref={bottom} />
      </div>
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
  const settings = useStore((s) => s.settings);
  const secrets = useStore((s) => s.secrets);
  const setView = useStore((s) => s.setView);
  const provider = settings?.open_interpreter_provider ?? 'groq';
  const hasKey =
    provider === 'registry_auto' ||
    secrets.some((x) => x.name.startsWith(`${provider}_api_key`) && x.masked.length > 0);
  return (
    <div className="empty">
      <p>Ask for something. The agent writes code, you approve each block, and it runs on this machine.</p>
      {!hasKey && (
        <p>
          No API key is saved for the selected provider.{' '}
          <button type="button" className="link" onClick={() => setView('settings')}>
            Add one in Settings → API Keys
          </button>
        </p>
      )}
    </div>
  );
}

function Composer({ busy }: { busy: boolean }) {
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
        aria-label="Message"
        placeholder="Ask the agent… (Enter to send, Shift+Enter for a new line)"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        rows={3}
      />
      <div className="composer-actions">
        {busy ? (
          <button type="button" className="danger" onClick={() => void stop()}>
            Stop
          </button>
        ) : (
          <>
            <StopSessionButton />
            <button type="submit" className="primary" disabled={text.trim() === ''}>
              Send
            </button>
          </>
        )}
      </div>
    </form>
  );
}
