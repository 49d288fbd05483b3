import type { ChatMessage } from '../../../src-shared/lmc';
import { stripAnsi, tailForModel } from '../exec/output';
import type { ProviderMessage } from '../router/types';
import { DECLINED_MESSAGE, describeOutput, EXECUTE_TOOL_NAME, type ProposalFormat } from './prompt';
import { TOOL_RESULT_FORMAT } from '../tools/run-tool-call';
import {
  describeToolCall,
  describeToolResult,
  proposedArguments,
  TOOL_DECLINED_MESSAGE,
} from '../tools/tool-history';

export interface HistoryLimits {
  /** `open_interpreter_history_messages`: how many earlier messages to send. */
  messages: number;
  /** `open_interpreter_history_chars`: each earlier message is cut to this many characters. */
  chars: number;
  /** `open_interpreter_max_output`: a block's output is cut to its last this-many characters. */
  maxOutput: number;
}

/**
 * Builds the request messages: the system prompt, then the last `limits.messages` messages of
 * earlier turns each cut to `limits.chars` characters, then the current turn whole (its block
 * outputs cut to the last `limits.maxOutput` characters).
 *
 * `stored` is the session in order; the current turn starts at `currentTurnStart` (the index of
 * this turn's user message). With `format: 'tools'` the current turn's `execute` calls are sent
 * as native `tool_calls` with `tool` results; earlier turns are always plain text, because cutting
 * them could separate a tool call from its result, which providers reject.
 */
export function buildRequestMessages(
  system: string,
  stored: ChatMessage[],
  currentTurnStart: number,
  limits: HistoryLimits,
  format: ProposalFormat = 'fences',
): ProviderMessage[] {
  const earlier = toProviderMessages(stored.slice(0, currentTurnStart), limits.maxOutput);
  const kept =
    limits.messages > 0 && limits.chars > 0
      ? earlier
          .slice(-limits.messages)
          .map((m) => ({ role: m.role, content: cut(m.content ?? '', limits.chars) }))
      : [];
  const current = toProviderMessages(stored.slice(currentTurnStart), limits.maxOutput, format === 'tools');
  return [{ role: 'system', content: system }, ...kept, ...current];
}

/** Cuts text to at most `max` characters, marking the cut with "…". */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 1 ? text.slice(0, max) : `${text.slice(0, max - 1)}…`;
}

/**
 * LMC → OpenAI messages. Adjacent assistant prose and code merge into one assistant message
 * (code as a fenced block, as the model proposed it); console output becomes a user message
 * describing what ran (the edited code when the person changed it, images produced, a fresh
 * kernel); a skipped block becomes "I have declined to run this code."; confirmations and
 * Switchboard's notices are not sent. With `nativeToolCalls`, blocks proposed through the
 * `execute` tool become `tool_calls` on the assistant message and their results `tool`
 * messages, every call answered.
 */
