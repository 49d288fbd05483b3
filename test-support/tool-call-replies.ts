import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { lastMessageRole, lastMessageText, type RecordedRequest, type ScriptRule } from './scripted-upstream';

/** A tool call the scripted model makes. */
export interface ScriptedToolCall {
  /** Omitted → no `id` on the wire (as Gemini's OpenAI endpoint sometimes does). */
  id?: string;
  name: string;
  /** The JSON arguments text, streamed in pieces of `argumentChunkChars`. */
  arguments: string;
}

export interface ToolCallReply {
  /** Prose streamed before the calls. */
  content?: string;
  calls: ScriptedToolCall[];
  /** Leave out `index` on tool-call fragments (Gemini). */
  omitIndex?: boolean;
  /** `tool_calls` (OpenAI, Groq) or `stop` (Gemini). Default `tool_calls`. */
  finishReason?: 'tool_calls' | 'stop';
  /** Characters of arguments per chunk (default 12). */
  argumentChunkChars?: number;
}

/**
 * A `raw` writer for the scripted upstream that streams an assistant reply with tool calls in
 * the OpenAI `chat.completion.chunk` format (Groq's shape: `x_groq.usage` on the last chunk):
 * the role, prose, then per call a first fragment with `id`, `type` and `function.name`, then
 * `function.arguments` fragments, then the finish chunk and `data: [DONE]`.
 */
export function toolCallReply(reply: ToolCallReply | ((request: RecordedRequest) => ToolCallReply)) {
  return (res: ServerResponse, request: RecordedRequest): void => {
    const spec = typeof reply === 'function' ? reply(request) : reply;
    const base = {
      id: `chatcmpl-${randomUUID()}`,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: request.body?.model ?? 'llama-3.1-8b-instant',
    };
    const events: unknown[] = [
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
    ];
    if (spec.content)
      events.push({
        ...base,
        choices: [{ index: 0, delta: { content: spec.content }, finish_reason: null }],
      });
    const size = spec.argumentChunkChars ?? 12;
    spec.calls.forEach((call, index) => {
      const position = spec.omitIndex ? {} : { index };
      const head = {
        ...position,
        ...(call.id ? { id: call.id } : {}),
        type: 'function',
        function: { name: call.name, arguments: '' },
      };
      events.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [head] }, finish_reason: null }] });
      for (let at = 0; at < call.arguments.length; at += size) {
        const fragment = { ...position, function: { arguments: call.arguments.slice(at, at + size) } };
        events.push({
          ...base,
          choices: [{ index: 0, delta: { tool_calls: [fragment] }, finish_reason: null }],
        });
      }
    });
    const completionTokens = Math.max(1, Math.ceil(JSON.stringify(spec.calls).length / 4));
    const promptTokens = Math.ceil(JSON.stringify(request.body?.messages ?? []).length / 4);
    events.push({
      ...base,
      choices: [{ index: 0, delta: {}, finish_reason: spec.finishReason ?? 'tool_calls' }],
      x_groq: {
        id: 'req_scripted_tools',
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      },
    });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
    res.end('data: [DONE]\n\n');
  };
}

/** `execute(language, code)` arguments as the model would send them. */
export const executeArguments = (language: string, code: string): string =>
  JSON.stringify({ language, code });

/** A rule answering every request that ends in a tool result with `prefix` and that result's text. */
export function answerToolResults(prefix: string): ScriptRule {
  return {
    match: (request) => lastMessageRole(request) === 'tool',
    reply: (request) => `${prefix}${lastMessageText(request)}`,
  };
}
