import type { ChatMessage, MessageMeta, PendingApproval, TurnStatus } from '../../../src-shared/lmc';
import type { Settings } from '../../../src-shared/settings';
import type { KernelLanguage } from '../exec/types';
import type { NewMessage } from '../sessions/session-store';
import type { AgentDependencies, TurnOptions } from './agent-service';
import type { ApprovalPolicy } from './approval-policy';
import { waitForApproval, type ApprovalDecision, type ApprovalSlot } from './approval-wait';
import type { CodeModeChooser } from './code-mode';
import { buildRequestMessages } from './history';
import { buildSystemPrompt, CHAT_SYSTEM_PROMPT, CONTINUE_INSTRUCTION, type ProposalFormat } from './prompt';
import { streamReply, type ProposedBlock, type ReplyResult } from './reply-stream';
import { recordNotRun, runBlock, type BlockRun } from './run-block';
import { runToolCall } from '../tools/run-tool-call';
import { EXECUTE_ONLY } from '../tools/tool-registry';

/** The services a turn uses: the agent's, with its approval policy and code-mode memory resolved. */
export interface TurnDependencies extends Omit<AgentDependencies, 'approvalPolicy'> {
  policy: ApprovalPolicy;
  codeModes: CodeModeChooser;
}

/** A session's running turn: its Stop switch, its status and its parked approval. */
export interface Turn extends ApprovalSlot {
  controller: AbortController;
  status: TurnStatus;
}

/** What the turn loop reports back to AgentService. */
export interface TurnHost {
  add(message: NewMessage): ChatMessage;
  update(sessionId: string, messageId: string, change: { content?: string; meta?: MessageMeta }): ChatMessage;
  setStatus(status: TurnStatus): void;
}

/**
 * One turn of the `open_interpreter` (or `chat`) backend, after the user's message was stored:
 * ask the model; if its reply proposes a block, get it approved (approval-policy.ts decides
 * whether to ask), run it, feed the output back, and go on until a reply has no code, the
 * person skips or stops, the iteration cap (`open_interpreter_max_iterations`) is reached, or
 * the same code produces the same output twice in a row — the last two say why in the chat.
 * Settings are read again before every request, so a change applies to the next block.
 */
export async function runTurn(
  deps: TurnDependencies,
  host: TurnHost,
  turn: Turn,
  user: ChatMessage,
  options: TurnOptions = {},
  continuing: ChatMessage | null = null,
): Promise<void> {
  const sessionId = user.session_id;
  // A continued turn adds to what the turn already used.
  const usage = {
    requests: 0,
    unreported: 0,
    prompt_tokens: 0,
    completion_tokens: 0,
    ...(continuing ? user.meta.turn_usage : undefined),
  };
  let runs = 0;
  let previousRun: string | null = null;
  for (;;) {
    const settings = deps.settings();
    const reply = await requestReply(deps, turn, user, settings, options, continuing);
    continuing = null;
    usage.requests += 1;
    if (reply.usage) {
      usage.prompt_tokens += reply.usage.prompt_tokens;
      usage.completion_tokens += reply.usage.completion_tokens;
    } else usage.unreported += 1;
    if (usage.requests > usage.unreported)
      host.update(sessionId, user.id, { meta: { turn_usage: { ...usage } } });

    const block = reply.block;
    if (!block) return;
    if (runs >= settings.open_interpreter_max_iterations) {
      host.update(sessionId, block.message.id, { meta: { status: 'stopped' } });
      notice(
        host,
        sessionId,
        'iteration_cap',
        `Stopped: this turn reached its limit of ${settings.open_interpreter_max_iterations} code runs (Settings → General → Code runs per turn), so the last block did not run. Send a message to let the agent continue.`,
      );
      return;
    }
    runs += 1;

    let run: BlockRun;
    if (block.tool && deps.tools) {
      const call = { ...block, language: 'tool' as const };
      const decision = await approve(deps, host, turn, call, settings, options.origin ?? 'app');
      if (decision.decision === 'skip') return;
      host.setStatus({ state: 'running' });
      const message = { ...block.message, meta: { ...block.message.meta, tool: block.tool } };
      run = await runToolCall(
        { ...deps, tools: deps.tools },
        message,
        decision.code,
        turn.controller.signal,
        settings,
      );
      if (run.outcome === 'stopped') return;
    } else if (block.language === null) {
      const reason = block.problem ?? 'This block cannot run.';
      deps.logger?.warn(
        { sessionId, blockId: block.message.id, toolCallId: block.message.meta.tool_call_id },
        `the model proposed code that cannot run: ${reason}`,
      );
      recordNotRun(deps, sessionId, block, reason);
      run = {
        outcome: 'failed',
        fingerprint: JSON.stringify([block.message.format, block.message.content, reason]),
      };
    } else {
      const runnable = { ...block, language: block.language };
      const decision = await approve(deps, host, turn, runnable, settings, options.origin ?? 'app');
      if (decision.decision === 'skip') return;
      host.setStatus({ state: 'running' });
      run = await runBlock(deps, sessionId, runnable, decision.code, turn.controller.signal, settings);
      if (run.outcome === 'stopped') return;
    }
    if (run.fingerprint === previousRun) {
      notice(
        host,
        sessionId,
        'repeated_output',
        'Stopped: the same code produced the same output twice in a row, so the agent was going in circles. Send a message to steer it.',
      );
      return;
    }
    previousRun = run.fingerprint;
    host.setStatus({ state: 'thinking' });
  }
}

