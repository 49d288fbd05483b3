import type { ChatMessage, ToolRef } from '../../../src-shared/lmc';
import type { Settings } from '../../../src-shared/settings';
import type { BlockRun } from '../agent/run-block';
import { AppError, isAbortError } from '../errors';
import type { EventBus } from '../event-bus';
import { tailForModel } from '../exec/output';
import type { SessionStore } from '../sessions/session-store';
import { readToolResult } from './mcp/result';
import type { ToolRegistry } from './tool-registry';

interface RunToolDependencies {
  sessions: SessionStore;
  events: EventBus;
  tools: ToolRegistry;
}

/** The `format` of the console message holding a tool's result. */
export const TOOL_RESULT_FORMAT = 'tool_result';

/**
 * The JSON arguments of a tool call as an object: `{}` for empty text; null when the text is
 * not a JSON object (the model, or the person's edit, got it wrong).
 */
export function parseToolArguments(text: string): Record<string, unknown> | null {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Runs an approved MCP tool call (`message`: the assistant `code` message with `meta.tool`,
 * content the JSON arguments; `edited`: the arguments after the person edited them). The
 * result is stored as a computer `console` message (format `tool_result`; `meta.tool_error`
 * when the server said the call failed) followed by one `image` message per image, and the
 * block is marked done. Unreadable arguments, an unreachable server or a timeout are a
 * console message saying why (`outcome: not_started` / `timed_out`), which the model is told.
 * Stop (the signal) marks the call stopped. Uses `open_interpreter_block_timeout_seconds`.
 */
export async function runToolCall(
  deps: RunToolDependencies,
  message: ChatMessage & { meta: { tool: ToolRef } },
  edited: string | undefined,
  signal: AbortSignal,
  settings: Settings,
): Promise<BlockRun> {
  const { sessions, events } = deps;
  const sessionId = message.session_id;
  const original = message.content;
  const text = edited ?? original;
  const emitEnd = (m: ChatMessage) => events.emit({ type: 'message.end', sessionId, message: m });
  const fingerprint = (output: string) =>
    JSON.stringify([
      message.meta.tool.name,
      text.trim(),
      tailForModel(output, settings.open_interpreter_max_output),
    ]);
  const addResult = (content: string, meta: ChatMessage['meta']): void => {
    const stored = sessions.addMessage({
      sessionId,
      role: 'computer',
      type: 'console',
      format: TOOL_RESULT_FORMAT,
      content,
      meta,
    });
    events.emit({ type: 'message.start', sessionId, message: stored });
    emitEnd(stored);
  };

  const args = parseToolArguments(text);
  if (args === null) {
    const reason = 'The arguments are not a JSON object, so the tool was not called.';
    emitEnd(sessions.updateMessage(message.id, { content: text, meta: { status: 'failed' } }));
    addResult(reason, { exit_code: null, outcome: 'not_started' });
    return { outcome: 'failed', fingerprint: fingerprint(reason) };
  }
  emitEnd(
    sessions.updateMessage(message.id, {
      content: text,
      meta: { status: 'running', ...(text !== original ? { original_code: original } : {}) },
    }),
  );
  const timeoutMs = settings.open_interpreter_block_timeout_seconds * 1000;
  try {
    const outcome = readToolResult(await deps.tools.call(message.meta.tool, args, signal, timeoutMs));
    addResult(outcome.text, {
      exit_code: outcome.isError ? 1 : 0,
      outcome: 'done',
      ...(outcome.isError ? { tool_error: true } : {}),
    });
    for (const image of outcome.images) {
      const stored = sessions.addMessage({
        sessionId,
        role: 'computer',
        type: 'image',
        format: image.format,
        content: image.data,
      });
      events.emit({ type: 'message.start', sessionId, message: stored });
      emitEnd(stored);
    }
    emitEnd(sessions.updateMessage(message.id, { meta: { status: 'done' } }));
    return { outcome: 'done', fingerprint: fingerprint(outcome.text) };
  } catch (error) {
    if (signal.aborted || isAbortError(error)) {
      emitEnd(sessions.updateMessage(message.id, { meta: { status: 'stopped' } }));
      addResult('', { exit_code: null, outcome: 'stopped' });
      return { outcome: 'stopped', fingerprint: fingerprint('') };
    }
    const timedOut = /timed out/i.test(error instanceof Error ? error.message : '');
    const reason = error instanceof AppError || error instanceof Error ? error.message : String(error);
    emitEnd(sessions.updateMessage(message.id, { meta: { status: timedOut ? 'timed_out' : 'failed' } }));
    addResult(reason, { exit_code: null, outcome: timedOut ? 'timed_out' : 'not_started' });
    return { outcome: 'failed', fingerprint: fingerprint(reason) };
  }
}
