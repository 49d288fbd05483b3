import { DropdownMenu } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import type { ChatMessage, TurnStatus } from '../../../../src-shared/lmc';
import { sessionTitle, t } from '../../i18n';
import { useStore } from '../../store';
import { CodeBlock } from './CodeBlock';
import { Composer } from './Composer';
import { TurnActions, VersionSwitcher } from './MessageActions';
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
  const currentId = useStore((s) => s.currentId);
  const branches = useStore((s) => s.branches);
  const focusMessageId = useStore((s) => s.focusMessageId);
  const { exportChat, clearFocus } = useStore.getState();
  // A message the person just sent brings the view back to the bottom.
  const lastUserMessage = messages.findLast((m) => m.role === 'user')?.id;

  const versions = new Map(branches.map((point) => [point.messageId, point]));
  const idle = status.state === 'idle';
  const items: ListItem[] = [];
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
  for (const item of items) {
    const point = versions.get(item.key);
    if (!point) continue;
    const user = messages.find((m) => m.id === item.key)?.role === 'user';
    item.node = (
      <>
        <div className={`version-row ${user ? 'end' : ''}`}>
          <VersionSwitcher point={point} disabled={!idle} />
        </div>
        {item.node}
      </>
    );
  }
  const last = messages.at(-1);
  const turnStart = messages.findLastIndex((m) => m.role === 'user');
  const cut = messages
    .slice(turnStart + 1)
    .some((m) => m.role === 'assistant' && m.type === 'message' && m.meta.error !== undefined);
  if (idle && last && messages.some((m) => m.role === 'user')) {
    items.push({ key: 'turn-actions', ids: '', node: <TurnActions last={last} cut={cut} /> });
  }

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
                {t('chat.export')}
              </button>
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content className="menu" align="end">
                <DropdownMenu.Item className="menu-item" onSelect={() => void exportChat('markdown')}>
                  {t('chat.exportMarkdown')}
                </DropdownMenu.Item>
                <DropdownMenu.Item className="menu-item" onSelect={() => void exportChat('json')}>
                  JSON (.json)
                </DropdownMenu.Item>
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
        )}
      </header>
      <MessageList
        items={items}
        empty={<EmptyState />}
        followKey={lastUserMessage}
        focusId={focusMessageId}
        onFocused={clearFocus}
      />
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