/**
 * Streams the next reply; in `auto` code mode a tools request refused as a bad request is
 * retried with fenced blocks. `continuing`: a cut-off reply to extend — the request ends with
 * it and CONTINUE_INSTRUCTION (not stored), and the text streams into that same message.
 */
async function requestReply(
  deps: TurnDependencies,
  turn: Turn,
  user: ChatMessage,
  settings: Settings,
  options: TurnOptions,
  continuing: ChatMessage | null,
): Promise<ReplyResult> {
  const sessionId = user.session_id;
  const interpreter = (options.backend ?? settings.agent_backend) === 'open_interpreter';
  let format: ProposalFormat = interpreter ? deps.codeModes.choose(settings) : 'fences';
  for (;;) {
    const tools = interpreter && format === 'tools' && deps.tools ? await deps.tools.offer() : EXECUTE_ONLY;
    const stored = deps.sessions.messages(sessionId);
    const turnStart = stored.findIndex((m) => m.id === user.id);
    const system = interpreter
      ? buildSystemPrompt({
          platform: deps.platform,
          cwd: deps.exec.workingDirectory(sessionId),
          format,
          otherTools: tools.definitions.length - 1,
        })
      : CHAT_SYSTEM_PROMPT;
    const limits = {
      messages: settings.open_interpreter_history_messages,
      chars: settings.open_interpreter_history_chars,
      maxOutput: settings.open_interpreter_max_output,
    };
    try {
      return await streamReply(deps.router, deps.sessions, deps.events, {
        sessionId,
        messages: [
          ...buildRequestMessages(system, stored, turnStart, limits, format),
          ...(continuing ? [{ role: 'user' as const, content: CONTINUE_INSTRUCTION }] : []),
        ],
        ...(continuing ? { extend: stored.find((m) => m.id === continuing.id) ?? continuing } : {}),
        parseCode: interpreter,
        format,
        tools,
        ...(options.route ? { route: options.route } : {}),
        ...(options.params ? { params: options.params } : {}),
        signal: turn.controller.signal,
        onWait: (detail) => setTurnStatus(deps, turn, sessionId, { state: 'waiting_rate_limit', detail }),
        onStreaming: () => setTurnStatus(deps, turn, sessionId, { state: 'thinking' }),
      });
    } catch (error) {
      if (!interpreter || !deps.codeModes.shouldFallBack(settings, format, error)) throw error;
      format = 'fences';
    }
  }
}

/**
 * Asks the approval policy about a block and, when it says ask, waits for Run / Edit / Skip.
 * A skip (or a decline after the policy's time limit) marks the block `skipped`, which tells
 * the model "I have declined to run this code."; Stop marks it `stopped` and rethrows.
 */
async function approve(
  deps: TurnDependencies,
  host: TurnHost,
  turn: Turn,
  block: Omit<ProposedBlock, 'language'> & { language: KernelLanguage | 'tool' },
  settings: Settings,
  origin: 'app' | 'api',
): Promise<ApprovalDecision> {
  const sessionId = block.message.session_id;
  const verdict = deps.policy({
    origin,
    session: deps.sessions.requireSession(sessionId),
    language: block.language,
    code: block.message.content,
    settings,
    ...(block.tool ? { tool: block.tool } : {}),
  });
  if (verdict.action === 'run') return { decision: 'run' };
  if (verdict.warnings.length > 0)
    host.update(sessionId, block.message.id, { meta: { warnings: verdict.warnings } });
  const request: PendingApproval = {
    blockId: block.message.id,
    language: block.language,
    code: block.message.content,
    cwd: block.language === 'tool' ? '' : deps.exec.currentDirectory(sessionId, block.language),
    ...(block.tool ? { tool: block.tool } : {}),
    ...(verdict.warnings.length > 0 ? { warnings: verdict.warnings } : {}),
    ...(verdict.reason ? { reason: verdict.reason } : {}),
    ...(verdict.declineAfterMs !== undefined
      ? { declineAt: new Date(Date.now() + verdict.declineAfterMs).toISOString() }
      : {}),
  };
  try {
    const outcome = await waitForApproval(
      turn,
      request,
      turn.controller.signal,
      verdict.declineAfterMs,
      () => {
        host.setStatus({ state: 'awaiting_approval' });
        deps.events.emit({ type: 'approval.request', sessionId, approval: request });
      },
    );
    if (outcome.decision === 'run') return outcome;
    host.update(sessionId, block.message.id, { meta: { status: 'skipped' } });
    if (outcome.decision === 'timed_out') {
      const ms = verdict.declineAfterMs ?? 0;
      const seconds = ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1);
      notice(
        host,
        sessionId,
        'approval_timeout',
        `Declined: nobody approved this block in the Switchboard window within ${seconds} s, so it did not run.`,
      );
    }
    return { decision: 'skip' };
  } catch (error) {
    host.update(sessionId, block.message.id, { meta: { status: 'stopped' } });
    throw error;
  } finally {
    deps.events.emit({ type: 'approval.resolved', sessionId, blockId: request.blockId });
  }
}

function notice(
  host: TurnHost,
  sessionId: string,
  kind: NonNullable<MessageMeta['notice']>,
  text: string,
): void {
  host.add({ sessionId, role: 'computer', type: 'message', content: text, meta: { notice: kind } });
}

function setTurnStatus(deps: TurnDependencies, turn: Turn, sessionId: string, status: TurnStatus): void {
  turn.status = status;
  deps.events.emit({ type: 'turn.status', sessionId, status });
}
