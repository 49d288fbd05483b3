import type { FastifyInstance } from 'fastify';
import {
  appendMessagesBodySchema,
  createSessionBodySchema,
  patchSessionBodySchema,
  type CreatedSessionResponse,
  type HealthResponse,
  type LmcOutput,
  type SessionDetail,
  type SessionListEntry,
} from '../../../src-shared/http-api';
import type { ChatMessage, SessionSummary } from '../../../src-shared/lmc';
import { AppError } from '../errors';
import { parseBody, type ApiContext } from './context';
import { agentModelName, listModels, parseModel } from './models';

type WithId = { Params: { id: string } };

/** A stored message as the API shows it: LMC plus id and `created_at` (and an assistant reply's `reasoning`). */
export function toLmcOutput(m: ChatMessage): LmcOutput {
  const out: LmcOutput = {
    id: m.id,
    role: m.role,
    type: m.type,
    content: m.content,
    created_at: m.created_at,
  };
  if (m.format !== undefined) out.format = m.format;
  if (m.role === 'assistant' && m.meta.reasoning) out.reasoning = m.meta.reasoning;
  return out;
}

function toEntry(s: SessionSummary): SessionListEntry {
  return {
    session_id: s.id,
    created_at: s.created_at,
    updated_at: s.updated_at,
    message_count: s.message_count,
    title: s.title,
    source: s.source,
  };
}

/**
 * The model `GET /v1/models/{id}` answers: one `GET /v1/models` lists, or any other model of a
 * listed provider (`<provider>/<model>` is routed as asked). Throws AppError `model_not_found`.
 */
function findModel(ctx: ApiContext, id: string): { id: string; owned_by: string } {
  const models = listModels(ctx.settings(), ctx.credentials, ctx.env);
  const listed = models.find((m) => m.id === id);
  if (listed) return listed;
  try {
    const choice = parseModel(id, ctx.settings());
    const provider = choice.kind === 'routed' ? choice.route.providerId : null;
    if (provider && models.some((m) => m.owned_by === provider)) return { id, owned_by: provider };
  } catch {
    // Not a model name at all: the same answer as a name nobody serves.
  }
  throw new AppError('model_not_found', `The model "${id}" does not exist here (GET /v1/models lists them).`);
}

/** Throws AppError `turn_in_progress` (409) while the session's turn runs: its messages must not change under it. */
export function requireIdle(ctx: ApiContext, sessionId: string): void {
  if (ctx.agent.status(sessionId).state !== 'idle') {
    throw new AppError(
      'turn_in_progress',
      'This session is still working on a message; wait for it or stop it first.',
    );
  }
}

/** Adds a message to a session and tells the windows (so it shows up live). */
export function appendMessage(
  ctx: ApiContext,
  message: Parameters<ApiContext['sessions']['addMessage']>[0],
): ChatMessage {
  const stored = ctx.sessions.addMessage(message);
  ctx.events.emit({ type: 'message.start', sessionId: message.sessionId, message: stored });
  ctx.events.emit({ type: 'message.end', sessionId: message.sessionId, message: stored });
  return stored;
}

/**
 * `GET /v1/health`, `GET /v1/models` and the sessions API: create (201), list, get, patch
 * (title/metadata), delete (stops its turn and kernels), and its messages: list, append
 * without running (201), delete all. Sessions created here are marked `source: 'api'` and
 * appear in the window's sidebar at once.
 */
