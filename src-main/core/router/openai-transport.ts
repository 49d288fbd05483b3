import { classifyStreamError } from './classify';
import { isEventStream, readChunks, readJson, send } from './http';
import { OpenAiStreamReader } from './sse';
import { fixCompletionToolCalls } from './tool-calls';
import {
  ProviderFailure,
  ROUTER_ONLY,
  type ChatChunk,
  type ChatCompletion,
  type ChatRequest,
  type Target,
  type Transport,
  type TransportOptions,
} from './types';

function headersFor(target: Target, accept: string): Record<string, string> {
  return {
    ...target.headers,
    authorization: `Bearer ${target.apiKey}`,
    'content-type': 'application/json',
    accept,
  };
}

/** True when the router adds `stream_options.include_usage` to a streamed request the caller sent without it. */
function addsUsage(target: Target, body: ChatRequest, stream: boolean): boolean {
  return stream && target.includeUsage === true && body.stream_options === undefined;
}

function payloadFor(target: Target, body: ChatRequest, stream: boolean): string {
  const payload: ChatRequest = { ...body, model: body.model ?? target.model, stream };
  // OpenAI sends usage on a stream only when asked (a last chunk with `choices: []`); the
  // router wants it for the call log even when the caller did not ask.
  if (addsUsage(target, body, stream)) payload.stream_options = { include_usage: true };
  return JSON.stringify(payload);
}

/** The batches of `source`, with the usage-only chunk marked ROUTER_ONLY when the router asked for it. */
async function* markRouterUsage(source: AsyncGenerator<ChatChunk[]>): AsyncGenerator<ChatChunk[]> {
  for await (const batch of source) {
    for (const chunk of batch)
      if (chunk.usage && Array.isArray(chunk.choices) && chunk.choices.length === 0)
        chunk[ROUTER_ONLY] = true;
    yield batch;
  }
}

/**
 * POSTs a streaming chat completion to an OpenAI-compatible endpoint and yields each
 * `chat.completion.chunk` as sent (tool-call fragments fixed up to OpenAI's shape), in batches
 * (Transport). SSE per the spec (sse.ts); an answer that is one JSON completion instead of SSE
 * is yielded as one chunk. When the router asked for usage the caller did not (`includeUsage` targets), the
 * `choices: []` usage chunk is marked ROUTER_ONLY.
 *
 * Throws ProviderFailure: classified HTTP errors; `timeout` when headers or a chunk do not
 * arrive within `timeoutMs`; `network` for refused/reset connections; `stream_interrupted`
 * when the stream ends without `[DONE]` and without a `finish_reason`; the classified kind of
 * an error event in the stream. An aborted `signal` rejects with its reason.
 */
export async function* streamChatCompletion(
  target: Target,
  body: ChatRequest,
  options: TransportOptions,
): AsyncGenerator<ChatChunk[]> {
  const response = await send(
    'POST',
    `${target.baseUrl}/chat/completions`,
    headersFor(target, 'text/event-stream'),
    payloadFor(target, body, true),
    options,
  );
  if (!isEventStream(response)) {
    // Some endpoints answer a stream request with one JSON completion; present it as one chunk.
    yield [completionAsChunk(asCompletion(await readJson(response, options)))];
    return;
  }
  const chunks = readChunks(
    response,
    new OpenAiStreamReader(),
    options.signal,
    'the stream ended without [DONE] or a finish_reason',
  );
  yield* addsUsage(target, body, true) ? markRouterUsage(chunks) : chunks;
}

/**
 * POSTs a non-streamed chat completion and returns the provider's `chat.completion` (tool
 * calls fixed up). Throws like streamChatCompletion; `server_error` when the answer is not a
 * completion.
 */
export async function completeChat(
  target: Target,
  body: ChatRequest,
  options: TransportOptions,
): Promise<ChatCompletion> {
  const response = await send(
    'POST',
    `${target.baseUrl}/chat/completions`,
    headersFor(target, 'application/json'),
    payloadFor(target, body, false),
    options,
  );
  return fixCompletionToolCalls(asCompletion(await readJson(response, options)));
}

/** The OpenAI-compatible wire protocol. */
export const openAiTransport: Transport = { stream: streamChatCompletion, complete: completeChat };

/** The completion in an answer; an answer that is an error object (some proxies send `{error}` with 200) throws it, classified. */
function asCompletion(json: unknown): ChatCompletion {
  const error = (json as { error?: unknown } | null)?.error;
  if (error && typeof error === 'object' && !Array.isArray((json as { choices?: unknown }).choices)) {
    throw classifyStreamError(error as { code?: unknown; message?: unknown });
  }
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { choices?: unknown }).choices)) {
    throw new ProviderFailure(
      'server_error',
      'the provider answered with JSON that is not a chat completion',
    );
  }
  return json as ChatCompletion;
}

function completionAsChunk(completion: ChatCompletion): ChatChunk {
  const chunk: ChatChunk = {
    object: 'chat.completion.chunk',
    choices: completion.choices.map((c) => {
      const delta: NonNullable<NonNullable<ChatChunk['choices']>[number]['delta']> = {
        ...c.message,
        role: c.message?.role ?? 'assistant',
        content: c.message?.content ?? '',
      };
      // Streamed tool calls carry their position as `index`.
      if (c.message?.tool_calls)
        delta.tool_calls = c.message.tool_calls.map((call, index) => ({ index, ...call }));
      return { index: c.index ?? 0, delta, finish_reason: c.finish_reason ?? 'stop' };
    }),
  };
  if (completion.id !== undefined) chunk.id = completion.id;
  if (completion.model !== undefined) chunk.model = completion.model;
  if (completion.usage) chunk.usage = completion.usage;
  return chunk;
}
