import { request, type Dispatcher } from 'undici';
import { redactSecrets, secretsOfRequest } from '../secrets/redact';
import { classifyResponse } from './classify';
import type { ChunkStreamReader } from './sse';
import { ProviderFailure, type ChatChunk, type TransportOptions } from './types';

/** The most of an error body we read, in chars (a provider's HTML error page can be large). */
const MAX_ERROR_BODY_CHARS = 64 * 1024;
/** The most of a non-streamed answer we read, in chars. */
const MAX_BODY_CHARS = 32 * 1024 * 1024;

/**
 * Sends one request to a provider with undici (no retries of its own: the router is the only
 * retry loop) and returns the response when its status is below 400. `timeoutMs` bounds the
 * wait for the headers and every silence in the body.
 *
 * Throws ProviderFailure: the classified error of a 4xx/5xx answer (classify.ts); `timeout`
 * when no headers arrive in time; `network` when the connection is refused or reset. An
 * aborted `signal` rejects with the signal's reason.
 */
export async function send(
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string>,
  body: string | null,
  options: TransportOptions,
): Promise<Dispatcher.ResponseData> {
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      method,
      headers,
      body,
      signal: options.signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
  } catch (error) {
    throw transportFailure(error, options.signal);
  }
  if (response.statusCode >= 400) {
    const text = await readText(response.body, options.signal, MAX_ERROR_BODY_CHARS).catch(() => '');
    const failure = classifyResponse(response.statusCode, response.headers, text, options.now());
    // Keys without a recognisable shape are masked by value: the ones this request carried.
    failure.message = redactSecrets(failure.message, secretsOfRequest(headers, url));
    throw failure;
  }
  return response;
}

/** Reads a whole (non-streamed) answer as JSON. Throws ProviderFailure `server_error` when it is not JSON, or a transport failure. */
export async function readJson(
  response: Dispatcher.ResponseData,
  options: TransportOptions,
): Promise<unknown> {
  let text: string;
  try {
    // A declared length within the cap is read in one go (undici's own reader, no async
    // iteration per piece: this is every non-streamed call's path); else piece by piece, capped.
    const length = Number(response.headers['content-length'] ?? Number.NaN);
    text =
      length <= MAX_BODY_CHARS
        ? await response.body.text()
        : await readText(response.body, options.signal, MAX_BODY_CHARS);
  } catch (error) {
    throw transportFailure(error, options.signal, true);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderFailure(
      'server_error',
      `the provider answered ${response.statusCode} with something that is not JSON`,
      response.statusCode,
    );
  }
}

/**
 * Turns an undici/socket error into a ProviderFailure: timeouts (`UND_ERR_HEADERS_TIMEOUT`,
 * `UND_ERR_BODY_TIMEOUT`) → `timeout`; anything else → `network` before the answer started,
 * `stream_interrupted` after (`midStream`). When `signal` aborted, returns its reason instead.
 */
export function transportFailure(
  error: unknown,
  signal: AbortSignal | undefined,
  midStream = false,
): unknown {
  if (signal?.aborted) return signal.reason ?? error;
  if (error instanceof ProviderFailure) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new ProviderFailure(
      'timeout',
      midStream
        ? 'the stream stalled: no data within the timeout (llm_timeout_seconds)'
        : 'no response within the timeout (llm_timeout_seconds)',
    );
  }
  if (midStream)
    return new ProviderFailure('stream_interrupted', `the connection broke mid-answer (${code || message})`);
  return new ProviderFailure('network', `could not reach the provider (${code || message})`);
}

/** Reads a body as text, up to `limit` chars (then stops reading and closes it). */
export async function readText(
  body: Dispatcher.ResponseData['body'],
  signal: AbortSignal | undefined,
  limit: number,
): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const piece of body) {
    if (signal?.aborted) break;
    text += decoder.decode(piece as Buffer, { stream: true });
    if (text.length > limit) {
      body.destroy();
      break;
    }
  }
  return text + decoder.decode();
}

/**
 * Closes a response body we stopped reading (iterate it with `iterator({destroyOnReturn:
 * false})` so leaving the loop does not destroy it). After a proper end (`[DONE]`,
 * `message_stop`) the rest is drained so the keep-alive connection is reused (destroying it
 * costs a new TCP connection per call); otherwise (an error, the caller stopped) it is
 * destroyed, which also stops the provider generating.
 */
export function closeBody(body: Dispatcher.ResponseData['body'], ended: boolean): void {
  if (body.destroyed || body.readableEnded) return;
  if (ended) {
    body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    return;
  }
  // Destroying emits the abort as an 'error'; nobody else listens any more.
  body.on('error', () => undefined);
  body.destroy();
}

/** True when the response is an SSE stream. */
export function isEventStream(response: Dispatcher.ResponseData): boolean {
  return String(response.headers['content-type'] ?? '').includes('text/event-stream');
}

/**
 * Yields the chunks `reader` makes of a streamed response body, a batch per piece of the body
 * that completed any (as the pieces arrive), and stops
 * at the reader's end event (the rest of the body is then drained so the connection is reused).
 * Throws ProviderFailure: the reader's own; `stream_interrupted` when the connection breaks;
 * `timeout` when the body stalls; `stream_interrupted` with `incomplete` when the body ends
 * without the end event or a finish reason (a cut stream is never a clean end).
 */
export async function* readChunks(
  response: Dispatcher.ResponseData,
  reader: ChunkStreamReader,
  signal: AbortSignal | undefined,
  incomplete: string,
): AsyncGenerator<ChatChunk[]> {
  try {
    for await (const piece of response.body.iterator({ destroyOnReturn: false })) {
      const chunks = reader.feed(piece as Buffer);
      if (chunks.length > 0) yield chunks;
      if (reader.done) return;
      reader.throwIfFailed();
    }
    const last = reader.end();
    if (last.length > 0) yield last;
  } catch (error) {
    throw transportFailure(error, signal, true);
  } finally {
    closeBody(response.body, reader.done);
  }
  if (!reader.complete) throw new ProviderFailure('stream_interrupted', incomplete);
}