export function registerSessionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/v1/health', async (): Promise<HealthResponse> => ({
    status: 'healthy',
    version: ctx.version,
    model: agentModelName(ctx.settings()),
    router_state: ctx.router.state.label(),
  }));

  app.get('/v1/models', async () => {
    const created = Math.floor(ctx.clock.now() / 1000);
    return {
      object: 'list',
      data: listModels(ctx.settings(), ctx.credentials, ctx.env).map((m) => ({
        id: m.id,
        object: 'model',
        created,
        owned_by: m.owned_by,
      })),
    };
  });

  // The id has slashes (`groq/llama-3.1-8b-instant`); clients send them as is or as %2F.
  app.get<{ Params: { '*': string } }>('/v1/models/*', async (request) => {
    const model = findModel(ctx, decodeURIComponent(request.params['*']));
    return {
      id: model.id,
      object: 'model',
      created: Math.floor(ctx.clock.now() / 1000),
      owned_by: model.owned_by,
    };
  });

  app.post('/v1/sessions', async (request, reply): Promise<CreatedSessionResponse> => {
    const body = parseBody(createSessionBodySchema, request.body);
    const title = body?.title || body?.name;
    const session = ctx.sessions.createSession({
      source: 'api',
      ...(title ? { title } : {}),
      ...(body?.metadata ? { metadata: body.metadata } : {}),
    });
    ctx.events.emit({ type: 'sessions.changed' });
    ctx.touch(session.id);
    reply.code(201);
    return { session_id: session.id, created_at: session.created_at, model: agentModelName(ctx.settings()) };
  });

  app.get('/v1/sessions', async () => ({ sessions: ctx.sessions.listSessions().map(toEntry) }));

  app.get<WithId>('/v1/sessions/:id', async (request): Promise<SessionDetail> => {
    const session = ctx.sessions.requireSession(request.params.id);
    return {
      ...toEntry(session),
      metadata: ctx.sessions.sessionMetadata(session.id),
      status: ctx.agent.status(session.id).state,
    };
  });

  app.patch<WithId>('/v1/sessions/:id', async (request): Promise<SessionDetail> => {
    const body = parseBody(patchSessionBodySchema, request.body);
    const id = request.params.id;
    ctx.sessions.requireSession(id);
    if (body.title !== undefined) ctx.sessions.renameSession(id, body.title);
    if (body.metadata !== undefined) ctx.sessions.setSessionMetadata(id, body.metadata);
    ctx.events.emit({ type: 'sessions.changed' });
    const session = ctx.sessions.requireSession(id);
    return {
      ...toEntry(session),
      metadata: ctx.sessions.sessionMetadata(id),
      status: ctx.agent.status(id).state,
    };
  });

  app.delete<WithId>('/v1/sessions/:id', async (request) => {
    const id = request.params.id;
    ctx.sessions.requireSession(id);
    ctx.agent.stop(id);
    await ctx.exec.disposeSession(id);
    ctx.sessions.deleteSession(id);
    ctx.events.emit({ type: 'sessions.changed' });
    return { session_id: id, deleted: true };
  });

  app.get<WithId>('/v1/sessions/:id/messages', async (request) => {
    ctx.sessions.requireSession(request.params.id);
    return { messages: ctx.sessions.messages(request.params.id).map(toLmcOutput) };
  });

  app.post<WithId>('/v1/sessions/:id/messages', async (request, reply) => {
    const body = parseBody(appendMessagesBodySchema, request.body);
    const id = request.params.id;
    ctx.sessions.requireSession(id);
    requireIdle(ctx, id);
    const stored = ('messages' in body ? body.messages : [body]).map((m) =>
      appendMessage(ctx, {
        sessionId: id,
        role: m.role,
        type: m.type,
        content: m.content,
        ...(m.format ? { format: m.format } : {}),
      }),
    );
    ctx.events.emit({ type: 'sessions.changed' });
    ctx.touch(id);
    reply.code(201);
    return { messages: stored.map(toLmcOutput) };
  });

  app.delete<WithId>('/v1/sessions/:id/messages', async (request) => {
    const id = request.params.id;
    ctx.sessions.requireSession(id);
    requireIdle(ctx, id);
    const deleted = ctx.sessions.deleteMessages(id);
    ctx.events.emit({ type: 'session.cleared', sessionId: id });
    ctx.events.emit({ type: 'sessions.changed' });
    return { session_id: id, deleted };
  });
}
