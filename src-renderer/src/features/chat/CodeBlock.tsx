import { useState } from 'react';
import type { ChatMessage } from '../../../../src-shared/lmc';
import { useStore } from '../../store';
import { terminalText } from './ansi';

const STATUS_WORDS: Record<string, string> = {
  pending: 'waiting for approval',
  running: 'running',
  done: 'ran',
  skipped: 'skipped',
  stopped: 'stopped',
  timed_out: 'timed out',
  failed: 'could not run',
};

/** A proposed code block: its language, working directory and code; Run / Edit / Skip while it waits; its output below. */
export function CodeBlock({ message, output, awaitingApproval }: { message: ChatMessage; output: ChatMessage | undefined; awaitingApproval: boolean }) {
  const approve = useStore((s) => s.approve);
  const pending = useStore((s) => s.pending);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.content);
  const language = message.format ?? 'code';
  const cwd = message.meta.cwd ?? (awaitingApproval ? pending?.cwd : undefined);
  const status = message.meta.status ?? 'pending';

  return (
    <section className={`code-block status-${status}`} aria-label={`${language} code block`}>
      <header className="code-header">
        <span className="code-language">{language}</span>
        {cwd && <span className="code-cwd" title="Working directory">{cwd}</span>}
        <span className="code-status">{STATUS_WORDS[status] ?? status}</span>
      </header>
      {editing ? (
        <textarea aria-label="Edit code" className="code-editor" value={draft} spellCheck={false} onChange={(e) => setDraft(e.target.value)} rows={Math.min(24, draft.split('\n').length + 1)} />
      ) : (
        <pre className="code">
          <code>{message.content}</code>
        </pre>
      )}
      {message.meta.original_code !== undefined && <p className="small muted">Edited before it ran.</p>}
      {awaitingApproval && (
        <div className="approval" role="group" aria-label="Approve code">
          <button type="button" className="primary" onClick={() => void approve(message.id, 'run', editing ? draft : undefined)}>
            Run
          </button>
          {editing ? (
            <button type="button" onClick={() => { setEditing(false); setDraft(message.content); }}>
              Cancel edit
            </button>
          ) : (
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
          <button type="button" className="ghost" onClick={() => void approve(message.id, 'skip')}>
            Skip
          </button>
        </div>
      )}
      {output && <ConsoleOutput message={output} />}
    </section>
  );
}

function ConsoleOutput({ message }: { message: ChatMessage }) {
  const text = terminalText(message.content);
  const { exit_code: exitCode, outcome, truncated } = message.meta;
  const ending =
    outcome === 'stopped' ? 'stopped' : outcome === 'timed_out' ? 'stopped at the time limit' : outcome === 'kernel_exited' ? `interpreter exited${exitCode != null ? ` (${exitCode})` : ''}` : exitCode != null ? `exit ${exitCode}` : 'running…';
  return (
    <div className="console" aria-label="Output">
      <pre className="console-text">{text === '' ? (outcome ? '(no output)' : '') : text}</pre>
      <footer className={`console-status ${exitCode ? 'bad' : ''}`}>
        {truncated && <span>earlier output was cut · </span>}
        {ending}
      </footer>
    </div>
  );
}
