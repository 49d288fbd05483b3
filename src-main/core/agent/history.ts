import type { ChatMessage } from '../../../src-shared/lmc';
import { stripAnsi, tailForModel } from '../exec/output';
import type { ProviderMessage } from '../router/types';
import { DECLINED_MESSAGE, describeOutput } from './prompt';

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
 * this turn's user message).
 */
export function buildRequestMessages(system: string, stored: ChatMessage[], currentTurnStart: number, limits: HistoryLimits): ProviderMessage[] {
  const earlier = toProviderMessages(stored.slice(0, currentTurnStart), limits.maxOutput);
  const kept = limits.messages > 0 && limits.chars > 0 ? earlier.slice(-limits.messages).map((m) => ({ ...m, content: cut(m.content ?? '', limits.chars) })) : [];
  return [{ role: 'system', content: system }, ...kept, ...toProviderMessages(stored.slice(currentTurnStart), limits.maxOutput)];
}

/** Cuts text to at most `max` characters, marking the cut with "…". */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 1 ? text.slice(0, max) : `${text.slice(0, max - 1)}…`;
}

/**
 * LMC → OpenAI messages. Adjacent assistant prose and code merge into one assistant message
 * (code as a fenced block); console output becomes a user message describing what ran;
 * a skipped block becomes "I have declined to run this code."; confirmations are not sent.
 */
export function toProviderMessages(messages: ChatMessage[], maxOutput: number): ProviderMessage[] {
  const out: ProviderMessage[] = [];
  const push = (role: ProviderMessage['role'], content: string) => {
    const last = out[out.length - 1];
    if (role === 'assistant' && last?.role === 'assistant') last.content = `${last.content ?? ''}\n\n${content}`.trim();
    else out.push({ role, content });
  };
  for (const m of messages) {
    if (m.type === 'confirmation') continue;
    if (m.role === 'user' && m.type === 'message') push('user', m.content);
    else if (m.role === 'assistant' && m.type === 'message') {
      if (m.content.trim() !== '') push('assistant', m.content);
    } else if (m.role === 'assistant' && m.type === 'code') {
      push('assistant', `\`\`\`${m.format ?? ''}\n${m.content.replace(/\n$/, '')}\n\`\`\``);
      if (m.meta.status === 'skipped') push('user', DECLINED_MESSAGE);
    } else if (m.role === 'computer' && m.type === 'console') {
      const text = tailForModel(stripAnsi(m.content), maxOutput);
      push('user', describeOutput(text, { exitCode: m.meta.exit_code ?? null, note: outcomeNote(m) }));
    } else if (m.type === 'image') {
      push('user', 'The code produced an image, which is shown to the user.');
    }
  }
  return out;
}

function outcomeNote(m: ChatMessage): string | undefined {
  switch (m.meta.outcome) {
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
