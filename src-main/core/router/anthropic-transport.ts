import { toAnthropicRequest } from './anthropic-request';
import { AnthropicStreamReader, toCompletion } from './anthropic-response';
import { readChunks, readJson, send } from './http';
import type { ChatChunk, ChatCompletion, ChatRequest, Target, Transport, TransportOptions } from './types';

export { AnthropicStreamReader, toCompletion } from './anthropic-response';

/** The Messages API version we speak (sent as `anthropic-version`). */
export const ANTHROPIC_VERSION = '2023-06-01';

/** Headers of every Anthropic call: `x-api-key`, `anthropic-version`, then the target's own (e.g. `anthropic-beta`). */
export function anthropicHeaders(target: Target, accept = 'application/json'): Record<string, string> {
  return {
    'x-api-key': target.apiKey,
    'anthropic-version': ANTHROPIC_VERSION,
    'content-type': 'application/json',
    accept,
    ...target.headers,
  };
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});

async function* streamMessages(
  target: Target,
  body: ChatRequest,
  options: TransportOptions,
): AsyncGenerator<ChatChunk[]> {
  const model = body.model ?? target.model;
  const payload = JSON.stringify(toAnthropicRequest(body, model, true));
  const response = await send(
    'POST',
    `${target.baseUrl}/messages`,
    anthropicHeaders(target, 'text/event-stream'),
    payload,
    options,
  );
  yield* readChunks(
    response,
    new AnthropicStreamReader(model),
    options.signal,
    'the stream ended without message_stop or a stop_reason',
  );
}

async function completeMessages(
  target: Target,
  body: ChatRequest,
  options: TransportOptions,
): Promise<ChatCompletion> {
  const model = body.model ?? target.model;
  const response = await send(
    'POST',
    `${target.baseUrl}/messages`,
    anthropicHeaders(target),
    JSON.stringify(toAnthropicRequest(body, model, false)),
    options,
  );
  return toCompletion(obj(await readJson(response, options)), model);
}

/** The Anthropic Messages API, presented as chat completions. */
export const anthropicTransport: Transport = { stream: streamMessages, complete: completeMessages };
