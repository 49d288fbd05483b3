import type { Logger } from 'pino';
import type { ChatMessage, PendingApproval, TurnStatus } from '../../../src-shared/lmc';
import type { AGENT_BACKENDS, Settings } from '../../../src-shared/settings';
import { AppError, isAbortError, toErrorData } from '../errors';
import type { EventBus } from '../event-bus';
import type { ExecService } from '../exec/types';
import type { ProviderRouter } from '../router/router';
import type { Route } from '../router/targets';
import { UNTITLED, type NewMessage, type SessionStore } from '../sessions/session-store';
import type { ToolRegistry } from '../tools/tool-registry';
import { createApprovalPolicy, type ApprovalPolicy } from './approval-policy';
import type { ApprovalDecision } from './approval-wait';
import { CodeModeChooser } from './code-mode';
import { cancelled } from './reply-stream';
import { cleanModelTitle, TITLE_PROMPT, titleFromMessage } from './title';
import { runTurn, type Turn, type TurnHost } from './turn-loop';

export type { ApprovalDecision } from './approval-wait';

export interface AgentDependencies {
  sessions: SessionStore;
  router: ProviderRouter;
  exec: ExecService;
  events: EventBus;
  settings: () => Settings;
  /** `process.platform`, for the system prompt. */
  platform: string;
  /**
   * Decides, per block, whether it runs at once or waits for Run / Edit / Skip (and for how
   * long). Default: `createApprovalPolicy()` — destructive patterns always wait, the rest
   * follows the Auto-run setting. See approval-policy.ts.
   */
  approvalPolicy?: ApprovalPolicy;
  /** The tools offered besides `execute` (MCP servers'); none when absent. See tools/tool-registry.ts. */
  tools?: ToolRegistry;
  /** Where the agent notes what went wrong without failing the turn (a tool call it could not run). */
  logger?: Pick<Logger, 'warn'>;
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
   * after `api_approval_timeout_seconds` (see approval-policy.ts).
   */
  origin?: 'app' | 'api';
  /** The agent for this turn instead of `agent_backend` (`switchboard/chat` vs `switchboard/open-interpreter`). */
  backend?: (typeof AGENT_BACKENDS)[number];
  /** Sends this turn's calls to one provider (and model) instead of the settings' choice. */
  route?: Route;
  /** Added to each provider request of the turn (OpenAI names). */
  params?: { temperature?: number; max_tokens?: number };
}

const IDLE: TurnStatus = { state: 'idle' };

/**
 * Runs turns: a user message in, the model's reply streamed out, and (open_interpreter backend)
 * each proposed code block approved, run in the session's kernel and its output fed back,
 * until a reply has no code, the iteration cap is hit, the loop repeats itself, or the person
 * stops (turn-loop.ts). One turn per session at a time; everything is stored as it completes
 * and streamed as events.
 */
export class AgentService {
  private readonly turns = new Map<string, Turn>();
  private readonly policy: ApprovalPolicy;
  private readonly codeModes = new CodeModeChooser();

  constructor(private readonly deps: AgentDependencies) {
    this.policy = deps.approvalPolicy ?? createApprovalPolicy();
  }

  /**
   * Starts a turn in the background (`options`: who asked and how; see TurnOptions). Throws
   * AppError `session_not_found`, or `turn_in_progress` when the session is still busy.
   */
  send(sessionId: string, text: string, options: TurnOptions = {}): void {
    this.startTurn(sessionId, options, () => {
      const user = this.add({ sessionId, role: 'user', type: 'message', content: text });
      const title = this.nameSession(sessionId, text);
      if (title !== null && this.deps.settings().title_chats_with_model) void this.titleWithModel(sessionId, text, title, options);
      return user;
    });
  }

