import { randomBytes, randomUUID } from 'node:crypto';

/** Which provider's chat-completions dialect the scripted upstream speaks for a rule. */
export type ReplyFormat = 'groq' | 'openai' | 'openrouter' | 'gemini';

/** A tool call the scripted model makes: the function name and its JSON arguments text. */
export interface ScriptedToolCall {
  name: string;
  arguments: string;
}

/** What one scripted reply says. */
export interface ReplySpec {
  text: string;
  toolCalls: ScriptedToolCall[];
  model: string;
  /** Characters per streamed text chunk / argument fragment. */
  chunkChars: number;
  promptTokens: number;
  /** The request asked for `stream_options.include_usage` (OpenAI sends a last `choices: []` chunk then). */
  includeUsage: boolean;
}

const pieces = (text: string, size: number): string[] => {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
};

function usageOf(spec: ReplySpec): {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
} {
  const completion = Math.max(
    1,
    Math.ceil((spec.text.length + spec.toolCalls.reduce((n, c) => n + c.arguments.length, 0)) / 4),
  );
  return {
    prompt_tokens: spec.promptTokens,
    completion_tokens: completion,
    total_tokens: spec.promptTokens + completion,
  };
}

const GROQ_TIMES = { queue_time: 0.01, prompt_time: 0.002, completion_time: 0.01, total_time: 0.012 };

/**
 * The SSE frames of a streamed chat completion in a provider's dialect, `[DONE]` included:
 * - groq: `x_groq.id` on the first chunk, `x_groq.usage` on the last;
 * - openai: `usage: null` on every chunk and a last `choices: []` chunk with usage when asked;
 * - openrouter: `: OPENROUTER PROCESSING` comments first, `provider` on chunks, usage on the last;
 * - gemini: no `id`, tool calls whole in one chunk without `index`/`id`, and `finish_reason: "stop"` even after tool calls.
 */
export function chatCompletionFrames(format: ReplyFormat, spec: ReplySpec): string[] {
  const usage = usageOf(spec);
  const created = Math.floor(Date.now() / 1000);
  const base: Record<string, unknown> =
    format === 'gemini'
      ? { object: 'chat.completion.chunk', created, model: spec.model }
      : {
          id: `chatcmpl-${randomUUID()}`,
          object: 'chat.completion.chunk',
          created,
          model: spec.model,
          system_fingerprint: 'fp_scripted',
        };
  if (format === 'openrouter') base.provider = 'OpenAI';
  if (format === 'openai' && spec.includeUsage) base.usage = null;
  const xGroqId = `req_${randomBytes(8).toString('hex')}`;
  const chunk = (
    delta: Record<string, unknown>,
    finish: string | null = null,
    extra: Record<string, unknown> = {},
  ) =>
    JSON.stringify({
      ...base,
      choices: [
        { index: 0, delta, ...(format === 'gemini' ? {} : { logprobs: null }), finish_reason: finish },
      ],
      ...extra,
    });

  const frames: string[] = [];
  if (format === 'openrouter') frames.push(': OPENROUTER PROCESSING', ': OPENROUTER PROCESSING');
  frames.push(
    chunk({ role: 'assistant', content: '' }, null, format === 'groq' ? { x_groq: { id: xGroqId } } : {}),
  );
  for (const piece of pieces(spec.text, spec.chunkChars)) frames.push(chunk({ content: piece }));
  if (format === 'gemini') {
    if (spec.toolCalls.length > 0)
      frames.push(
        chunk({
          role: 'assistant',
          tool_calls: spec.toolCalls.map((c) => ({
            type: 'function',
            function: { name: c.name, arguments: c.arguments },
          })),
        }),
      );
  } else {
    spec.toolCalls.forEach((call, index) => {
      frames.push(
        chunk({
          tool_calls: [
            {
              index,
              id: `call_${randomBytes(6).toString('hex')}`,
              type: 'function',
              function: { name: call.name, arguments: '' },
            },
          ],
        }),
      );
      for (const piece of pieces(call.arguments, spec.chunkChars))
        frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    });
  }
  const finish = spec.toolCalls.length > 0 && format !== 'gemini' ? 'tool_calls' : 'stop';
  if (format === 'groq')
    frames.push(chunk({}, finish, { x_groq: { id: xGroqId, usage: { ...GROQ_TIMES, ...usage } } }));
  else if (format === 'openai') {
    frames.push(chunk({}, finish));
    if (spec.includeUsage) frames.push(JSON.stringify({ ...base, choices: [], usage }));
  } else frames.push(chunk({}, finish, { usage }));
  frames.push('[DONE]');
  return frames.map((f) => (f.startsWith(':') ? `${f}\n\n` : `data: ${f}\n\n`));
}

