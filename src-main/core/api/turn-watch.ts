import type { ErrorData } from '../../../src-shared/errors';
import type { ChatMessage, LmcRole, LmcType } from '../../../src-shared/lmc';
import type { EventBus } from '../event-bus';
import { stripAnsi } from '../exec/output';

/**
 * One chunk of Open Interpreter's LMC stream: a change of role/type/format starts a block
 * (`start: true`), content chunks follow, `end: true` closes it. A block waiting for approval
 * is announced by a `confirmation` chunk whose content is the code.
 */
export interface LmcChunk {
  role: LmcRole;
  type: LmcType;
  format?: string;
  start?: true;
  end?: true;
  content?: string | { type: 'code'; format: string; content: string };
}

/** How a watched turn ended: its error (if it failed) and the ids of the messages it produced, in order. */
export interface TurnOutcome {
  error: ErrorData | null;
  messageIds: string[];
}

interface Open {
  role: LmcRole;
  type: LmcType;
  format?: string;
  streamed: number;
  ended: boolean;
}

/**
 * Follows one session's turn on the event bus (subscribe before starting the turn) and turns
 * its `message.start/delta/end` events into LMC chunks, and its reasoning into `onReasoning`
 * text. The person's own message is not echoed, nor the notice that says why the turn failed
 * (the caller gets that as the error itself). `done` resolves when the session's turn goes idle.
 */
export class TurnWatch {
  readonly done: Promise<TurnOutcome>;
  private readonly open = new Map<string, Open>();
  private readonly ids: string[] = [];
  private error: ErrorData | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    events: EventBus,
    sessionId: string,
    onChunk: (chunk: LmcChunk) => void,
    onReasoning: (text: string) => void = () => undefined,
  ) {
    let finish: (outcome: TurnOutcome) => void = () => undefined;
    this.done = new Promise((resolve) => (finish = resolve));
    const head = (o: { role: LmcRole; type: LmcType; format?: string | undefined }): LmcChunk =>
      o.format === undefined
        ? { role: o.role, type: o.type }
        : { role: o.role, type: o.type, format: o.format };

    this.unsubscribe = events.subscribe((event) => {
      if (!('sessionId' in event) || event.sessionId !== sessionId) return;
      switch (event.type) {
        case 'message.start': {
          const m = event.message;
          if (m.role === 'user' || (m.role === 'computer' && m.meta.error) || this.open.has(m.id)) return;
          const entry: Open = {
            role: m.role,
            type: m.type,
            streamed: m.content.length,
            ended: false,
            ...(m.format === undefined ? {} : { format: m.format }),
          };
          this.open.set(m.id, entry);
          this.ids.push(m.id);
          onChunk({ ...head(entry), start: true });
          if (m.content !== '') onChunk({ ...head(entry), content: m.content });
          return;
        }
        case 'message.delta': {
          const entry = this.open.get(event.messageId);
          if (!entry || entry.ended || event.content === '') return;
          entry.streamed += event.content.length;
          onChunk({ ...head(entry), content: event.content });
          return;
        }
        case 'message.end': {
          const entry = this.open.get(event.message.id);
          if (!entry || entry.ended) return;
          if (entry.streamed === 0 && event.message.content !== '')
            onChunk({ ...head(entry), content: event.message.content });
          entry.ended = true;
          onChunk({ ...head(entry), end: true });
          return;
        }
        case 'message.reasoning':
          if (this.open.has(event.messageId) && event.content !== '') onReasoning(event.content);
          return;
        case 'approval.request':
          onChunk({
            role: 'computer',
            type: 'confirmation',
            format: 'execution',
            content: { type: 'code', format: event.approval.language, content: event.approval.code },
          });
          return;
        case 'turn.error':
          this.error = event.error;
          return;
        case 'turn.status':
          if (event.status.state === 'idle') {
            this.unsubscribe();
            finish({ error: this.error, messageIds: [...this.ids] });
          }
          return;
        default:
          return;
      }
    });
  }

  /** Stops listening (the turn may go on). */
  dispose(): void {
    this.unsubscribe();
  }
}

/**
 * Renders LMC chunks as the plain text of an OpenAI `assistant` message: prose as is, code as a
 * fenced block with its language, output as an `output` fenced block (ANSI removed), notices
 * as paragraphs. A code block with no code (a tool call whose arguments could not be read) is
 * left out rather than shown as an empty fence, and the console note that follows it (why the
 * call was refused) reads as a paragraph, since no code produced it. Feed it chunks in order;
 * each call answers the text to append (maybe '').
 */
export class TurnTextRenderer {
  private wrote = false;
  private lastChar = '';
  /** A prose message started and has written nothing yet (one carrying only reasoning writes nothing at all). */
  private proseOpen = false;
  /** The opening fence of a code or output block, written with its first text (null once written). */
  private pendingFence: string | null = null;
  /** The block being fed is a fenced one (code or output, not a note). */
  private fenced = false;
  /** The last code block had no code: the console block after it is a note. */
  private codeless = false;

  feed(chunk: LmcChunk): string {
    if (chunk.type === 'confirmation' || chunk.type === 'image') return '';
    let text = '';
    if (chunk.start) {
      const note = chunk.type === 'console' && this.codeless;
      this.codeless = false;
      this.fenced = (chunk.type === 'code' || chunk.type === 'console') && !note;
      // Prose and fences get their separator with their first text, so an empty message leaves nothing.
      this.proseOpen = !this.fenced;
      this.pendingFence = !this.fenced
        ? null
        : chunk.type === 'code'
          ? `\`\`\`${chunk.format ?? ''}\n`
          : '```output\n';
    } else if (typeof chunk.content === 'string') {
      text = chunk.type === 'console' ? stripAnsi(chunk.content.replace(/\r\n/g, '\n')) : chunk.content;
      if (text !== '' && (this.proseOpen || this.pendingFence !== null)) {
        text = (this.wrote ? '\n\n' : '') + (this.pendingFence ?? '') + text;
        this.proseOpen = false;
        this.pendingFence = null;
      }
    } else if (chunk.end && this.fenced) {
      this.fenced = false;
      if (this.pendingFence === null) text = `${this.lastChar === '\n' ? '' : '\n'}\`\`\``;
      else if (chunk.type === 'code') this.codeless = true;
      this.pendingFence = null;
    }
    if (text !== '') {
      this.wrote = true;
      this.lastChar = text[text.length - 1] ?? '';
    }
    return text;
  }
}

/** The text of finished messages (as `TurnTextRenderer` streams it). */
export function renderMessagesText(messages: ChatMessage[]): string {
  const renderer = new TurnTextRenderer();
  let text = '';
  for (const m of messages) {
    if (m.role === 'user') continue;
    const head =
      m.format === undefined
        ? { role: m.role, type: m.type }
        : { role: m.role, type: m.type, format: m.format };
    text += renderer.feed({ ...head, start: true });
    if (m.content !== '') text += renderer.feed({ ...head, content: m.content });
    text += renderer.feed({ ...head, end: true });
  }
  return text;
}

/** Token usage summed over a turn's messages (`meta.usage` of each reply); zeros when the provider reported none. */
export function sumUsage(messages: ChatMessage[]): {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
} {
  let prompt = 0;
  let completion = 0;
  for (const m of messages) {
    prompt += m.meta.usage?.prompt_tokens ?? 0;
    completion += m.meta.usage?.completion_tokens ?? 0;
  }
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
