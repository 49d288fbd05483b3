import { randomBytes } from 'node:crypto';
import type { ChatChunk, ChatCompletion, ToolCallDelta } from './types';

/** A tool-call id in OpenAI's style, for providers that send none (Gemini). */
export function newToolCallId(): string {
  return `call_${randomBytes(12).toString('base64url')}`;
}

/**
 * Brings streamed tool calls to OpenAI's shape, for providers that stray from it: Together sends
 * `null` where OpenAI sends `""` (the first fragment's `arguments`) or leaves a field out (`name`
 * and `id` of later fragments), which a client that appends fragments turns into `"null{…"`;
 * Gemini's OpenAI endpoint (per REFERENCE.md) may leave out `index` and `id`. So: a `null`
 * `arguments` becomes `""` and a `null` `name`, `id` or `type` is dropped; a fragment without
 * `index` gets one (a fragment naming a function or carrying an id starts a new call, otherwise
 * it continues the last); a new call without `id` gets one; a choice that streamed tool calls and
 * ends with `finish_reason: "stop"` ends with `"tool_calls"`. Chunks already in OpenAI's shape
 * pass through untouched. One fixer per stream; it keeps the per-choice call counters.
 */
export class ToolCallFixer {
  /** Per choice index: the next free tool-call index and the last one used. */
  private readonly calls = new Map<number, { next: number; last: number }>();

  /** Fixes `chunk` in place (only when needed) and returns it. */
  fix(chunk: ChatChunk): ChatChunk {
    const choices = chunk.choices;
    if (!choices) return chunk;
    for (let c = 0; c < choices.length; c++) {
      const choice = choices[c];
      if (!choice) continue;
      const choiceIndex = choice.index ?? c;
      const toolCalls = choice.delta?.tool_calls;
      if (toolCalls && toolCalls.length > 0) this.fixCalls(choiceIndex, toolCalls);
      if (choice.finish_reason === 'stop' && this.calls.has(choiceIndex)) choice.finish_reason = 'tool_calls';
    }
    return chunk;
  }

  private fixCalls(choiceIndex: number, toolCalls: ToolCallDelta[]): void {
    let state = this.calls.get(choiceIndex);
    if (!state) {
      state = { next: 0, last: -1 };
      this.calls.set(choiceIndex, state);
    }
    for (const call of toolCalls) {
      dropNulls(call);
      if (typeof call.index !== 'number') {
        const starts = call.id !== undefined || call.function?.name !== undefined || state.last < 0;
        call.index = starts ? state.next : state.last;
      }
      if (call.index >= state.next) {
        // The first fragment of a call: it must carry an id and a type.
        if (call.id === undefined || call.id === '') call.id = newToolCallId();
        if (call.type === undefined) call.type = 'function';
        state.next = call.index + 1;
      }
      state.last = call.index;
    }
  }
}

/** Together's `null`s in a tool-call fragment, in OpenAI's shape (see ToolCallFixer). */
function dropNulls(call: ToolCallDelta): void {
  const loose = call as Record<string, unknown>;
  if (loose.id === null) delete loose.id;
  if (loose.type === null) delete loose.type;
  const fn = call.function as Record<string, unknown> | undefined;
  if (!fn) return;
  if (fn.name === null) delete fn.name;
  if (fn.arguments === null) fn.arguments = '';
}

/**
 * The same fix-ups for a non-streamed completion: every tool call gets an `id` and a type,
 * and a message with tool calls finishes with `"tool_calls"`.
 */
export function fixCompletionToolCalls(completion: ChatCompletion): ChatCompletion {
  for (const choice of completion.choices ?? []) {
    const calls = choice.message?.tool_calls;
    if (!calls || calls.length === 0) continue;
    for (const call of calls) {
      if (call.id === undefined || call.id === '') call.id = newToolCallId();
      if (call.type === undefined) call.type = 'function';
    }
    if (choice.finish_reason === 'stop') choice.finish_reason = 'tool_calls';
  }
  return completion;
}