/** A non-streamed `chat.completion` in a provider's dialect. */
export function chatCompletionJson(format: ReplyFormat, spec: ReplySpec): Record<string, unknown> {
  const usage = usageOf(spec);
  const message: Record<string, unknown> = { role: 'assistant', content: spec.text };
  if (spec.toolCalls.length > 0) {
    message.tool_calls = spec.toolCalls.map((c) => ({
      ...(format === 'gemini' ? {} : { id: `call_${randomBytes(6).toString('hex')}` }),
      type: 'function',
      function: { name: c.name, arguments: c.arguments },
    }));
  }
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: spec.model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: spec.toolCalls.length > 0 && format !== 'gemini' ? 'tool_calls' : 'stop',
      },
    ],
    usage: format === 'groq' ? { ...GROQ_TIMES, ...usage } : usage,
    system_fingerprint: 'fp_scripted',
    ...(format === 'groq' ? { x_groq: { id: `req_${randomBytes(8).toString('hex')}` } } : {}),
  };
}

/** The SSE frames of an Anthropic Messages stream (message_start … message_stop, with a ping). */
export function anthropicFrames(spec: ReplySpec): string[] {
  const usage = usageOf(spec);
  const frames: Array<[string, Record<string, unknown>]> = [];
  frames.push([
    'message_start',
    {
      type: 'message_start',
      message: {
        id: `msg_${randomBytes(8).toString('hex')}`,
        type: 'message',
        role: 'assistant',
        model: spec.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: usage.prompt_tokens, output_tokens: 1 },
      },
    },
  ]);
  let index = 0;
  if (spec.text !== '' || spec.toolCalls.length === 0) {
    frames.push([
      'content_block_start',
      { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
    ]);
    frames.push(['ping', { type: 'ping' }]);
    for (const piece of pieces(spec.text, spec.chunkChars))
      frames.push([
        'content_block_delta',
        { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } },
      ]);
    frames.push(['content_block_stop', { type: 'content_block_stop', index }]);
    index += 1;
  }
  for (const call of spec.toolCalls) {
    frames.push([
      'content_block_start',
      {
        type: 'content_block_start',
        index,
        content_block: {
          type: 'tool_use',
          id: `toolu_${randomBytes(8).toString('hex')}`,
          name: call.name,
          input: {},
        },
      },
    ]);
    for (const piece of pieces(call.arguments, spec.chunkChars))
      frames.push([
        'content_block_delta',
        { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } },
      ]);
    frames.push(['content_block_stop', { type: 'content_block_stop', index }]);
    index += 1;
  }
  frames.push([
    'message_delta',
    {
      type: 'message_delta',
      delta: { stop_reason: spec.toolCalls.length > 0 ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: usage.completion_tokens },
    },
  ]);
  frames.push(['message_stop', { type: 'message_stop' }]);
  return frames.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** A non-streamed Anthropic `message`. */
export function anthropicJson(spec: ReplySpec): Record<string, unknown> {
  const usage = usageOf(spec);
  const content: Array<Record<string, unknown>> = [];
  if (spec.text !== '') content.push({ type: 'text', text: spec.text });
  for (const call of spec.toolCalls)
    content.push({
      type: 'tool_use',
      id: `toolu_${randomBytes(8).toString('hex')}`,
      name: call.name,
      input: JSON.parse(call.arguments) as unknown,
    });
  return {
    id: `msg_${randomBytes(8).toString('hex')}`,
    type: 'message',
    role: 'assistant',
    model: spec.model,
    content,
    stop_reason: spec.toolCalls.length > 0 ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens },
  };
}
