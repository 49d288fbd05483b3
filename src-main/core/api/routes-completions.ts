import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  chatCompletionBodySchema,
  type ChatCompletionBody,
  type OpenAiMessage,
} from '../../../src-shared/http-api';
import type { AGENT_BACKENDS } from '../../../src-shared/settings';
import type { NewMessage } from '../sessions/session-store';
import { runAgentTurn } from './agent-turn';
import { parseBody, type ApiContext } from './context';
import { classify } from './http-errors';
import { parseModel } from './models';
import { completionId, routedCompletion } from './routed-chat';
import { HandWrittenResponse, sseEvent } from './sse';
import { renderMessagesText, sumUsage, TurnTextRenderer } from './turn-watch';

/** The text of an OpenAI message: a string, or its text parts joined. */
function textOf(message: OpenAiMessage): string {
  if (typeof message.content === 'string') return message.content;
  if (Array.isArray(message.content))
    return message.content
      .map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
      .join('');
  return '';
}

/** Earlier OpenAI messages as session history: user and assistant text (system, developer and tool messages are not kept). */
function historyOf(messages: OpenAiMessage[]): Array<Omit<NewMessage, 'sessionId'>> {
  const history: Array<Omit<NewMessage, 'sessionId'>> = [];
  for (const m of messages) {
    const text = textOf(m);
    if (text === '' || (m.role !== 'user' && m.role !== 'assistant')) continue;
    history.push({ role: m.role, type: 'message', content: text });
  }
  return history;
}

/**
 * `POST /v1/chat/completions`, OpenAI's shape, for the official clients unchanged. `model`
 * picks the agent (`switchboard/open-interpreter`, `switchboard/chat`) or plain routed chat
 * (`<provider>/<model>`, see routed-chat.ts).
 *
 * Agents: the last message (a user message) starts a turn. Without `session_id` a new API
 * session is created and the earlier user/assistant messages become its history; with it, the
 * session's own history is used and earlier messages are ignored. The reply's content is the
 * turn as text (prose, code and output as fenced blocks); `usage` sums the turn's provider
 * usage; the model's reasoning comes as `reasoning_content` (on deltas when streamed, on the
 * message when not), as DeepSeek and LiteLLM send it. The session id is answered in
 * `session_id` and the `X-Session-Id` header. `tools` are accepted and not used (the agent has
 * its own). `auto_run` is refused (400), as on `/v1/chat`.
 */
export function registerCompletionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post('/v1/chat/completions', async (request, reply) => {
    const body = parseBody(chatCompletionBodySchema, request.body);
    const choice = parseModel(body.model, ctx.settings());
    if (choice.kind === 'routed')
      return routedCompletion(ctx, request, reply, body, choice.route, choice.name);
    return agentCompletion(ctx, request, reply, body, choice.backend, choice.name);
  });
}

async function agentCompletion(
  ctx: ApiContext,
  request: FastifyRequest,
  reply: FastifyReply,
  body: ChatCompletionBody,
  backend: (typeof AGENT_BACKENDS)[number],
  name: string,
): Promise<void> {
  const last = body.messages[body.messages.length - 1];
  const headers: Record<string, string> = {};
  const response = new HandWrittenResponse(request, reply, ctx.requestLogger, headers);
  const id = completionId();
  const created = Math.floor(ctx.clock.now() / 1000);
  const stream = body.stream === true;
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    sseEvent(null, {
      id,
      object: 'chat.completion.chunk',
      created,
      model: name,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
  const renderer = new TurnTextRenderer();
  // Text before the assistant's first words (a notice) is held, so an early failure keeps its HTTP status.
  let held = '';
  const flush = () => {
    if (!response.streaming) response.write(chunk({ role: 'assistant', content: '' }, null));
    if (held !== '') response.write(chunk({ content: held }, null));
    held = '';
  };
  const temperature = body.temperature ?? ctx.defaults.temperature;
  const maxTokens = body.max_tokens ?? ctx.defaults.maxTokens;
  try {
    if (!last || last.role !== 'user') {
      return response.fail(
        { code: 'invalid_message', message: 'The last message must be a user message.' },
        () => '',
      );
    }
    const result = await runAgentTurn(
      ctx,
      reply,
      {
        sessionId: body.session_id,
        history: body.session_id === undefined ? historyOf(body.messages.slice(0, -1)) : [],
        text: textOf(last),
        options: {
          backend,
          ...(temperature != null || maxTokens != null
            ? {
                params: {
                  ...(temperature != null ? { temperature } : {}),
                  ...(maxTokens != null ? { max_tokens: maxTokens } : {}),
                },
              }
            : {}),
        },
      },
      {
        signal: response.signal,
        onSession: (sessionId) => (headers['x-session-id'] = sessionId),
        onChunk: (lmc) => {
          if (!stream || lmc.role === 'user') return;
          const text = renderer.feed(lmc);
          if (text === '') return;
          if (!response.streaming && lmc.role !== 'assistant') {
            held += text;
            return;
          }
          flush();
          response.write(chunk({ content: text }, null));
        },
        onReasoning: (text) => {
          if (!stream) return;
          flush();
          response.write(chunk({ reasoning_content: text }, null));
        },
      },
    );
    if (result.error)
      return response.fail(result.error, (error) =>
        sseEvent(null, { error: { ...error.error, session_id: result.sessionId } }),
      );
    const usage = sumUsage(result.messages);
    if (stream) {
      flush();
      response.write(chunk({}, 'stop'));
      if (body.stream_options?.include_usage)
        response.write(
          sseEvent(null, { id, object: 'chat.completion.chunk', created, model: name, choices: [], usage }),
        );
      response.write('data: [DONE]\n\n');
      return response.end();
    }
    const reasoning = result.messages
      .map((m) => (m.role === 'assistant' ? (m.meta.reasoning ?? '') : ''))
      .filter((text) => text !== '')
      .join('\n\n');
    response.json(200, {
      id,
      object: 'chat.completion',
      created,
      model: name,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: renderMessagesText(result.messages),
            ...(reasoning !== '' ? { reasoning_content: reasoning } : {}),
          },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage,
      session_id: result.sessionId,
    });
  } catch (error) {
    const data = classify(error);
    if (data.code === 'internal_error')
      ctx.logger.error({ err: error }, 'unexpected error in /v1/chat/completions');
    response.fail(data, (errorBody) => sseEvent(null, errorBody));
  }
}
