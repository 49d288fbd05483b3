import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { classifyStreamError } from './classify';
import { ToolCallFixer } from './tool-calls';
import { ProviderFailure, type ChatChunk } from './types';

/**
 * Server-sent events from raw bytes, per the SSE spec through eventsource-parser 4: events
 * split anywhere (even inside a UTF-8 character), `\n`, `\r\n` and `\r` line ends, multi-line
 * `data:`, comments (`: OPENROUTER PROCESSING`) dropped. `end()` also delivers a last event
 * whose closing blank line never came.
 */
export class SseDecoder {
  private readonly decoder = new TextDecoder();
  private readonly parser: EventSourceParser;
  private events: EventSourceMessage[] = [];

  constructor() {
    this.parser = createParser({ onEvent: (event) => this.events.push(event) });
  }

  /** Feeds the next piece of the body; returns the events it completed, in order. */
  feed(piece: Uint8Array | string): EventSourceMessage[] {
    this.parser.feed(typeof piece === 'string' ? piece : this.decoder.decode(piece, { stream: true }));
    return this.take();
  }

  /** The body ended: flushes the decoder and any event left without its blank line. */
  end(): EventSourceMessage[] {
    const rest = this.decoder.decode();
    this.parser.feed(`${rest}\n\n`);
    return this.take();
  }

  private take(): EventSourceMessage[] {
    if (this.events.length === 0) return NO_EVENTS;
    const out = this.events;
    this.events = [];
    return out;
  }
}

const NO_EVENTS: EventSourceMessage[] = [];
const NO_CHUNKS: ChatChunk[] = [];

/**
 * A provider's streamed body read piece by piece into OpenAI `chat.completion.chunk`s. A dialect
 * (OpenAI's chunks, Anthropic's Messages events) only turns SSE events into chunks in
 * `readInto`; this class holds what every dialect shares: SSE decoding, the `done` / `finished`
 * flags, and the rule that a failure found after some chunks of the same piece is thrown by the
 * next call, after those chunks went out. Pure: no I/O, so readers are tested on their own.
 */
export abstract class ChunkStreamReader {
  /** The dialect's end event arrived (`data: [DONE]`, `message_stop`). */
  done = false;
  /** A finish reason arrived (`finish_reason`, `stop_reason`). */
  finished = false;
  private readonly sse = new SseDecoder();
  /** A failure found after some chunks of the same piece: thrown by the next call, after those chunks went out. */
  private failure: ProviderFailure | null = null;

  /** The chunks completed by this piece of the body. Throws ProviderFailure (see the subclass). */
  feed(piece: Uint8Array | string): ChatChunk[] {
    this.throwIfFailed();
    return this.read(this.sse.feed(piece));
  }

  /** The body ended: the chunks of any last, unterminated event. */
  end(): ChatChunk[] {
    this.throwIfFailed();
    return this.read(this.sse.end());
  }

  /** Throws the failure that followed the chunks last returned, if any. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** True when the stream ended properly: its end event, or at least a finish reason. */
  get complete(): boolean {
    return this.done || this.finished;
  }

  /** Turns `events` into chunks (pushed onto `chunks`), stopping at the end event; throws ProviderFailure for a bad event. */
  protected abstract readInto(events: EventSourceMessage[], chunks: ChatChunk[]): void;

  private read(events: EventSourceMessage[]): ChatChunk[] {
    if (events.length === 0 || this.done) return NO_CHUNKS;
    const chunks: ChatChunk[] = [];
    try {
      this.readInto(events, chunks);
    } catch (error) {
      if (chunks.length === 0 || !(error instanceof ProviderFailure)) throw error;
      this.failure = error;
    }
    return chunks;
  }
}

/**
 * Reads an OpenAI-style `chat.completion.chunk` stream (OpenAI, Groq, OpenRouter, Together,
 * Perplexity, Gemini): each `data:` event is one JSON chunk, `data: [DONE]` ends it. Tool-call
 * fragments are brought to OpenAI's shape (ToolCallFixer). Throws ProviderFailure when an
 * event is not JSON (`stream_interrupted`) or carries OpenRouter's `{error: {code, message}}`
 * (classified by its code).
 */
export class OpenAiStreamReader extends ChunkStreamReader {
  private readonly fixer = new ToolCallFixer();

  protected readInto(events: EventSourceMessage[], chunks: ChatChunk[]): void {
    for (const event of events) {
      const data = event.data;
      if (data === '[DONE]' || data.trim() === '[DONE]') {
        this.done = true;
        break;
      }
      if (data.trim() === '') continue;
      let chunk: ChatChunk;
      try {
        chunk = JSON.parse(data) as ChatChunk;
      } catch {
        throw new ProviderFailure(
          'stream_interrupted',
          'the provider sent an event that is not JSON (the stream was cut?)',
        );
      }
      if (typeof chunk !== 'object' || chunk === null)
        throw new ProviderFailure(
          'stream_interrupted',
          'the provider sent an event that is not a JSON object',
        );
      const streamError = (chunk as { error?: unknown }).error;
      if (streamError && typeof streamError === 'object')
        throw classifyStreamError(streamError as { code?: unknown; message?: unknown });
      const choices = chunk.choices;
      if (choices) {
        let fix = false;
        for (const choice of choices) {
          if (choice.finish_reason) {
            this.finished = true;
            fix = true;
          } else if (choice.delta?.tool_calls) fix = true;
        }
        if (fix) this.fixer.fix(chunk);
      }
      chunks.push(chunk);
    }
  }
}