export function toProviderMessages(
  messages: ChatMessage[],
  maxOutput: number,
  nativeToolCalls = false,
): ProviderMessage[] {
  const out: ProviderMessage[] = [];
  /** The last code block, until its result is sent. */
  let open: { message: ChatMessage; callId: string | null } | null = null;

  const push = (role: ProviderMessage['role'], content: string): void => {
    const last = out[out.length - 1];
    if (role === 'assistant' && last?.role === 'assistant' && last.tool_calls === undefined)
      last.content = `${last.content ?? ''}\n\n${content}`.trim();
    else out.push({ role, content });
  };
  const answer = (content: string): void => {
    if (open?.callId) out.push({ role: 'tool', tool_call_id: open.callId, content });
    else push('user', content);
    open = null;
  };
  /** A native tool call, on the assistant message just written when it has none yet. */
  const pushToolCall = (call: {
    id: string;
    type: string;
    function: { name: string; arguments: string };
  }): void => {
    const last = out[out.length - 1];
    if (last?.role === 'assistant' && last.tool_calls === undefined) last.tool_calls = [call];
    else out.push({ role: 'assistant', content: null, tool_calls: [call] });
  };
  const closeUnanswered = (): void => {
    if (open?.callId) answer(`The code was not run (${open.message.meta.status ?? 'stopped'}).`);
    open = null;
  };

  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as ChatMessage;
    if (m.role === 'computer' && m.type === 'console' && m.format === TOOL_RESULT_FORMAT) {
      let images = 0;
      while (messages[i + 1]?.type === 'image') {
        images += 1;
        i += 1;
      }
      answer(describeToolResult(m, open?.message ?? null, maxOutput, images));
      continue;
    }
    if (m.role === 'computer' && m.type === 'console' && m.meta.outcome === 'not_started') {
      answer(`The code could not run: ${m.content}`);
      continue;
    }
    if (m.role === 'computer' && m.type === 'console') {
      let images = 0;
      while (messages[i + 1]?.type === 'image') {
        images += 1;
        i += 1;
      }
      answer(
        describeOutput(
          tailForModel(stripAnsi(m.content), maxOutput),
          runReport(m, open?.message ?? null, images),
        ),
      );
      continue;
    }
    if (m.type === 'image') {
      answer('The code produced an image, which is shown to the user.');
      continue;
    }
    if (m.type === 'confirmation' || (m.role === 'computer' && m.type === 'message')) continue;
    closeUnanswered();
    if (m.role === 'user' && m.type === 'message') push('user', m.content);
    else if (m.role === 'assistant' && m.type === 'message') {
      if (m.content.trim() !== '') push('assistant', m.content);
    } else if (m.role === 'assistant' && m.type === 'code' && m.meta.tool) {
      const callId = nativeToolCalls ? (m.meta.tool_call_id ?? null) : null;
      if (callId) {
        pushToolCall({
          id: callId,
          type: 'function',
          function: { name: m.meta.tool.name, arguments: proposedArguments(m) },
        });
      } else push('assistant', describeToolCall(m));
      open = { message: m, callId };
      if (m.meta.status === 'skipped') answer(TOOL_DECLINED_MESSAGE);
    } else if (m.role === 'assistant' && m.type === 'code') {
      const proposed = (m.meta.original_code ?? m.content).replace(/\n$/, '');
      const callId = nativeToolCalls ? (m.meta.tool_call_id ?? null) : null;
      if (callId) {
        pushToolCall({
          id: callId,
          type: 'function',
          function: {
            name: EXECUTE_TOOL_NAME,
            arguments: JSON.stringify({ language: m.format ?? '', code: proposed }),
          },
        });
      } else push('assistant', `\`\`\`${m.format ?? ''}\n${proposed}\n\`\`\``);
      open = { message: m, callId };
      if (m.meta.status === 'skipped') answer(DECLINED_MESSAGE);
    }
  }
  closeUnanswered();
  return out;
}

function runReport(
  consoleMessage: ChatMessage,
  code: ChatMessage | null,
  images: number,
): Parameters<typeof describeOutput>[1] {
  const edited =
    code !== null && code.meta.original_code !== undefined && code.meta.original_code !== code.content;
  const note = outcomeNote(consoleMessage);
  return {
    exitCode: consoleMessage.meta.exit_code ?? null,
    ...(note ? { note } : {}),
    ...(edited && code ? { editedCode: { language: code.format ?? '', code: code.content } } : {}),
    ...(consoleMessage.meta.restarted_kernel ? { restartedKernel: true } : {}),
    ...(consoleMessage.meta.truncated ? { truncated: true } : {}),
    ...(images > 0 ? { images } : {}),
  };
}

function outcomeNote(m: ChatMessage): string | undefined {
  switch (m.meta.outcome) {
    case 'not_started':
      return 'it could not start';
    case 'stopped':
      return 'the user stopped it before it finished';
    case 'timed_out':
      return 'it was stopped at the time limit before it finished';
    case 'kernel_exited':
      return `the interpreter exited${m.meta.exit_code != null ? ` with status ${m.meta.exit_code}` : ''} and will be restarted`;
    default:
      return undefined;
  }
}
