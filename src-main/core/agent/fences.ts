/** What the fence parser sees in a streamed reply. */
export type FenceEvent =
  | { type: 'text'; text: string }
  | { type: 'code_start'; language: string }
  | { type: 'code'; text: string }
  | { type: 'code_end' };

const OPEN = /^ {0,3}(`{3,}|~{3,})[ \t]*([A-Za-z0-9_+#.-]*)[^`\n]*$/;

/**
 * Splits a streamed markdown reply into prose and fenced code blocks, incrementally: text is
 * released as soon as it cannot be the start of a fence line. Only fences whose info string is a
 * runnable language (per `isRunnable`) become code events; other fenced blocks stay in the text.
 */
export class FenceParser {
  private pending = '';
  private fence: { marker: string; runnable: boolean } | null = null;

  constructor(private readonly isRunnable: (language: string) => boolean) {}

  /** Feeds more reply text; returns the events it completes. */
  feed(text: string): FenceEvent[] {
    this.pending += text;
    const events: FenceEvent[] = [];
    let newline = this.pending.indexOf('\n');
    while (newline !== -1) {
      this.line(this.pending.slice(0, newline), true, events);
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
    }
    // A partial line can be released unless it might still become a fence line.
    if (this.pending !== '' && !/^ {0,3}[`~]*$/.test(this.pending) && !/^ {0,3}(`{3,}|~{3,})/.test(this.pending)) {
      this.emit(this.pending, events);
      this.pending = '';
    }
    return merge(events);
  }

  /** Ends the reply: flushes what is held back and closes an unterminated code block. */
  end(): FenceEvent[] {
    const events: FenceEvent[] = [];
    if (this.pending !== '') {
      this.line(this.pending, false, events);
      this.pending = '';
    }
    if (this.fence?.runnable) events.push({ type: 'code_end' });
    this.fence = null;
    return merge(events);
  }

  /** True while inside a runnable code block. */
  get inCode(): boolean {
    return this.fence?.runnable ?? false;
  }

  private line(line: string, complete: boolean, events: FenceEvent[]): void {
    const bare = line.replace(/\r$/, '');
    const newline = complete ? '\n' : '';
    if (this.fence) {
      const close = new RegExp(`^ {0,3}${this.fence.marker[0] === '`' ? '`' : '~'}{${this.fence.marker.length},}[ \\t]*$`);
      if (close.test(bare)) {
        if (this.fence.runnable) events.push({ type: 'code_end' });
        else events.push({ type: 'text', text: line + newline });
        this.fence = null;
        return;
      }
      this.emit(line + newline, events);
      return;
    }
    const open = OPEN.exec(bare);
    if (open && complete) {
      const language = (open[2] ?? '').toLowerCase();
      const runnable = this.isRunnable(language);
      this.fence = { marker: open[1] as string, runnable };
      if (runnable) events.push({ type: 'code_start', language });
      else events.push({ type: 'text', text: line + newline });
      return;
    }
    this.emit(line + newline, events);
  }

  private emit(text: string, events: FenceEvent[]): void {
    events.push(this.fence?.runnable ? { type: 'code', text } : { type: 'text', text });
  }
}

function merge(events: FenceEvent[]): FenceEvent[] {
  const out: FenceEvent[] = [];
  for (const event of events) {
    const last = out[out.length - 1];
    if (last && last.type === event.type && (event.type === 'text' || event.type === 'code')) {
      (last as { text: string }).text += (event as { text: string }).text;
    } else out.push({ ...event });
  }
  return out;
}
