import { memo, useEffect, useState, type ReactNode } from 'react';
import type { ChatMessage, PendingApproval } from '../../../../src-shared/lmc';
import { useStore } from '../../store';
import { ConsoleOutput } from './ConsoleOutput';
import { CopyButton } from './CopyButton';
import { HighlightedCode } from './MarkdownText';
import { ReplySources, ReplyThinking } from './ReplyExtras';

export const STATUS_WORDS: Record<string, string> = {
  pending: 'waiting for approval',
  running: 'running',
  done: 'ran',
  skipped: 'skipped',
  stopped: 'stopped',
  timed_out: 'timed out',
  failed: 'could not run',
};

/** Seconds left until `iso`, updated every second (null without a deadline). */
function useSecondsLeft(iso: string | undefined): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!iso) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [iso]);
  return iso ? Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000)) : null;
}

/** The red flag on a block that matches a destructive pattern. */
function DestructiveWarning({ warnings }: { warnings: string[] }) {
  return (
    <div className="flagged-warning" role="alert">
      <strong>Possibly destructive — read it before you run it.</strong>
      <ul>
        {warnings.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
      <p className="small">
        Switchboard flags a short list of dangerous patterns. This is a warning, not a sandbox: code it does
        not flag can still delete files or worse.
      </p>
    </div>
  );
}

/** The code as proposed, or (while editing) a textarea holding the draft, labelled `editLabel`. */
export function CodeOrEditor({
  editing,
  content,
  draft,
  setDraft,
  editLabel,
  viewLabel,
  language,
}: {
  editing: boolean;
  content: string;
  draft: string;
  setDraft: (draft: string) => void;
  editLabel: string;
  viewLabel?: string;
  /** A kernel language: the code is shown highlighted. */
  language?: string;
}) {
  if (editing)
    return (
      <textarea
        aria-label={editLabel}
        className="code-editor"
        value={draft}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
        rows={Math.min(24, draft.split('\n').length + 1)}
      />
    );
  if (language) return <HighlightedCode code={content} language={language} />;
  return (
    <pre className="code" aria-label={viewLabel}>
      <code>{content}</code>
    </pre>
  );
}

/**
 * Run / Edit / Skip for the block waiting for approval, with why it waits and until when.
 * A tool call names its group and Edit differently and may run something first (`beforeRun`).
 */
export function ApprovalBar({
  blockId,
  request,
  editing,
  draft,
  setEditing,
  label = 'Approve code',
  editLabel = 'Edit',
  beforeRun,
  children,
}: {
  blockId: string;
  request: PendingApproval | null;
  editing: boolean;
  draft: string;
  setEditing: (editing: boolean) => void;
  label?: string;
  editLabel?: string;
  beforeRun?: () => Promise<unknown>;
  children?: ReactNode;
}) {
  const approve = useStore((s) => s.approve);
  const secondsLeft = useSecondsLeft(request?.declineAt);
  return (
    <div className="approval" role="group" aria-label={label}>
      <button
        type="button"
        className="primary"
        onClick={() =>
          void (async () => {
            await beforeRun?.();
            await approve(blockId, 'run', editing ? draft : undefined);
          })()
        }
      >
        Run
      </button>
      {editing ? (
        <button type="button" onClick={() => setEditing(false)}>
          Cancel edit
        </button>
      ) : (
        <button type="button" onClick={() => setEditing(true)}>
          {editLabel}
        </button>
      )}
      <button type="button" className="ghost" onClick={() => void approve(blockId, 'skip')}>
        Skip
      </button>
      {children}
      <span className="approval-note small muted">
        {request?.reason}
        {secondsLeft !== null && ` Declined automatically in ${secondsLeft} s without an answer.`}
      </span>
    </div>
  );
}

/**
 * A proposed code block: its language, working directory and exact code; a red flag when it
 * matches a destructive pattern; Run / Edit / Skip while it waits (the edited code is what
 * runs); its console below. When the reply began with this block, the reply's reasoning and
 * sources are stored on it (`meta.reasoning` / `meta.sources`): "Thinking" is shown above the
 * block and the numbered sources under it, as for a prose reply.
 */
export const CodeBlock = memo(function CodeBlock({
  message,
  output,
  awaitingApproval,
}: {
  message: ChatMessage;
  output: ChatMessage | undefined;
  awaitingApproval: boolean;
}) {
  const pending = useStore((s) => s.pending);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.content);
  const request = awaitingApproval ? pending : null;
  const language = message.format ?? 'code';
  const cwd = request?.cwd ?? message.meta.cwd;
  const status = message.meta.status ?? 'pending';
  const warnings = request?.warnings ?? message.meta.warnings ?? [];

  useEffect(() => {
    // A new proposal (or the end of the wait) resets the editor to the code as it stands.
    if (!awaitingApproval) setEditing(false);
    setDraft(message.content);
  }, [awaitingApproval, message.content]);

  const sources = message.meta.sources ?? [];
  return (
    <>
      {message.meta.reasoning && <ReplyThinking reasoning={message.meta.reasoning} />}
      <section
        className={`code-block status-${status} ${warnings.length > 0 ? 'flagged' : ''}`}
        aria-label={`${language} code block`}
      >
        <header className="code-header">
          <span className="code-language">{language}</span>
          {cwd && (
            <span className="code-cwd" title="Working directory">
              {cwd}
            </span>
          )}
          <span className="code-status">{STATUS_WORDS[status] ?? status}</span>
          <CopyButton label="Copy code" text={() => message.content} />
        </header>
        {warnings.length > 0 && <DestructiveWarning warnings={warnings} />}
        <CodeOrEditor
          editing={editing && awaitingApproval}
          content={message.content}
          draft={draft}
          setDraft={setDraft}
          editLabel="Edit code"
          language={language}
        />
        {message.meta.original_code !== undefined && (
          <p className="small muted edited-note">Edited before it ran.</p>
        )}
        {awaitingApproval && (
          <ApprovalBar
            blockId={message.id}
            request={request}
            editing={editing}
            draft={draft}
            setEditing={setEditing}
          />
        )}
        {output && <ConsoleOutput message={output} />}
      </section>
      {sources.length > 0 && <ReplySources sources={sources} />}
    </>
  );
});
