import type { ChatChunk } from '../../src-main/core/router/types';

type Json = Record<string, unknown>;

/** What a caller assembles from a stream's first choice: text, reasoning (`reasoning_content`, else `reasoning`), OpenRouter's `reasoning_details` entries, annotations, tool calls, finish reason. */
export function assemble(chunks: ChatChunk[]) {
  let content = '';
  let reasoning = '';
  const details: Json[] = [];
  const annotations: Json[] = [];
  const calls: Array<{ id?: string; name?: string; arguments: string }> = [];
  let finish: string | null = null;
  for (const chunk of chunks) {
    const choice = chunk.choices?.[0];
    const delta = choice?.delta ?? {};
    content += delta.content ?? '';
    const thought = delta.reasoning_content ?? delta.reasoning;
    reasoning += typeof thought === 'string' ? thought : '';
    if (Array.isArray(delta.reasoning_details)) details.push(...(delta.reasoning_details as Json[]));
    if (Array.isArray(delta.annotations)) annotations.push(...(delta.annotations as Json[]));
    for (const call of delta.tool_calls ?? []) {
      const at = call.index ?? 0;
      calls[at] ??= { arguments: '' };
      const entry = calls[at];
      if (call.id) entry.id = call.id;
      if (call.function?.name) entry.name = call.function.name;
      entry.arguments += call.function?.arguments ?? '';
    }
    if (choice?.finish_reason) finish = choice.finish_reason;
  }
  return { content, reasoning, details, annotations, calls, finish };
}