  /**
   * Answers the last user message of the current branch again (regenerate, or retry after an
   * error or Stop), optionally with another provider/model (`options.route`). The earlier reply
   * stays as another version under that message. Throws `session_not_found`, `turn_in_progress`,
   * or `invalid_input` when the branch has no user message.
   */
  regenerate(sessionId: string, options: TurnOptions = {}): void {
    const user = this.deps.sessions
      .messages(sessionId)
      .findLast((m) => m.role === 'user' && m.type === 'message');
    if (!user) throw new AppError('invalid_input', 'There is no message to answer again in this chat.');
    this.startTurn(sessionId, options, () => {
      this.deps.sessions.setCurrentLeaf(sessionId, user.id, true);
      this.deps.events.emit({ type: 'session.branched', sessionId });
      return user;
    });
  }

  /**
   * Sends an edited version of user message `messageId` as a new version beside it (the old one
   * and everything after it stay browsable) and answers it. Throws `session_not_found`,
   * `turn_in_progress`, or `invalid_input` when the message is not a user message of the session.
   */
  edit(sessionId: string, messageId: string, text: string, options: TurnOptions = {}): void {
    const original = this.deps.sessions.requireMessage(messageId);
    if (original.session_id !== sessionId || original.role !== 'user' || original.type !== 'message')
      throw new AppError('invalid_input', 'Only your own messages can be edited.');
    this.startTurn(sessionId, options, () => {
      const parentId = this.deps.sessions.parentOf(messageId);
      const user = this.add({ sessionId, role: 'user', type: 'message', content: text, parentId });
      this.deps.events.emit({ type: 'session.branched', sessionId });
      return user;
    });
  }

  /**
   * Continue: extends the current branch's cut-off reply (an assistant message ended by an error
   * or Stop, `meta.error`) in place. No user message is stored; the model gets the branch ending
   * with the partial reply plus CONTINUE_INSTRUCTION, and its text is appended to that same
   * message (turn-loop.ts). Error notices after the cut reply are removed, so the chat shows one
   * reply. Throws `session_not_found`, `turn_in_progress`, or `invalid_input` when the last turn
   * has no cut-off reply (or something other than notices follows it).
   */
  continueReply(sessionId: string, options: TurnOptions = {}): void {
    const stored = this.deps.sessions.messages(sessionId);
    const turnStart = stored.findLastIndex((m) => m.role === 'user' && m.type === 'message');
    const cutAt = stored.findLastIndex(
      (m) => m.role === 'assistant' && m.type === 'message' && m.meta.error !== undefined,
    );
    const user = stored[turnStart];
    const cut = stored[cutAt];
    const after = stored.slice(cutAt + 1);
    if (
      !user ||
      !cut ||
      cutAt < turnStart ||
      after.some((m) => m.role !== 'computer' || m.type !== 'message')
    )
      throw new AppError('invalid_input', 'There is no cut-off reply to continue in this chat.');
    this.startTurn(
      sessionId,
      options,
      () => {
        if (after.length > 0) {
          this.deps.sessions.deleteLeaves(after.map((m) => m.id).reverse());
          this.deps.sessions.setCurrentLeaf(sessionId, cut.id, true);
          this.deps.events.emit({ type: 'session.branched', sessionId });
        }
        return user;
      },
      cut,
    );
  }

  /**
   * Runs a turn for the user message `begin` stores (or picks) once the session is known to be
   * idle; `continuing`: the cut-off reply the turn's first request extends.
   */
  private startTurn(
    sessionId: string,
    options: TurnOptions,
    begin: () => ChatMessage,
    continuing: ChatMessage | null = null,
  ): void {
    const session = this.deps.sessions.requireSession(sessionId);
    if (this.turns.has(sessionId)) {
      throw new AppError(
        'turn_in_progress',
        'This session is still working on the previous message. Wait for it, or press Stop.',
      );
    }
    const route = options.route ?? session.route ?? undefined;
    const turnOptions: TurnOptions = route ? { ...options, route } : options;
    const turn: Turn = { controller: new AbortController(), status: { state: 'thinking' }, approval: null };
    this.turns.set(sessionId, turn);
    this.emitStatus(sessionId, turn.status);
    const host: TurnHost = {
      add: (message) => this.add(message),
      update: (id, messageId, change) => this.update(id, messageId, change),
      setStatus: (status) => this.setStatus(sessionId, turn, status),
    };
    void (async () => {
      const user = begin();
      await runTurn(
        { ...this.deps, policy: this.policy, codeModes: this.codeModes },
        host,
        turn,
        user,
        turnOptions,
        continuing,
      );
    })()
      .catch((error: unknown) => {
        if (isAbortError(error) || turn.controller.signal.aborted) return;
        const data = toErrorData(error);
        this.add({
          sessionId,
          role: 'computer',
          type: 'message',
          content: data.message,
          meta: { error: data },
        });
        this.deps.events.emit({ type: 'turn.error', sessionId, error: data });
      })
      .finally(() => {
        this.turns.delete(sessionId);
        this.emitStatus(sessionId, IDLE);
      });
  }

