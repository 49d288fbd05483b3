import type { ChatMessage, PendingApproval, TurnStatus } from '../../../src-shared/lmc';
import type { AGENT_BACKENDS, Settings } from '../../../src-shared/settings';
import { AppError, isAbortError, toErrorData } from '../errors';
import type { EventBus } from '../event-bus';
import type { ExecService } from '../exec/types';
import type { ProviderRouter } from '../router/router';
import type { Route } from '../router/targets';
import { UNTITLED, type NewMessage, type SessionStore } from '../sessions/session-store';
import { buildRequestMessages } from './history';
import { buildSystemPrompt, CHAT_SYSTEM_PROMPT } from './prompt';
import { cancelled, streamReply, type ProposedBlock } from './reply-stream';
import { runBlock } from './run-block';

export interface AgentDependencies {
  sessions: SessionStore;
  router: ProviderRouter;
  exec: ExecService;
  events: EventBus;
  settings: () => Settings;
  /** `process.platform`, for the system prompt. */
  platform: string;
}

/** A decision on a pending block. `code` replaces the block when the person edited it. */
export interface ApprovalDecision {
  decision: 'run' | 'skip';
  code?: string;
}

/**
 * How a turn was asked for. The window passes nothing; the local HTTP API passes `origin: 'api'`
 * and the caller's model choice and parameters.
 */
export interface TurnOptions {
  /**
   * Who started the turn. Code proposed in a turn started over the local API runs without
   * approval only when the person turned on `api_allow_code_execution` (never because of
   * `open_interpreter_auto_run`); otherwise it waits for approval in the window and is declined
   * after `api_approval_timeout_seconds`.
   */
  origin?: 'app' | 'api';
  /** The agent for this turn instead of `agent_backend` (`switchboard/chat` vs `switchboard/open-interpreter`). */
  backend?: (typeof AGENT_BACKENDS)[number];
  /** Sends this turn's calls to one provider (and model) instead of the settings' choice. */
  route?: Route;
  /** Added to each provider request of the turn (OpenAI names). */
  params?: { temperature?: number; max_tokens?: number };
}

interface Turn {
  controller: AbortController;
  status: TurnStatus;
  approval: { request: PendingApproval; resolve: (decision: ApprovalDecision) => void } | null;
}

const IDLE: TurnStatus = { state: 'idle' };

/**
 * Runs turns: a user message in, the model's reply streamed out, and (open_interpreter backend)
 * each proposed code block approved, run in the session's kernel and its output fed back,
 * until a reply has no code, the iteration cap is hit, or the person stops. One turn per
 * session at a time; everything is stored as it completes and streamed as events.
 */
export class AgentService {
  private readonly turns = new Map<string, Turn>();

  constructor(private readonly deps: AgentDependencies) {}

  /**
   * Starts a turn in the background. Throws AppError `session_not_found`, or `turn_in_progress`
   * when the session is still busy.
   */
  send(sessionId: string, text: string, options: TurnOptions = {}): void {
    this.deps.sessions.requireSession(sessionId);
    if (this.turns.has(sessionId)) {
      throw new AppError('turn_in_progress', 'This session is still working on the previous message. Wait for it, or press Stop.');
    }
    const turn: Turn = { controller: new AbortController(), status: { state: 'thinking' }, approval: null };
    this.turns.set(sessionId, turn);
    this.emitStatus(sessionId, turn.status);
    void this.runTurn(sessionId, text, turn, options)
      .catch((error: unknown) => {
        if (isAbortError(error) || turn.controller.signal.aborted) return;
        const data = toErrorData(error);
        this.add({ sessionId, role: 'computer', type: 'message', content: data.message, meta: { error: data } });
        this.deps.events.emit({ type: 'turn.error', sessionId, error: data });
      })
      .finally(() => {
        this.turns.delete(sessionId);
        this.emitStatus(sessionId, IDLE);
      });
  }

  /** Stops the session's turn: a running block (and every process it started), a pending approval, a waiting or streaming call. */
  stop(sessionId: string): boolean {
    const turn = this.turns.get(sessionId);
    if (!turn) return false;
    turn.controller.abort(cancelled());
    return true;
  }

  /** Answers the pending approval for `blockId`. Throws AppError `approval_not_found`. */
  approve(sessionId: string, blockId: string, decision: ApprovalDecision): void {
    const approval = this.turns.get(sessionId)?.approval;
    if (!approval || approval.request.blockId !== blockId) {
      throw new AppError('approval_not_found', 'That code block is no longer waiting for approval.');
    }
    approval.resolve(decision);
  }

  status(sessionId: string): TurnStatus {
    return this.turns.get(sessionId)?.status ?? IDLE;
  }

  pendingApproval(sessionId: string): PendingApproval | null {
    return this.turns.get(sessionId)?.approval?.request ?? null;
  }

  /** Stops every turn (app shutdown). */
  stopAll(): void {
    for (const id of this.turns.keys()) this.stop(id);
  }

