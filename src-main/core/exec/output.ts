/**
 * Terminal output helpers: what the chat keeps (capped, newest part), what the model sees
 * (plain text, last N chars, Open Interpreter's `max_output` rule) and how the UI is fed
 * (batched, like Hyper's DataBatcher in `app/session.ts`).
 */
import { visibleNul } from '../text';

// OSC (ESC ] … BEL or ESC \), CSI (ESC [ params final), charset designations and two-char
// escapes. Enough for what shells, python, node, git and progress bars print.
/* eslint-disable no-control-regex -- these patterns exist to match control characters */
const ANSI_PATTERN =
  /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()#*+][0-9A-Za-z]|\x1b[@-Z\\-_=>]|\x9b[0-?]*[ -/]*[@-~]/g;
// Control characters a terminal does not print (everything below space except \t \n \r).
const CONTROL_PATTERN = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
/* eslint-enable no-control-regex */

/** Removes ANSI escape sequences (colours, cursor moves, OSC titles/markers) and other non-printing control characters; keeps `\t`, `\n`, `\r`. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '').replace(CONTROL_PATTERN, '');
}

/**
 * Applies carriage returns the way a terminal shows them: within a line, text after a `\r`
 * overwrites the start of the line (`10%\r100%` → `100%`, `hello\rab` → `abllo`).
 */
export function collapseCarriageReturns(text: string): string {
  if (!text.includes('\r')) return text;
  return text
    .split('\n')
    .map((line) => {
      if (!line.includes('\r')) return line;
      let shown = '';
      for (const segment of line.split('\r')) shown = segment + shown.slice(segment.length);
      return shown;
    })
    .join('\n');
}

/**
 * Output as the model should read it: ANSI stripped, `\r\n` → `\n`, carriage-return
 * overwrites collapsed, then cut to the LAST `maxChars` characters with a leading note
 * (`[output truncated: showing the last 2800 of 51234 characters]`) when longer.
 * `maxChars` counts characters (UTF-16 code units) of the cleaned text; the note is extra.
 */
export function tailForModel(text: string, maxChars: number): string {
  const clean = collapseCarriageReturns(stripAnsi(visibleNul(text)).replace(/\r+\n/g, '\n'));
  if (clean.length <= maxChars) return clean;
  const tail = sliceTail(clean, maxChars);
  return `[output truncated: showing the last ${tail.length} of ${clean.length} characters]\n${tail}`;
}

/** The last `maxChars` code units of `text`, without starting in the middle of a surrogate pair. */
function sliceTail(text: string, maxChars: number): string {
  if (maxChars <= 0) return '';
  let start = text.length - maxChars;
  if (start <= 0) return text;
  const code = text.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start += 1;
  return text.slice(start);
}

/**
 * Keeps the newest `maxChars` characters of a stream without ever holding much more:
 * pieces are compacted once they reach twice the cap, so memory stays O(maxChars) and the
 * total work stays linear in the output size.
 */
export class KeptOutput {
  private pieces: string[] = [];
  private keptChars = 0;
  private totalChars = 0;

  constructor(private readonly maxChars: number) {}

  /** Appends a piece of output. */
  push(text: string): void {
    if (text.length === 0) return;
    this.totalChars += text.length;
    this.pieces.push(text);
    this.keptChars += text.length;
    if (this.keptChars >= 2 * this.maxChars + 65_536) this.compact();
  }

  /** True when more than `maxChars` characters were pushed, so the oldest part is gone. */
  get truncated(): boolean {
    return this.totalChars > this.maxChars;
  }

  /** Every character pushed so far, kept or not. */
  get total(): number {
    return this.totalChars;
  }

  /** The newest `maxChars` characters. */
  text(): string {
    this.compact();
    return this.pieces[0] ?? '';
  }

  private compact(): void {
    const joined = sliceTail(this.pieces.join(''), this.maxChars);
    this.pieces = joined.length > 0 ? [joined] : [];
    this.keptChars = joined.length;
  }
}

/**
 * Batches terminal output for a listener (UI, IPC): pieces are joined and delivered every
 * `intervalMs` (default 16 ms, one frame) or at once when `maxChars` (default 64 K) pile up.
 */
export class OutputBatcher {
  private pending: string[] = [];
  private pendingChars = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deliver: (chunk: string) => void,
    private readonly intervalMs = 16,
    private readonly maxChars = 65_536,
  ) {}

  /** Queues a piece; delivers now if the batch is full, else within `intervalMs`. */
  push(text: string): void {
    if (text.length === 0) return;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= this.maxChars) this.flush();
    else if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Delivers whatever is queued and cancels the timer. */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pendingChars === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.deliver(chunk);
  }
}