  /**
   * Stops the session's turn: a running block (and every process it started), a pending
   * approval (the block is marked `stopped`), a waiting or streaming call. False when idle.
   */
  stop(sessionId: string): boolean {
    const turn = this.turns.get(sessionId);
    if (!turn) return false;
    turn.controller.abort(cancelled());
    return true;
  }

  /**
   * Stop as the chat's button means it: the running turn when there is one (its block is
   * stopped with everything it started); otherwise everything earlier blocks of the session
   * left running (daemons, background jobs) — the session's kernels are ended. Resolves true
   * when something was stopped.
   */
  async stopEverything(sessionId: string): Promise<boolean> {
    if (this.stop(sessionId)) return true;
    return this.deps.exec.disposeSession(sessionId);
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

  /** Names a new session after its first message; returns the title given (null when it already had one). */
  private nameSession(sessionId: string, text: string): string | null {
    const session = this.deps.sessions.requireSession(sessionId);
    if (session.title !== UNTITLED) return null;
    const title = titleFromMessage(text);
    this.deps.sessions.renameSession(sessionId, title);
    this.deps.events.emit({ type: 'sessions.changed' });
    return title;
  }

  /**
   * "Title chats with the model": one short non-streamed call (through the router, on this
   * turn's route) for a better title, applied only while the chat still has the automatic one
   * (`automatic`), so a rename by the person always wins. A failed call keeps the automatic title.
   */
  private async titleWithModel(sessionId: string, text: string, automatic: string, options: TurnOptions): Promise<void> {
    const route = options.route ?? this.deps.sessions.getSession(sessionId)?.route ?? undefined;
    try {
      const { completion } = await this.deps.router.chat(
        { messages: [{ role: 'system', content: TITLE_PROMPT }, { role: 'user', content: text.slice(0, 2000) }], max_tokens: 24 },
        route ? { route } : {},
      );
      const title = cleanModelTitle(completion.choices[0]?.message.content);
      if (title === null || this.deps.sessions.getSession(sessionId)?.title !== automatic) return;
      this.deps.sessions.renameSession(sessionId, title);
      this.deps.events.emit({ type: 'sessions.changed' });
    } catch {
      // The automatic title stays; the failed call is in the router's call log.
    }
  }

  private add(message: NewMessage): ChatMessage {
    const stored = this.deps.sessions.addMessage(message);
    this.deps.events.emit({ type: 'message.start', sessionId: message.sessionId, message: stored });
    this.deps.events.emit({ type: 'message.end', sessionId: message.sessionId, message: stored });
    return stored;
  }

  private update(
    sessionId: string,
    messageId: string,
    change: Parameters<SessionStore['updateMessage']>[1],
  ): ChatMessage {
    const message = this.deps.sessions.updateMessage(messageId, change);
    this.deps.events.emit({ type: 'message.end', sessionId, message });
    return message;
  }

  private setStatus(sessionId: string, turn: Turn, status: TurnStatus): void {
    turn.status = status;
    this.emitStatus(sessionId, status);
  }

  private emitStatus(sessionId: string, status: TurnStatus): void {
    this.deps.events.emit({ type: 'turn.status', sessionId, status });
  }
}
