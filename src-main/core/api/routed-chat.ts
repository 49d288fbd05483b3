import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChatCompletionBody } from '../../../src-shared/http-api';
import type { RoutedCompletion, RoutedStream } from '../router/router';
import type { Route } from '../router/targets';
import type { ChatCompletion, ChatRequest, Usage } from '../router/types';
import { admissionOf } from './admission';
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
  const { session_id: _session, stream: _stream, auto_run: _autoRun, ...rest } = body;
  const request: Record<string, unknown> = { ...rest, model };
  if (request.temperature == null && ctx.defaults.temperature !== undefined)
    request.temperature = ctx.defaults.temperature;
  if (request.max_tokens == null && ctx.defaults.maxTokens !== undefined)
    request.max_tokens = ctx.defaults.maxTokens;
  return request as ChatRequest;
}

/**
 * Plain routed chat for `<provider>/<model>`: the request goes through the router (keys,
 * cooldowns, RPM window, failover) to that provider. Streamed: each provider chunk is passed
 * through unchanged apart from `id` (one per response) and `model` (the name the caller used),
 * then `data: [DONE]`; with `stream_options.include_usage` a final `choices: []` usage chunk is
 * added when the provider reported usage only in its own field (Groq's `x_groq.usage`). A stream
 * cut after the first chunk ends with an error event, never `[DONE]`. Not streamed: the
 * provider's own `chat.completion` (a non-streamed upstream call), with `id`/`model` replaced and
 * `usage` filled from the provider's own field when needed. Failures before an answer are
 * answered with their HTTP status. A client that goes away cancels the upstream request.
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
  const upstream = upstreamBody(ctx, body, route.model);
  const admission = admissionOf(request);
  if (!body.stream) {
    let routed: RoutedCompletion;
    try {
      routed = await ctx.router.chat(upstream, {
        signal: response.signal,
        route,
        admission,
      });
    } catch (error) {
      return response.fail(classify(error), () => '');
    }
    const completion: ChatCompletion = { ...routed.completion, id: completionId(), model: name };
    if (!completion.usage) {
      completion.usage = routed.usage
        ? usageOf(routed.usage)
        : { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    }
    return response.json(200, completion);
  }
  let routed: RoutedStream;
  try {
    routed = await ctx.router.stream(upstream, {
      signal: response.signal,
      route,
      admission,
    });
  } catch (error) {
    return response.fail(classify(error), () => '');
  }
  try {
    await streamChunks(response, routed, completionId(), name, body.stream_options?.include_usage === true);
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
  for await (const batch of routed.batches) {
    let text = '';
    for (const chunk of batch) {
      chunk.id = id;
      chunk.model = name;
      if (chunk.usage && chunk.choices?.length === 0) sawUsage = true;
      if (typeof chunk.created === 'number') created = chunk.created;
      text += `data: ${JSON.stringify(chunk)}\n\n`;
    }
    response.write(text);
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

function usageOf(usage: Usage): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    total_tokens: usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens,
  };
}
