import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorData } from '../../../src-shared/errors';
import { errorBody, httpStatusOf } from './http-errors';
import type { RequestLogger } from './server-log';

/**
 * A response written by hand (Fastify's reply hijacked): an SSE stream whose headers are sent
 * only when the first event is written — so a request that fails before producing anything can
 * still be answered with a proper HTTP error status and JSON body — or one JSON answer.
 *
 * `signal` aborts when the client goes away before the response finished (what cancels the
 * run, a pending approval and the upstream request).
 */
export class HandWrittenResponse {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private committed = false;
  /** Text written this tick, not yet handed to the socket (null when none is waiting). */
  private pending: string | null = null;
  private logged = false;
  private status = 200;

  constructor(
    private readonly request: FastifyRequest,
    private readonly reply: FastifyReply,
    private readonly logRequest: RequestLogger,
    private readonly headers: Record<string, string> = {},
  ) {
    this.signal = this.controller.signal;
    reply.hijack();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) this.controller.abort();
    });
  }

  /** True once SSE headers went out. */
  get streaming(): boolean {
    return this.committed;
  }

  /**
   * Writes SSE text (`event: …\ndata: …\n\n`), sending the headers first if needed. Events
   * written in the same tick (the chunks of one upstream read) are joined and leave as one
   * chunk of the body, once the tick's work is done: one chunked-encoding frame and one socket
   * write instead of one of each per event, for us and for the client that parses them.
   */
  write(text: string): void {
    const raw = this.reply.raw;
    if (this.gone) return;
    if (!this.committed) {
      this.committed = true;
      raw.writeHead(200, {
        ...this.headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
    }
    if (this.pending === null) {
      this.pending = text;
      process.nextTick(() => this.flush());
    } else this.pending += text;
  }

  /** Ends the stream (sending headers if nothing was written). */
  end(): void {
    if (!this.committed) this.write('');
    this.finish();
  }

  /** Answers one JSON body with `status` (only before any SSE was written). */
  json(status: number, body: unknown): void {
    if (this.committed || this.gone) return this.finish();
    const text = JSON.stringify(body);
    this.status = status;
    this.reply.raw.writeHead(status, {
      ...this.headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
    });
    this.reply.raw.end(text);
    this.log();
  }

  /** Answers an error as JSON with its status (before streaming), or as `onStreaming(errorBody)` text once streaming. */
  fail(error: ErrorData, onStreaming: (body: ReturnType<typeof errorBody>) => string): void {
    const body = errorBody(error);
    if (this.committed) {
      this.write(onStreaming(body));
      this.finish();
      return;
    }
    if (error.retryAfterMs !== undefined && body.error.retry_after !== undefined)
      this.headers['retry-after'] = String(body.error.retry_after);
    this.json(httpStatusOf(error.code), body);
  }

  /** Hands the tick's text to the socket (a no-op when `finish` sent it already). */
  private flush(): void {
    const text = this.pending;
    this.pending = null;
    if (text !== null && text !== '' && !this.gone) this.reply.raw.write(text);
  }

  /** True once the response ended or its client went away: nothing more is written. */
  private get gone(): boolean {
    return this.reply.raw.writableEnded || this.reply.raw.destroyed;
  }

  private finish(): void {
    if (this.gone) {
      // 499 (nginx's "client closed request") in the log when the client left before the end.
      if (!this.reply.raw.writableEnded) this.status = 499;
      if (!this.logged) this.log();
      return;
    }
    // The tick's events and the body's end leave in one write.
    const text = this.pending;
    this.pending = null;
    if (text) this.reply.raw.end(text);
    else this.reply.raw.end();
    this.log();
  }

  private log(): void {
    this.logged = true;
    this.logRequest(this.request, this.status, this.reply.elapsedTime);
  }
}

/** An SSE event: `event: <name>` (omitted for OpenAI's unnamed events) and one `data:` line of JSON. */
export function sseEvent(name: string | null, data: unknown): string {
  return `${name ? `event: ${name}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
}
