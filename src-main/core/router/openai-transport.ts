import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { request, type Dispatcher } from 'undici';
import { classifyResponse, classifyStreamError } from './classify';
import { ProviderFailure, type ChatChunk, type ChatRequest, type Target } from './types';

export interface TransportOptions {
  signal?: AbortSignal;
  /** Longest wait for response headers and then for each chunk, in ms (`llm_timeout_seconds`). */
  timeoutMs: number;
  dispatcher?: Dispatcher;
  now: () => number;
}

const MAX_ERROR_BODY_CHARS = 64 * 1024;
/** After [DONE], how long to wait for the body to end before cutting the connection, in ms. */
const END_GRACE_MS = 1000;

/**
 * POSTs a streaming chat completion to an OpenAI-compatible endpoint and yields each
 * `chat.completion.chunk` exactly as sent. SSE per the spec via eventsource-parser (comments
 * such as `: OPENROUTER PROCESSING` ignored, events split anywhere, any line ending).
 *
 * Throws ProviderFailure: classified HTTP errors before the stream; `timeout` when headers or
 * a chunk do not arrive within `timeoutMs`; `network` for refused/reset connections;
 * `stream_interrupted` when the stream ends without `[DONE]` and without a `finish_reason`, or
 * carries an error event. An aborted `signal` rejects with its AbortError.
 */
export async function* streamChatCompletion(target: Target, body: ChatRequest, options: TransportOptions): AsyncGenerator<ChatChunk> {
  const payload = JSON.stringify({ ...body, model: body.model ?? target.model, stream: true });
  let response: Dispatcher.ResponseData;
  try {
    response = await request(`${target.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: {
        ...target.headers,
        authorization: `Bearer ${target.apiKey}`,
        'content-type': 'application/json',
        accept: 'text/event-stream',
      },
      body: payload,
      signal: options.signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
  } catch (error) {
    throw transportFailure(error, options.signal);
  }

  if (response.statusCode >= 400) {
    const text = await readLimited(response.body, options.signal).catch(() => '');
    throw classifyResponse(response.statusCode, response.headers, text, options.now());
  }

  const contentType = String(response.headers['content-type'] ?? '');
  if (!contentType.includes('text/event-stream')) {
    // Some endpoints answer a stream request with one JSON completion; present it as one chunk.
    const text = await readLimited(response.body, options.signal, Number.POSITIVE_INFINITY).catch((e) => {
      throw transportFailure(e, options.signal);
    });
    yield completionAsChunk(text);
    return;
  }

  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  const decoder = new TextDecoder();
  let done = false;
  let finished = false;
  // Iterated by hand: leaving a `for await` at [DONE] would destroy the body before its last
  // bytes (the chunk terminator) arrive, and undici would then close the connection instead of
  // reusing it (a new TCP/TLS connection per request).
  const reader = response.body[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await reader.next();
      if (next.done) break;
      const piece: unknown = next.value;
      parser.feed(decoder.decode(piece as Buffer, { stream: true }));
      while (pending.length > 0) {
        const event = pending.shift() as EventSourceMessage;
        const data = event.data.trim();
        if (data === '[DONE]') {
          done = true;
          break;
        }
        if (data === '') continue;
        let chunk: ChatChunk;
        try {
          chunk = JSON.parse(data) as ChatChunk;
        } catch {
          throw new ProviderFailure('stream_interrupted', 'the provider sent an event that is not JSON');
        }
        const streamError = (chunk as { error?: { code?: unknown; message?: unknown } }).error;
        if (streamError && typeof streamError === 'object') throw classifyStreamError(streamError);
        if (chunk.choices?.some((c) => c.finish_reason)) finished = true;
        yield chunk;
      }
      if (done) break;
    }
    if (done) await readToEnd(reader, END_GRACE_MS);
  } catch (error) {
    if (error instanceof ProviderFailure) throw error;
    throw transportFailure(error, options.signal, true);
  } finally {
    if (!response.body.destroyed) response.body.destroy();
  }
  if (!done && !finished) {
    throw new ProviderFailure('stream_interrupted', 'the stream ended without [DONE] or a finish_reason');
  }
}

/**
 * Reads what is left of a finished response (normally just the end of the chunked body) so the
 * connection can be reused; gives up quietly after `graceMs` (the caller then destroys the body).
 */
async function readToEnd(reader: AsyncIterator<unknown>, graceMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), graceMs);
  });
  try {
    for (;;) {
      const next = reader.next();
      next.catch(() => undefined);
      const result = await Promise.race([next, expired]);
      if (result === 'expired' || result.done) return;
    }
  } catch {
    // The answer is complete; a late error on its connection does not matter.
  } finally {
    clearTimeout(timer);
  }
}

function transportFailure(error: unknown, signal: AbortSignal | undefined, midStream = false): unknown {
  if (signal?.aborted) return signal.reason ?? error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new ProviderFailure('timeout', midStream ? 'the stream stalled (no chunk within the timeout)' : 'no response within the timeout');
  }
  if (midStream) return new ProviderFailure('stream_interrupted', `the connection broke mid-stream (${code || message})`);
  return new ProviderFailure('network', `could not reach the provider (${code || message})`);
}

async function readLimited(body: Dispatcher.ResponseData['body'], signal?: AbortSignal, limit = MAX_ERROR_BODY_CHARS): Promise<string> {
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
  return text;
}

function completionAsChunk(text: string): ChatChunk {
  let json: { id?: string; model?: string; choices?: Array<{ index?: number; message?: { role?: string; content?: string | null }; finish_reason?: string | null }>; usage?: ChatChunk['usage'] };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    throw new ProviderFailure('stream_interrupted', 'the provider answered with something that is neither SSE nor JSON');
  }
  const chunk: ChatChunk = {
    choices: (json.choices ?? []).map((c) => ({ index: c.index ?? 0, delta: { role: c.message?.role ?? 'assistant', content: c.message?.content ?? '' }, finish_reason: c.finish_reason ?? 'stop' })),
  };
  if (json.id !== undefined) chunk.id = json.id;
  if (json.model !== undefined) chunk.model = json.model;
  if (json.usage) chunk.usage = json.usage;
  return chunk;
}