  private async runTurn(sessionId: string, text: string, turn: Turn, options: TurnOptions): Promise<void> {
    const user = this.add({ sessionId, role: 'user', type: 'message', content: text });
    this.nameSession(sessionId, text);
    const settings = this.deps.settings();
    const interpreter = (options.backend ?? settings.agent_backend) === 'open_interpreter';
    const approval = approvalRule(options.origin ?? 'app', settings);
    const system = interpreter ? buildSystemPrompt({ platform: this.deps.platform, cwd: this.deps.exec.workingDirectory(sessionId) }) : CHAT_SYSTEM_PROMPT;
    const limits = {
      messages: settings.open_interpreter_history_messages,
      chars: settings.open_interpreter_history_chars,
      maxOutput: settings.open_interpreter_max_output,
    };
    let runs = 0;
    for (;;) {
      const stored = this.deps.sessions.messages(sessionId);
      const turnStart = stored.findIndex((m) => m.id === user.id);
      const reply = await streamReply(this.deps.router, this.deps.sessions, this.deps.events, {
        sessionId,
        messages: buildRequestMessages(system, stored, turnStart, limits),
        parseCode: interpreter,
        ...(options.route ? { route: options.route } : {}),
        ...(options.params ? { params: options.params } : {}),
        signal: turn.controller.signal,
        onWait: (detail) => this.setStatus(sessionId, turn, { state: 'waiting_rate_limit', detail }),
        onStreaming: () => this.setStatus(sessionId, turn, { state: 'thinking' }),
      });
      if (!reply.block) return;
      if (runs >= settings.open_interpreter_max_iterations) {
        this.deps.sessions.updateMessage(reply.block.message.id, { meta: { status: 'skipped' } });
        this.notice(sessionId, `Stopped: this turn reached its limit of ${runs} code runs (open_interpreter_max_iterations). Send a message to continue.`);
        return;
      }
      runs += 1;
      const decision = approval.autoRun ? { decision: 'run' as const } : await this.askApproval(sessionId, turn, reply.block, approval.timeoutMs);
      if (decision.decision === 'skip') {
        this.update(sessionId, reply.block.message.id, { meta: { status: 'skipped' } });
        if (decision.timedOut) {
          this.notice(sessionId, `Declined: nobody approved this block in the Switchboard window within ${settings.api_approval_timeout_seconds} s (api_approval_timeout_seconds).`);
        }
        return;
      }
      this.setStatus(sessionId, turn, { state: 'running' });
      const outcome = await runBlock(this.deps, sessionId, reply.block, decision.code, turn.controller.signal, settings);
      if (outcome === 'stopped') return;
      this.setStatus(sessionId, turn, { state: 'thinking' });
    }
  }

  /** Waits for Run / Edit / Skip; with `timeoutMs`, answers Skip (`timedOut`) when nobody decided in time. */
  private askApproval(sessionId: string, turn: Turn, block: ProposedBlock, timeoutMs: number | null): Promise<ApprovalDecision & { timedOut?: boolean }> {
    const signal = turn.controller.signal;
    const request: PendingApproval = {
      blockId: block.message.id,
      language: block.language,
      code: block.message.content,
      cwd: this.deps.exec.workingDirectory(sessionId),
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    return new Promise<ApprovalDecision & { timedOut?: boolean }>((resolve, reject) => {
      const onAbort = () => reject(signal.reason ?? cancelled());
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      turn.approval = {
        request,
        resolve: (decision) => {
          signal.removeEventListener('abort', onAbort);
          resolve(decision);
        },
      };
      if (timeoutMs !== null) {
        timer = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve({ decision: 'skip', timedOut: true });
        }, timeoutMs);
      }
      this.setStatus(sessionId, turn, { state: 'awaiting_approval' });
      this.deps.events.emit({ type: 'approval.request', sessionId, approval: request });
    }).finally(() => {
      clearTimeout(timer);
      turn.approval = null;
      if (signal.aborted) this.update(sessionId, block.message.id, { meta: { status: 'stopped' } });
      this.deps.events.emit({ type: 'approval.resolved', sessionId, blockId: request.blockId });
    });
  }

  private nameSession(sessionId: string, text: string): void {
    const session = this.deps.sessions.requireSession(sessionId);
    if (session.title !== UNTITLED) return;
    const firstLine = text.trim().split('\n')[0] ?? '';
    this.deps.sessions.renameSession(sessionId, firstLine.length > 60 ? `${firstLine.slice(0, 59)}…` : firstLine);
    this.deps.events.emit({ type: 'sessions.changed' });
  }

  private add(message: NewMessage): ChatMessage {
    const stored = this.deps.sessions.addMessage(message);
    this.deps.events.emit({ type: 'message.start', sessionId: message.sessionId, message: stored });
    this.deps.events.emit({ type: 'message.end', sessionId: message.sessionId, message: stored });
    return stored;
  }

  private update(sessionId: string, messageId: string, change: Parameters<SessionStore['updateMessage']>[1]): void {
    const message = this.deps.sessions.updateMessage(messageId, change);
    this.deps.events.emit({ type: 'message.end', sessionId, message });
  }

  private notice(sessionId: string, text: string): void {
    this.add({ sessionId, role: 'computer', type: 'message', content: text });
  }

  private setStatus(sessionId: string, turn: Turn, status: TurnStatus): void {
    turn.status = status;
    this.emitStatus(sessionId, status);
  }

  private emitStatus(sessionId: string, status: TurnStatus): void {
    this.deps.events.emit({ type: 'turn.status', sessionId, status });
  }
}

/**
 * Whether a turn's code runs without approval, and how long an approval may wait (ms; null =
 * as long as it takes). Turns from the window follow `open_interpreter_auto_run`; turns from the
 * local API follow only `api_allow_code_execution`, and their approvals are declined after
 * `api_approval_timeout_seconds` (0 declines at once).
 */
function approvalRule(origin: 'app' | 'api', settings: Settings): { autoRun: boolean; timeoutMs: number | null } {
  if (origin === 'api') return { autoRun: settings.api_allow_code_execution, timeoutMs: settings.api_approval_timeout_seconds * 1000 };
  return { autoRun: settings.open_interpreter_auto_run, timeoutMs: null };
}
