import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Settings } from '../../../src-shared/settings';
import type { AgentService } from '../agent/agent-service';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { EventBus } from '../event-bus';
import type { ExecService } from '../exec/types';
import type { ProviderRouter } from '../router/router';
import type { Env } from '../router/targets';
import type { CredentialStore } from '../secrets/credential-store';
import type { SessionStore } from '../sessions/session-store';
import { rateLimitHeaders, type FixedWindowLimiter } from './rate-limit';
import type { RequestLogger } from './server-log';

/** The core services the API serves. */
export interface ApiServices {
  settings: () => Settings;
  sessions: SessionStore;
  agent: AgentService;
  router: ProviderRouter;
  exec: ExecService;
  events: EventBus;
  credentials: CredentialStore;
  env: Env;
  clock: Clock;
  /** The app's version, for `/v1/health`. */
  version: string;
}

/** Requests per minute allowed per client address and per session; 0 = no limit. */
export interface ApiLimits {
  perClient: number;
  perSession: number;
}

/** Defaults for model parameters a caller leaves out (serve's `MAX_TOKENS`, `TEMPERATURE`). */
export interface ApiDefaults {
  maxTokens?: number;
  temperature?: number;
}

/** What every route handler gets: the services and the server's per-request policies. */
export interface ApiContext extends ApiServices {
  /** The server log (`logs/server_out.log`, `logs/server_err.log`). */
  logger: Logger;
  /** Request lines only (see ServerLog.requests). */
  requestLogger: RequestLogger;
  limits: () => ApiLimits;
  defaults: ApiDefaults;
  sessionLimiter: FixedWindowLimiter;
  /** Notes activity in a session (its kernels are kept while it is used). */
  touch: (sessionId: string) => void;
}

/**
 * Validates a request body with its zod schema. Throws an AppError (400) naming each bad field,
 * e.g. "messages.0.role: Invalid option": `invalid_input`, or `invalid_message` when the first
 * problem is in `messages` and `messageCode` says so (the seed's code for a bad LMC message).
 */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  messageCode: 'invalid_input' | 'invalid_message' = 'invalid_input',
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
  const inMessages = result.error.issues[0]?.path[0] === 'messages';
  throw new AppError(inMessages ? messageCode : 'invalid_input', `Invalid request: ${problems.join('; ')}.`);
}

/**
 * Counts a turn against `api_session_rate_limit_per_minute` for `sessionId`. When this limit is
 * tighter than the per-client one, its numbers replace the `X-RateLimit-*` headers. Throws
 * AppError `rate_limit_exceeded` (429, `retry_after`) when the session is over its limit.
 */
export async function limitSession(ctx: ApiContext, reply: FastifyReply, sessionId: string): Promise<void> {
  const counted = ctx.sessionLimiter.hit(sessionId, ctx.limits().perSession);
  const decision = counted instanceof Promise ? await counted : counted;
  if (!decision) return;
  const current = Number(reply.raw.getHeader('x-ratelimit-remaining') ?? Number.POSITIVE_INFINITY);
  if (!decision.allowed || decision.remaining < current) {
    for (const [name, value] of Object.entries(rateLimitHeaders(decision))) reply.raw.setHeader(name, value);
  }
  if (!decision.allowed) {
    throw new AppError(
      'rate_limit_exceeded',
      `Too many requests for this session: the limit is ${decision.limit} per minute.`,
      { retryAfterMs: decision.resetMs },
    );
  }
}
