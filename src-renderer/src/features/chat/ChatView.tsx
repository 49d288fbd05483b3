import { DropdownMenu } from 'radix-ui';
import { useEffect, useRef } from 'react';
import type { ChatMessage, TurnStatus } from '../../../../src-shared/lmc';
import { useStore } from '../../store';
import { CodeBlock } from './CodeBlock';
import { Composer } from './Composer';
import { TurnActions, VersionSwitcher } from './MessageActions';
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
  const currentId = useStore((s) => s.currentId);
  const branches = useStore((s) => s.branches);
  const focusMessageId = useStore((s) => s.focusMessageId);
  const { exportChat, clearFocus } = useStore.getState();
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
    if (following.current && !focusMessageId) bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [messages, pending, focusMessageId]);
  useEffect(() => {
    // A search hit: scroll to its message and mark it for a moment.
    if (!focusMessageId) return;
    const target = list.current?.querySelector<HTMLElement>(
      `[data-message-ids~="${CSS.escape(focusMessageId)}"]`,
    );
    if (!target) return;
    following.current = false;
    target.scrollIntoView?.({ block: 'center' });
    target.classList.add('focused');
    const timer = setTimeout(() => {
      target.classList.remove('focused');
      clearFocus();
    }, 2000);
    return () => clearTimeout(timer);
  }, [focusMessageId, messages, clearFocus]);

  const versions = new Map(branches.map((point) => [point.messageId, point]));
  const idle = status.state === 'idle';
  const items: Array<{ key: string; ids: string; node: React.ReactNode }> = [];
  let turnUser: ChatMessage | null = null;
  const closeTurn = () => {
    const usage = turnUser?.meta.turn_usage;
    if (turnUser && usage)
      items.push({ key: `${turnUser.id}:usage`, ids: '', node: <TurnUsage usage={usage} /> });
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
        ids: output ? `${message.id} ${output.id}` : message.id,
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
      ids: message.id,
      node: <MessageItem message={message} {...imageLabelOf(messages, index)} />,
    });
  });
  closeTurn();
  const last = messages.at(-1);
  const turnStart = messages.findLastIndex((m) => m.role === 'user');
  const cut = messages
    .slice(turnStart + 1)
    .some((m) => m.role === 'assistant' && m.type === 'message' && m.meta.error !== undefined);

  return (
    <div className="chat">
      <header className="chat-header">
        <h1>{title}</h1>
        <span className="status" role="status" aria-live="polite">
          {statusWords(status)}
        </span>
        {currentId && messages.length > 0 && (
          <DropdownMenu.Root>
            <DropdownMenu.Trigger asChild>
              <button type="button" className="ghost small">
                Export
              </button>
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content className="menu" align="end">
                <DropdownMenu.Item className="menu-item" onSelect={() => void exportChat('markdown')}>
                  Markdown (.md)
                </DropdownMenu.Item>
                <DropdownMenu.Item className="menu-item" onSelect={() => void exportChat('json')}>
                  JSON (.json)
                </DropdownMenu.Item>
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
        )}
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
        {items.map((item) => {
          const point = versions.get(item.key);
          const user = point && messages.find((m) => m.id === item.key)?.role === 'user';
          return (
            <div key={item.key} data-message-ids={item.ids || undefined}>
              {point && (
                <div className={`version-row ${user ? 'end' : ''}`}>
                  <VersionSwitcher point={point} disabled={!idle} />
                </div>
              )}
              {item.node}
            </div>
          );
        })}
        {idle && last && messages.some((m) => m.role === 'user') && (
          <div>
            <TurnActions last={last} cut={cut} />
          </div>
        )}
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
