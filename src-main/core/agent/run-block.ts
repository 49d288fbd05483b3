import type { Settings } from '../../../src-shared/settings';
import type { BlockStatus } from '../../../src-shared/lmc';
import { AppError } from '../errors';
import type { EventBus } from '../event-bus';
import type { BlockResult, ExecService } from '../exec/types';
import type { SessionStore } from '../sessions/session-store';
import type { ProposedBlock } from './reply-stream';

const STATUS_BY_OUTCOME: Record<BlockResult['outcome'], BlockStatus> = {
  done: 'done',
  stopped: 'stopped',
  timed_out: 'timed_out',
  kernel_exited: 'done',
};

/**
 * Runs an approved block (the edited code when the person changed it) in the session's kernel:
 * the code message records what ran (and the original), a `console` message streams the real
 * output and keeps it with the exit status. Returns how the block ended.
 */
export async function runBlock(
  deps: { sessions: SessionStore; exec: ExecService; events: EventBus },
  sessionId: string,
  block: ProposedBlock,
  editedCode: string | undefined,
  signal: AbortSignal,
  settings: Settings,
): Promise<BlockResult['outcome'] | 'failed'> {
  const { sessions, exec, events } = deps;
  const original = block.message.content;
  const code = editedCode ?? original;
  const cwd = exec.workingDirectory(sessionId);
  const running = sessions.updateMessage(block.message.id, {
    content: code,
    meta: { status: 'running', cwd, ...(code !== original ? { original_code: original } : {}) },
  });
  events.emit({ type: 'message.end', sessionId, message: running });

  const consoleMessage = sessions.addMessage({ sessionId, role: 'computer', type: 'console', format: 'output', content: '' });
  events.emit({ type: 'message.start', sessionId, message: consoleMessage });

  let result: BlockResult;
  try {
    result = await exec.run(sessionId, block.language, code, {
      timeoutMs: settings.open_interpreter_block_timeout_seconds * 1000,
      signal,
      onOutput: (chunk) => events.emit({ type: 'message.delta', sessionId, messageId: consoleMessage.id, content: chunk }),
    });
  } catch (error) {
    // A missing interpreter is reported in the console and to the model, which can switch language.
    const message = error instanceof AppError ? error.message : String(error);
    const ended = sessions.updateMessage(consoleMessage.id, { content: message, meta: { exit_code: null, outcome: 'kernel_exited' } });
    events.emit({ type: 'message.end', sessionId, message: ended });
    events.emit({ type: 'message.end', sessionId, message: sessions.updateMessage(block.message.id, { meta: { status: 'failed' } }) });
    if (!(error instanceof AppError)) throw error;
    return 'failed';
  }
  const ended = sessions.updateMessage(consoleMessage.id, {
    content: result.output,
    meta: { exit_code: result.exitCode, outcome: result.outcome, ...(result.truncated ? { truncated: true } : {}) },
  });
  events.emit({ type: 'message.end', sessionId, message: ended });
  events.emit({ type: 'message.end', sessionId, message: sessions.updateMessage(block.message.id, { meta: { status: STATUS_BY_OUTCOME[result.outcome] } }) });
  return result.outcome;
}
