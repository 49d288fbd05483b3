import type { BlockStatus, ChatMessage } from '../../../src-shared/lmc';
import type { Settings } from '../../../src-shared/settings';
import { AppError } from '../errors';
import type { EventBus } from '../event-bus';
import { tailForModel } from '../exec/output';
import type { BlockResult, ExecService, KernelLanguage } from '../exec/types';
import type { SessionStore } from '../sessions/session-store';
import { LiveOutputRelay } from './live-output';
import type { ProposedBlock } from './reply-stream';

const STATUS_BY_OUTCOME: Record<BlockResult['outcome'], BlockStatus> = {
  done: 'done',
  stopped: 'stopped',
  timed_out: 'timed_out',
  kernel_exited: 'done',
};

interface RunDependencies {
  sessions: SessionStore;
  exec: ExecService;
  events: EventBus;
}

/** What a block's run left behind, for the loop's decisions. */
export interface BlockRun {
  /** How it ended; `failed` when it could not start (no interpreter, no workspace folder). */
  outcome: BlockResult['outcome'] | 'failed';
  /** What ran, and the output as the model sees it: compared to spot a loop repeating itself. */
  fingerprint: string;
}

/**
 * Runs an approved block (the edited code when the person changed it) in the session's kernel:
 * the code message records what ran (and the original), a `console` message streams the
 * terminal output to the window through a LiveOutputRelay (bounded, so 50 MB cannot freeze it)
 * and keeps the stored output with the exit status; each `plt.show()` figure becomes an `image`
 * message (LMC `image`, `base64.png`). Rethrows only errors that are not AppErrors.
 */
export async function runBlock(
  deps: RunDependencies,
  sessionId: string,
  block: ProposedBlock & { language: KernelLanguage },
  editedCode: string | undefined,
  signal: AbortSignal,
  settings: Settings,
): Promise<BlockRun> {
  const { sessions, exec, events } = deps;
  const original = block.message.content;
  const code = editedCode ?? original;
  const emitEnd = (message: ChatMessage) => events.emit({ type: 'message.end', sessionId, message });
  const fingerprint = (output: string) =>
    JSON.stringify([block.language, code.trim(), tailForModel(output, settings.open_interpreter_max_output)]);

  let cwd: string;
  try {
    cwd = exec.currentDirectory(sessionId, block.language);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    recordNotRun(deps, sessionId, block, error.message);
    return { outcome: 'failed', fingerprint: fingerprint(error.message) };
  }
  emitEnd(
    sessions.updateMessage(block.message.id, {
      content: code,
      meta: { status: 'running', cwd, ...(code !== original ? { original_code: original } : {}) },
    }),
  );

  const consoleMessage = sessions.addMessage({
    sessionId,
    role: 'computer',
    type: 'console',
    format: 'output',
    content: '',
  });
  events.emit({ type: 'message.start', sessionId, message: consoleMessage });
  const relay = new LiveOutputRelay((chunk) =>
    events.emit({ type: 'message.delta', sessionId, messageId: consoleMessage.id, content: chunk }),
  );

  let result: BlockResult;
  try {
    result = await exec.run(sessionId, block.language, code, {
      timeoutMs: settings.open_interpreter_block_timeout_seconds * 1000,
      signal,
      onOutput: (chunk) => relay.push(chunk),
      onImage: (image) => {
        const message = sessions.addMessage({
          sessionId,
          role: 'computer',
          type: 'image',
          format: image.format,
          content: image.data,
        });
        events.emit({ type: 'message.start', sessionId, message });
        emitEnd(message);
      },
    });
  } catch (error) {
    relay.finish();
    // A missing interpreter is reported in the console and to the model, which can switch language.
    const text = error instanceof AppError ? error.message : 'The block could not start.';
    emitEnd(
      sessions.updateMessage(consoleMessage.id, {
        content: text,
        meta: { exit_code: null, outcome: 'not_started' },
      }),
    );
    emitEnd(sessions.updateMessage(block.message.id, { meta: { status: 'failed' } }));
    if (!(error instanceof AppError)) throw error;
    return { outcome: 'failed', fingerprint: fingerprint(text) };
  }
  relay.finish();
  emitEnd(
    sessions.updateMessage(consoleMessage.id, {
      content: result.output,
      meta: {
        exit_code: result.exitCode,
        outcome: result.outcome,
        ...(result.truncated ? { truncated: true } : {}),
        ...(result.restartedKernel ? { restarted_kernel: true } : {}),
      },
    }),
  );
  emitEnd(sessions.updateMessage(block.message.id, { meta: { status: STATUS_BY_OUTCOME[result.outcome] } }));
  return { outcome: result.outcome, fingerprint: fingerprint(result.output) };
}

/**
 * Records a block that cannot run (an unknown language or tool, unreadable tool arguments, no
 * workspace folder): the block is marked `failed` and a console message says why, which is
 * also what the model is told.
 */
export function recordNotRun(
  deps: RunDependencies,
  sessionId: string,
  block: ProposedBlock,
  reason: string,
): void {
  const { sessions, events } = deps;
  events.emit({
    type: 'message.end',
    sessionId,
    message: sessions.updateMessage(block.message.id, { meta: { status: 'failed' } }),
  });
  const message = sessions.addMessage({
    sessionId,
    role: 'computer',
    type: 'console',
    format: 'output',
    content: reason,
    meta: { exit_code: null, outcome: 'not_started' },
  });
  events.emit({ type: 'message.start', sessionId, message });
  events.emit({ type: 'message.end', sessionId, message });
}
