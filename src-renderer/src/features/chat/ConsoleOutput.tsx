import { useCallback, useMemo, useState } from 'react';
import type { ChatMessage } from '../../../../src-shared/lmc';
import { ansiSegments, terminalText, type AnsiStyle } from './ansi';
import { ConsoleTerminal } from './ConsoleTerminal';
import { CopyButton } from './CopyButton';

/** Output shown in a static console before "Show earlier output", in chars. */
const SHOWN_CHARS = 200_000;

function ending(message: ChatMessage): string {
  const { exit_code: exitCode, outcome } = message.meta;
  switch (outcome) {
    case 'stopped':
      return 'stopped';
    case 'timed_out':
      return 'stopped at the time limit';
    case 'kernel_exited':
      return `interpreter exited${exitCode != null ? ` (${exitCode})` : ''} · it restarts for the next block`;
    case 'not_started':
      return 'could not run';
    case 'done':
      return exitCode != null ? `exit ${exitCode}` : 'done';
    default:
      return 'running…';
  }
}

const css = (style: AnsiStyle): React.CSSProperties => ({
  ...(style.color ? { color: style.color } : {}),
  ...(style.background ? { background: style.background } : {}),
  ...(style.bold ? { fontWeight: 600 } : {}),
  ...(style.dim ? { opacity: 0.7 } : {}),
  ...(style.italic ? { fontStyle: 'italic' } : {}),
  ...(style.underline ? { textDecoration: 'underline' } : {}),
});

/** Finished output as coloured text (what a reloaded session shows), the newest 200 K chars first. */
function StaticOutput({ message }: { message: ChatMessage }) {
  const [all, setAll] = useState(false);
  const hidden = all ? 0 : Math.max(0, message.content.length - SHOWN_CHARS);
  const segments = useMemo(
    () => ansiSegments(hidden > 0 ? message.content.slice(hidden) : message.content),
    [message.content, hidden],
  );
  const empty = segments.every((segment) => segment.text.trim() === '');
  return (
    <>
      {hidden > 0 && (
        <button type="button" className="link small console-more" onClick={() => setAll(true)}>
          Show earlier output ({Math.round(hidden / 1000)} K characters)
        </button>
      )}
      <pre className="console-text">
        {empty && message.meta.outcome
          ? '(no output)'
          : segments.map((segment, index) =>
              Object.keys(segment.style).length === 0 ? (
                segment.text
              ) : (
                <span key={index} style={css(segment.style)}>
                  {segment.text}
                </span>
              ),
            )}
      </pre>
    </>
  );
}

/**
 * A block's console: a live terminal (xterm.js) for a block that was running when the view
 * opened — it stays a terminal after the block ends — and coloured static text for output that
 * had finished before (a reloaded session). The footer says how the block ended.
 */
export function ConsoleOutput({ message }: { message: ChatMessage }) {
  const running = message.meta.outcome === undefined;
  const [live] = useState(running);
  const terminal = live && message.meta.outcome !== 'not_started';
  // A live terminal shows how the block ended only once its last output is painted.
  const [drained, setDrained] = useState(!terminal);
  const onDrained = useCallback(() => setDrained(true), []);
  const { truncated, restarted_kernel: restarted, exit_code: exitCode, outcome } = message.meta;
  const settled = !running && drained;
  const bad =
    settled && (outcome === 'not_started' || outcome === 'timed_out' || (exitCode != null && exitCode !== 0));
  return (
    <div className="console" aria-label="Output">
      {terminal ? (
        <ConsoleTerminal messageId={message.id} interactive={running} onDrained={onDrained} />
      ) : (
        <StaticOutput message={message} />
      )}
      <footer className={`console-status ${bad ? 'bad' : ''}`}>
        {running && <span>Click the terminal to type into it; Ctrl-C interrupts. · </span>}
        {settled && restarted && <span>ran in a fresh kernel (earlier variables are gone) · </span>}
        {settled && truncated && <span>earlier output was cut · </span>}
        {settled ? ending(message) : 'running…'}
        {settled && (
          <CopyButton
            label="Copy console text"
            className="console-copy"
            text={() => terminalText(message.content)}
          />
        )}
      </footer>
    </div>
  );
}
