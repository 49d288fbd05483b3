import type { EventSourceMessage } from 'eventsource-parser';
import { toAnthropicRequest } from './anthropic-request';
import { classifyStreamError } from './classify';
import { readChunks, readJson, send } from './http';
import { ChunkStreamReader } from './sse';
import {
  ProviderFailure,
  type ChatChunk,
  type ChatCompletion,
  type ChatRequest,
  type Target,
  type ToolCallDelta,
  type Transport,
  type TransportOptions,
  type Usage,
} from './types';

/** The Messages API version we speak (sent as `anthropic-version`). */
export const ANTHROPIC_VERSION = '2023-06-01';

/** Anthropic `stop_reason` → OpenAI `finish_reason`. */
const FINISH: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
  pause_turn: 'stop',
};

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
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/**
 * Turns an Anthropic Messages stream into OpenAI `chat.completion.chunk`s: `message_start` →
 * a role chunk; `text_delta` → content; a `tool_use` block → a tool call (`index`, `id`,
 * `function.name`) and its `input_json_delta`s → argument fragments; `message_delta` → the
 * finish chunk (`finish_reason` mapped, `usage` in OpenAI's words); `message_stop` ends it;
 * `ping` and thinking blocks are skipped. An `error` event throws its classified
 * ProviderFailure (`overloaded_error` → server error, …). Pure, like OpenAiStreamReader.
 */
export class AnthropicStreamReader extends ChunkStreamReader {
  private id = '';
  private model = '';
  private readonly created = Math.floor(Date.now() / 1000);
  private inputTokens = 0;
  /** Content-block index → tool-call index. */
  private readonly tools = new Map<number, number>();

  constructor(private readonly fallbackModel: string) {
    super();
  }

  protected readInto(events: EventSourceMessage[], chunks: ChatChunk[]): void {
    for (const event of events) {
      if (this.done) break;
      let data: Json;
      try {
        data = obj(JSON.parse(event.data));
      } catch {
        throw new ProviderFailure(
          'stream_interrupted',
          'Anthropic sent an event that is not JSON (the stream was cut?)',
        );
      }
      const chunk = this.translate(event.event ?? String(data.type ?? ''), data);
      if (chunk) chunks.push(chunk);
    }
  }

  private translate(type: string, data: Json): ChatChunk | null {
    switch (type) {
      case 'message_start': {
        const message = obj(data.message);
        this.id = String(message.id ?? '');
        this.model = String(message.model ?? this.fallbackModel);
        this.inputTokens =
          num(obj(message.usage).input_tokens) +
          num(obj(message.usage).cache_read_input_tokens) +
          num(obj(message.usage).cache_creation_input_tokens);
        return this.chunk({ role: 'assistant', content: '' });
      }
      case 'content_block_start': {
        const block = obj(data.content_block);
        if (block.type === 'text' && typeof block.text === 'string' && block.text !== '')
          return this.chunk({ content: block.text });
        if (block.type !== 'tool_use') return null;
        const index = this.tools.size;
        this.tools.set(num(data.index), index);
        const call: ToolCallDelta = {
          index,
          id: String(block.id ?? ''),
          type: 'function',
          function: { name: String(block.name ?? ''), arguments: '' },
        };
        return this.chunk({ tool_calls: [call] });
      }
      case 'content_block_delta': {
        const delta = obj(data.delta);
        if (delta.type === 'text_delta') return this.chunk({ content: String(delta.text ?? '') });
        if (delta.type === 'input_json_delta') {
          const index = this.tools.get(num(data.index));
          if (index === undefined) return null;
          return this.chunk({
            tool_calls: [{ index, function: { arguments: String(delta.partial_json ?? '') } }],
          });
        }
        return null;
      }
      case 'message_delta': {
        const reason = obj(data.delta).stop_reason;
        const outputTokens = num(obj(data.usage).output_tokens);
        const usage: Usage = {
          prompt_tokens: this.inputTokens,
          completion_tokens: outputTokens,
          total_tokens: this.inputTokens + outputTokens,
        };
        if (typeof reason === 'string') this.finished = true;
        const chunk = this.chunk({}, typeof reason === 'string' ? (FINISH[reason] ?? 'stop') : null);
        chunk.usage = usage;
        return chunk;
      }
      case 'message_stop':
        this.done = true;
        return null;
      case 'error':
        throw classifyStreamError(obj(data.error));
      default:
        return null; // ping, content_block_stop, thinking deltas
    }
  }

  private chunk(
    delta: NonNullable<NonNullable<ChatChunk['choices']>[number]['delta']>,
    finishReason: string | null = null,
  ): ChatChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model || this.fallbackModel,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    };
  }
}

async function* streamMessages(
  target: Target,
  body: ChatRequest,
  options: TransportOptions,
): AsyncGenerator<ChatChunk> {
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

/** An Anthropic `message` as an OpenAI `chat.completion`: text joined, `tool_use` blocks → `tool_calls`. */
export function toCompletion(message: Json, fallbackModel: string): ChatCompletion {
  if (!Array.isArray(message.content))
    throw new ProviderFailure('server_error', 'Anthropic answered with JSON that is not a message');
  let text = '';
  const calls: ToolCallDelta[] = [];
  for (const block of message.content as Json[]) {
    if (block?.type === 'text') text += String(block.text ?? '');
    if (block?.type === 'tool_use')
      calls.push({
        id: String(block.id ?? ''),
        type: 'function',
        function: { name: String(block.name ?? ''), arguments: JSON.stringify(block.input ?? {}) },
      });
  }
  const usage = obj(message.usage);
  const promptTokens =
    num(usage.input_tokens) + num(usage.cache_read_input_tokens) + num(usage.cache_creation_input_tokens);
  const reason = typeof message.stop_reason === 'string' ? (FINISH[message.stop_reason] ?? 'stop') : 'stop';
  return {
    id: String(message.id ?? ''),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: String(message.model ?? fallbackModel),
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, ...(calls.length > 0 ? { tool_calls: calls } : {}) },
        finish_reason: reason,
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: num(usage.output_tokens),
      total_tokens: promptTokens + num(usage.output_tokens),
    },
  };
}

/** The Anthropic Messages API, presented as chat completions. */
export const anthropicTransport: Transport = { stream: streamMessages, complete: completeMessages };
