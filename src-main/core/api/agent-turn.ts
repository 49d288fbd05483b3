import type { FastifyReply } from 'fastify';
import type { ChatMessage } from '../../../src-shared/lmc';
import type { TurnOptions } from '../agent/agent-service';
import { AppError } from '../errors';
import type { NewMessage } from '../sessions/session-store';
import { limitSession, type ApiContext } from './context';
import { appendMessage, requireIdle } from './routes-sessions';
import { TurnWatch, type LmcChunk, type TurnOutcome } from './turn-watch';

/** One turn an API caller asked for. */
export interface AgentTurnRequest {
  /** The caller's session, or undefined to create an API session. */
  sessionId: string | undefined;
  /** Earlier messages to append as history before the turn (not run). */
  history: Array<Omit<NewMessage, 'sessionId'>>;
  /** The user's message that starts the turn. */
  text: string;
  options: Omit<TurnOptions, 'origin'>;
}

/** A finished turn: its session, outcome and stored messages (final state, in order). */
export interface AgentTurnResult extends TurnOutcome {
  sessionId: string;
  messages: ChatMessage[];
}

/**
 * Runs one agent turn for an API caller: resolves (or creates, `source: 'api'`) the session,
 * applies the per-session rate limit, appends the history, starts the turn with
 * `origin: 'api'` (so code waits for approval in the window unless the person allowed API
 * code), forwards each LMC chunk to `onChunk` (and reasoning to `onReasoning`), and resolves
 * when the turn is over.
 *
 * `onSession` is called with the session id once it is known (before any chunk). When
 * `signal` aborts (the client went away) the turn is stopped: the run, a pending approval and
 * the upstream request. Throws AppError `session_not_found`, `turn_in_progress`,
 * `rate_limit_exceeded`, `invalid_message` before anything runs.
 */
export async function runAgentTurn(
  ctx: ApiContext,
  reply: FastifyReply,
  request: AgentTurnRequest,
  hooks: {
    signal: AbortSignal;
    onSession?: (sessionId: string) => void;
    onChunk: (chunk: LmcChunk) => void;
    /** More of the model's reasoning text (`meta.reasoning` of a reply), as it streams. */
    onReasoning?: (text: string) => void;
  },
): Promise<AgentTurnResult> {
  if (request.text.trim() === '')
    throw new AppError('invalid_message', 'The last message must be a user message with text.');
  let sessionId = request.sessionId;
  if (sessionId !== undefined) {
    ctx.sessions.requireSession(sessionId);
    await limitSession(ctx, reply, sessionId);
    requireIdle(ctx, sessionId);
  } else {
    sessionId = ctx.sessions.createSession({ source: 'api' }).id;
    ctx.events.emit({ type: 'sessions.changed' });
    await limitSession(ctx, reply, sessionId);
  }
  const id = sessionId;
  hooks.onSession?.(id);
  for (const message of request.history) appendMessage(ctx, { ...message, sessionId: id });

  const watch = new TurnWatch(ctx.events, id, hooks.onChunk, hooks.onReasoning);
  try {
    ctx.agent.send(id, request.text, { ...request.options, origin: 'api' });
  } catch (error) {
    watch.dispose();
    throw error;
  }
  ctx.touch(id);
  const onAbort = () => ctx.agent.stop(id);
  hooks.signal.addEventListener('abort', onAbort, { once: true });
  if (hooks.signal.aborted) onAbort();
  try {
    const outcome = await watch.done;
    const ids = new Set(outcome.messageIds);
    return { ...outcome, sessionId: id, messages: ctx.sessions.messages(id).filter((m) => ids.has(m.id)) };
  } finally {
    hooks.signal.removeEventListener('abort', onAbort);
    ctx.touch(id);
  }
}
