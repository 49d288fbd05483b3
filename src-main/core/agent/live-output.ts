/** Options of LiveOutputRelay; all sizes in chars (UTF-16 code units), times in ms. */
export interface LiveOutputOptions {
  /** How often queued output is delivered at most (default 50 ms). */
  intervalMs?: number;
  /** Sustained rate delivered to the UI (default 512 000 chars per second). */
  charsPerSecond?: number;
  /** Output that may be delivered at once after a quiet spell (default 256 000). */
  burstChars?: number;
  /** Queued output kept while the UI is behind; older queued output is skipped (default 256 000). */
  maxQueuedChars?: number;
}

/**
 * Feeds a running block's terminal output to the UI at a rate a window can draw: up to
 * `burstChars` at once, then `charsPerSecond`. When a block prints faster (50 MB in a few
 * seconds), the oldest queued output is skipped and the next delivery starts with a note
 * saying how much was skipped, so the live view always shows the newest output and the window
 * never freezes. The stored output (the newest 1 MB) is unaffected; this is only the live view.
 * Time comes from `setTimeout` and `Date.now`, so tests can use fake timers.
 */
export class LiveOutputRelay {
  private readonly intervalMs: number;
  private readonly charsPerSecond: number;
  private readonly burstChars: number;
  private readonly maxQueuedChars: number;
  private queue: string[] = [];
  private queuedChars = 0;
  private skippedChars = 0;
  private budget: number;
  private lastRefill = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private finished = false;

  constructor(
    private readonly deliver: (chunk: string) => void,
    options: LiveOutputOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 50;
    this.charsPerSecond = options.charsPerSecond ?? 512_000;
    this.burstChars = options.burstChars ?? 256_000;
    this.maxQueuedChars = options.maxQueuedChars ?? 256_000;
    this.budget = this.burstChars;
  }

  /** Queues output; delivers at once when the budget allows, else within `intervalMs`. */
  push(text: string): void {
    if (this.finished || text.length === 0) return;
    this.queue.push(text);
    this.queuedChars += text.length;
    if (this.queuedChars > this.maxQueuedChars) this.skipOldest();
    if (this.timer === null) this.pump();
  }

  /** Delivers everything still queued (the block ended) and stops. */
  finish(): void {
    if (this.finished) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.send(Number.POSITIVE_INFINITY);
    this.finished = true;
  }

  private pump(): void {
    this.timer = null;
    const now = Date.now();
    this.budget = Math.min(
      this.burstChars,
      this.budget + ((now - this.lastRefill) * this.charsPerSecond) / 1000,
    );
    this.lastRefill = now;
    this.send(Math.floor(this.budget));
    if (this.queuedChars > 0) this.timer = setTimeout(() => this.pump(), this.intervalMs);
  }

  /** Delivers up to `limit` queued chars (oldest first) with the skip note, if any, in front. */
  private send(limit: number): void {
    if (this.queuedChars === 0 || limit <= 0) return;
    const all = this.queue.join('');
    const taken = cutAt(all, Math.min(all.length, limit));
    const rest = all.slice(taken.length);
    this.queue = rest.length > 0 ? [rest] : [];
    this.queuedChars = rest.length;
    this.budget -= taken.length;
    let chunk = taken;
    if (this.skippedChars > 0) {
      chunk = `\r\n\x1b[0m\x1b[2m[… ${formatSize(this.skippedChars)} of output not shown live …]\x1b[0m\r\n${taken}`;
      this.skippedChars = 0;
    }
    this.deliver(chunk);
  }

  private skipOldest(): void {
    const all = this.queue.join('');
    let start = all.length - this.maxQueuedChars;
    const code = all.charCodeAt(start);
    if (code >= 0xdc00 && code <= 0xdfff) start += 1;
    this.skippedChars += start;
    this.queue = [all.slice(start)];
    this.queuedChars = all.length - start;
  }
}

/** The first `length` chars of `text`, one less if that would split a surrogate pair. */
function cutAt(text: string, length: number): string {
  if (length >= text.length) return text;
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

/** `12.3 MB`, `840 KB`, `512 characters`. */
export function formatSize(chars: number): string {
  if (chars >= 1_000_000) return `${(chars / 1_000_000).toFixed(1)} MB`;
  if (chars >= 10_000) return `${Math.round(chars / 1000)} KB`;
  return `${chars} characters`;
}
