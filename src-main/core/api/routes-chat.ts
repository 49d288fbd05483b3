import type { FastifyInstance } from 'fastify';
import {
  nativeChatBodySchema,
  type NativeChatBody,
  type NativeChatResponse,
} from '../../../src-shared/http-api';
import type { TurnOptions } from '../agent/agent-service';
import { runAgentTurn } from './agent-turn';
import { parseBody, type ApiContext } from './context';
import { classify } from './http-errors';
import { parseModel } from './models';
import { toLmcOutput } from './routes-sessions';
import { HandWrittenResponse, sseEvent } from './sse';
import type { LmcChunk } from './turn-watch';

/** The turn options a native request's `config.llm` asks for (model → agent or route; parameters). */
function turnOptions(ctx: ApiContext, body: NativeChatBody): Omit<TurnOptions, 'origin'> {
  const llm = body.config?.llm;
  const options: Omit<TurnOptions, 'origin'> = {};
  if (llm?.model) {
    const choice = parseModel(llm.model, ctx.settings());
    if (choice.kind === 'agent') options.backend = choice.backend;
    else options.route = choice.route;
  }
  const temperature = llm?.temperature ?? ctx.defaults.temperature;
  const maxTokens = llm?.max_tokens ?? ctx.defaults.maxTokens;
  if (temperature !== undefined || maxTokens !== undefined) {
    options.params = {
      ...(temperature === undefined ? {} : { temperature }),
      ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
    };
  }
  return options;
}

/**
 * `POST /v1/chat`, the native API (the seed's): LMC messages in — all but the last are
 * appended to the session as history, the last (a user message) starts the turn. Without
 * `stream`: `{message, messages, session_id}` once the turn is over. With `stream: true`: SSE
 * `event: message` per LMC chunk (start / content / end; a `confirmation` chunk while a block
 * waits for approval in the window), `event: reasoning` with `{role: 'assistant', content}` for
 * each piece of the model's reasoning as it streams (kept apart so a client that joins message
 * contents never mixes it into the answer; the non-streamed messages carry it as `reasoning`),
 * then `event: done` with `{session_id}`, or `event: error`
 * with `{error, session_id}` when the turn failed. A turn that fails before producing anything
 * is answered with its HTTP error status instead.
 */
export function registerChatRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post('/v1/chat', async (request, reply) => {
    const body = parseBody(nativeChatBodySchema, request.body, 'invalid_message');
    const last = body.messages[body.messages.length - 1];
    const options = turnOptions(ctx, body);
    const response = new HandWrittenResponse(request, reply, ctx.requestLogger);
    const stream = body.stream === true;
    let sessionId: string | undefined = body.session_id;
    // Chunks are held until the assistant (or a confirmation) speaks, so an early failure keeps its HTTP status.
    const held: LmcChunk[] = [];
    const emit = (chunk: LmcChunk) => {
      if (!stream) return;
      if (!response.streaming && chunk.role !== 'assistant' && chunk.type !== 'confirmation') {
        held.push(chunk);
        return;
      }
      for (const early of held.splice(0)) response.write(sseEvent('message', early));
      response.write(sseEvent('message', chunk));
    };
    // Reasoning is the assistant speaking: it opens the stream like an assistant chunk does.
    const emitReasoning = (text: string) => {
      if (!stream) return;
      for (const early of held.splice(0)) response.write(sseEvent('message', early));
      response.write(sseEvent('reasoning', { role: 'assistant', content: text }));
    };
    try {
      if (!last || last.role !== 'user' || last.type !== 'message') {
        return response.fail(
          {
            code: 'invalid_message',
            message: 'The last message must be {"role": "user", "type": "message", "content": …}.',
          },
          () => '',
        );
      }
      const result = await runAgentTurn(
        ctx,
        reply,
        {
          sessionId: body.session_id,
          history: body.messages.slice(0, -1).map((m) => ({
            role: m.role,
            type: m.type,
            content: m.content,
            ...(m.format ? { format: m.format } : {}),
          })),
          text: last.content,
          options,
        },
        {
          signal: response.signal,
          onSession: (id) => (sessionId = id),
          onChunk: emit,
          onReasoning: emitReasoning,
        },
      );
      if (result.error) {
        return response.fail(result.error, (error) =>
          sseEvent('error', { ...error, session_id: result.sessionId }),
        );
      }
      if (!stream) {
        const lastText = [...result.messages]
          .reverse()
          .find((m) => m.role === 'assistant' && m.type === 'message');
        const answer: NativeChatResponse = {
          message: lastText?.content ?? '',
          messages: result.messages.map(toLmcOutput),
          session_id: result.sessionId,
        };
        return response.json(200, answer);
      }
      for (const early of held.splice(0)) response.write(sseEvent('message', early));
      response.write(sseEvent('done', { session_id: result.sessionId }));
      response.end();
    } catch (error) {
      const data = classify(error);
      if (data.code === 'internal_error') ctx.logger.error({ err: error }, 'unexpected error in /v1/chat');
      response.fail(data, (body) =>
        sseEvent('error', { ...body, ...(sessionId ? { session_id: sessionId } : {}) }),
      );
    }
  });
}
