import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChatCompletionBody } from '../../../src-shared/http-api';
import type { RoutedStream } from '../router/router';
import type { Route } from '../router/targets';
import type { ChatChunk, ChatRequest, Usage } from '../router/types';
import type { ApiContext } from './context';
import { classify } from './http-errors';
import { HandWrittenResponse, sseEvent } from './sse';

/** Random per process; completion ids add a counter to it, so making one costs no random bytes. */
const ID_PREFIX = randomBytes(8).toString('hex');
let idCounter = 0;

/** A unique completion id in OpenAI's form: `chatcmpl-` and 24 hex characters. */
export function completionId(): string {
  idCounter = (idCounter + 1) % 0x100000000;
  return `chatcmpl-${ID_PREFIX}${idCounter.toString(16).padStart(8, '0')}`;
}

/** The provider request for a routed call: the caller's body as sent (unknown fields kept), with the route's model and the defaults for what it left out. */
function upstreamBody(ctx: ApiContext, body: ChatCompletionBody, model: string): ChatRequest {
  const { session_id: _session, stream, ...rest } = body;
  const request: Record<string, unknown> = { ...rest, model };
  if (request.temperature == null && ctx.defaults.temperature !== undefined)
    request.temperature = ctx.defaults.temperature;
  if (request.max_tokens == null && ctx.defaults.maxTokens !== undefined)
    request.max_tokens = ctx.defaults.maxTokens;
  // The router always streams; a non-streamed answer still needs usage from OpenAI-style providers.
  if (!stream) request.stream_options = { include_usage: true };
  return request as ChatRequest;
}

/**
 * Plain routed chat for `<provider>/<model>`: the request goes through the router (keys,
 * cooldowns, RPM window, failover before the first chunk) to that provider. Streamed: each
 * provider chunk is passed through unchanged apart from `id` (one per response) and `model`
 * (the name the caller used), then `data: [DONE]`; with `stream_options.include_usage` a final
 * `choices: []` usage chunk is added when the provider reported usage only in its own field
 * (Groq's `x_groq.usage`). A stream cut after the first chunk ends with an error event, never
 * `[DONE]`. Not streamed: the chunks aggregated into one `chat.completion` with `usage`.
 * Failures before the first chunk are answered with their HTTP status. A client that goes
 * away cancels the upstream request.
 */
export async function routedCompletion(
  ctx: ApiContext,
  request: FastifyRequest,
  reply: FastifyReply,
  body: ChatCompletionBody,
  route: Route & { model: string },
  name: string,
): Promise<void> {
  const response = new HandWrittenResponse(request, reply, ctx.requestLogger);
  let routed: RoutedStream;
  try {
    routed = await ctx.router.stream(upstreamBody(ctx, body, route.model), {
      signal: response.signal,
      route,
    });
  } catch (error) {
    return response.fail(classify(error), () => '');
  }
  const id = completionId();
  try {
    if (body.stream)
      await streamChunks(response, routed, id, name, body.stream_options?.include_usage === true);
    else response.json(200, await aggregate(routed, id, name));
  } catch (error) {
    const data = classify(error);
    if (data.code === 'internal_error')
      ctx.logger.error({ err: error }, 'unexpected error in a routed completion');
    response.fail(data, (errorBody) => sseEvent(null, errorBody));
  }
}

async function streamChunks(
  response: HandWrittenResponse,
  routed: RoutedStream,
  id: string,
  name: string,
  includeUsage: boolean,
): Promise<void> {
  let sawUsage = false;
  let created = 0;
  for await (const chunk of routed.chunks) {
    chunk.id = id;
    chunk.model = name;
    if (chunk.usage && chunk.choices?.length === 0) sawUsage = true;
    if (typeof chunk.created === 'number') created = chunk.created;
    response.write(`data: ${JSON.stringify(chunk)}\n\n`);
  }
  const usage = routed.usage();
  if (includeUsage && !sawUsage && usage) {
    response.write(
      sseEvent(null, {
        id,
        object: 'chat.completion.chunk',
        created: created || Math.floor(Date.now() / 1000),
        model: name,
        choices: [],
        usage: usageOf(usage),
      }),
    );
  }
  response.write('data: [DONE]\n\n');
  response.end();
}

interface ToolCallDelta {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

interface ChoiceState {
  index: number;
  content: string;
  sawContent: boolean;
  toolCalls: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
  finishReason: string | null;
}

/** Collects a routed stream into one OpenAI `chat.completion` (content, tool calls by index, finish reason, usage). */
async function aggregate(routed: RoutedStream, id: string, name: string): Promise<Record<string, unknown>> {
  const choices = new Map<number, ChoiceState>();
  let created = 0;
  let fingerprint: unknown;
  for await (const chunk of routed.chunks) {
    if (typeof chunk.created === 'number') created = chunk.created;
    if (chunk.system_fingerprint !== undefined) fingerprint = chunk.system_fingerprint;
    for (const choice of chunk.choices ?? []) addDelta(choices, choice);
  }
  const usage = routed.usage();
  const answer: Record<string, unknown> = {
    id,
    object: 'chat.completion',
    created: created || Math.floor(Date.now() / 1000),
    model: name,
    choices: [...(choices.size ? choices.values() : [newChoice(0)])]
      .sort((a, b) => a.index - b.index)
      .map((c) => ({
        index: c.index,
        message: {
          role: 'assistant',
          content: c.sawContent || c.toolCalls.length === 0 ? c.content : null,
          ...(c.toolCalls.length ? { tool_calls: c.toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: c.finishReason ?? 'stop',
      })),
    usage: usage ? usageOf(usage) : { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
  if (fingerprint !== undefined) answer.system_fingerprint = fingerprint;
  return answer;
}

function newChoice(index: number): ChoiceState {
  return { index, content: '', sawContent: false, toolCalls: [], finishReason: null };
}

function addDelta(
  choices: Map<number, ChoiceState>,
  choice: NonNullable<ChatChunk['choices']>[number],
): void {
  const index = choice.index ?? 0;
  let state = choices.get(index);
  if (!state) choices.set(index, (state = newChoice(index)));
  const delta = choice.delta;
  if (typeof delta?.content === 'string') {
    state.content += delta.content;
    if (delta.content !== '') state.sawContent = true;
  }
  for (const [position, raw] of (delta?.tool_calls ?? []).entries()) {
    const call = raw as ToolCallDelta;
    // Gemini may leave out `index` on tool-call fragments: fall back to their position.
    const slot = call.index ?? position;
    const existing = (state.toolCalls[slot] ??= {
      id: '',
      type: 'function',
      function: { name: '', arguments: '' },
    });
    if (call.id) existing.id = call.id;
    if (call.type) existing.type = call.type;
    if (call.function?.name) existing.function.name += call.function.name;
    if (call.function?.arguments) existing.function.arguments += call.function.arguments;
  }
  if (choice.finish_reason) state.finishReason = choice.finish_reason;
}

function usageOf(usage: Usage): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    total_tokens: usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens,
  };
}
