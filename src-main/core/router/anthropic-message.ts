import { ProviderFailure, type ChatCompletion, type ToolCallDelta, type Usage } from './types';

/** Anthropic `stop_reason` → OpenAI `finish_reason`. */
const FINISH: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
  pause_turn: 'stop',
};

/** A JSON object as Anthropic sends it. */
export type Json = Record<string, unknown>;
/** `v` as an object, or an empty one. */
export const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
/** `v` as a number, or 0. */
export const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
/** Anthropic's `stop_reason` as an OpenAI `finish_reason` (`stop` when unknown). */
export const finishOf = (reason: unknown): string =>
  typeof reason === 'string' ? (FINISH[reason] ?? 'stop') : 'stop';

/** What goes between two text blocks that a tool call, search or thinking block separated. */
export const BLOCK_SEPARATOR = '\n\n';

/**
 * Joins the text blocks of one reply. Blocks that follow each other directly are one text
 * (Anthropic splits cited passages into their own blocks and sends the spaces between them as
 * blocks of their own, so nothing may be added there — LiteLLM joins them as they are too);
 * text that resumes after another kind of block (a web search, a tool call, thinking) starts a
 * new paragraph unless either side already has whitespace there — otherwise "…from
 * today.Based on the search results" reaches the reader.
 */
export class TextJoiner {
  /** Chars of text so far (UTF-16 code units, as OpenAI annotation indices count). */
  length = 0;
  private last = '';
  private broken = false;

  /** Another kind of block came; the next text starts a paragraph. */
  interrupt(): void {
    if (this.length > 0) this.broken = true;
  }

  /** Where the text last added begins in the reply (after any separator). */
  lastStart = 0;

  /** `text` as it continues the reply (with the separator when one is due). */
  add(text: string): string {
    if (text === '') return '';
    let out = text;
    if (this.broken && !/\s$/.test(this.last) && !/^\s/.test(text)) out = BLOCK_SEPARATOR + text;
    this.broken = false;
    this.lastStart = this.length + out.length - text.length;
    this.length += out.length;
    this.last = out;
    return out;
  }
}

/**
 * An Anthropic citation as an OpenAI-style annotation: `web_search_result_location` →
 * `{type: "url_citation", url_citation: {url, title, cited_text, start_index, end_index}}`
 * (the indices of the cited text in the reply's content); every other kind
 * (`char_location`, `page_location`, `content_block_location`, `search_result_location`) →
 * `{type: "document_citation", document_citation: <the citation as sent>}`.
 */
export function toAnnotation(citation: Json, start: number, end: number): Json {
  if (citation.type === 'web_search_result_location') {
    const url: Json = { url: citation.url, title: citation.title, start_index: start, end_index: end };
    if (typeof citation.cited_text === 'string') url.cited_text = citation.cited_text;
    return { type: 'url_citation', url_citation: url };
  }
  return { type: 'document_citation', document_citation: citation };
}

/** Anthropic usage (input + cache reads + cache writes = OpenAI's prompt tokens) in OpenAI's words. */
export function toUsage(input: number, cacheRead: number, cacheWrite: number, output: number): Usage {
  const prompt = input + cacheRead + cacheWrite;
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: output, total_tokens: prompt + output };
  if (cacheRead > 0) usage.prompt_tokens_details = { cached_tokens: cacheRead };
  return usage;
}

/** The usage numbers of a message (or a `message_delta`): input, cache-read, cache-write and output tokens, each null when absent. */
export function counts(usage: Json): Array<number | null> {
  return ['input_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'output_tokens'].map(
    (name) => (typeof usage[name] === 'number' ? (usage[name] as number) : null),
  );
}

/**
 * An Anthropic `message` as an OpenAI `chat.completion`: text blocks joined (TextJoiner),
 * their citations → `message.annotations`, thinking blocks → `message.reasoning_content`,
 * `tool_use` blocks → `tool_calls` (input as JSON text), usage in OpenAI's words. Throws
 * ProviderFailure `server_error` when the JSON is not a message.
 */
export function toCompletion(message: Json, fallbackModel: string): ChatCompletion {
  if (!Array.isArray(message.content))
    throw new ProviderFailure('server_error', 'Anthropic answered with JSON that is not a message');
  const joiner = new TextJoiner();
  let text = '';
  const reasoning: string[] = [];
  const annotations: Json[] = [];
  const calls: ToolCallDelta[] = [];
  for (const block of (message.content as unknown[]).map(obj)) {
    if (block.type === 'text') {
      const piece = joiner.add(String(block.text ?? ''));
      const start = piece ? joiner.lastStart : joiner.length;
      text += piece;
      if (Array.isArray(block.citations))
        for (const citation of block.citations)
          annotations.push(toAnnotation(obj(citation), start, joiner.length));
      continue;
    }
    joiner.interrupt();
    if (block.type === 'thinking' && typeof block.thinking === 'string') reasoning.push(block.thinking);
    if (block.type === 'tool_use')
      calls.push({
        id: String(block.id ?? ''),
        type: 'function',
        function: { name: String(block.name ?? ''), arguments: JSON.stringify(block.input ?? {}) },
      });
  }
  const [input = 0, cacheRead = 0, cacheWrite = 0, output = 0] = counts(obj(message.usage)).map(
    (n) => n ?? 0,
  );
  const reply: ChatCompletion['choices'][number]['message'] = { role: 'assistant', content: text };
  if (reasoning.length > 0) reply.reasoning_content = reasoning.join(BLOCK_SEPARATOR);
  if (annotations.length > 0) reply.annotations = annotations;
  if (calls.length > 0) reply.tool_calls = calls;
  return {
    id: String(message.id ?? ''),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: String(message.model ?? fallbackModel),
    choices: [{ index: 0, message: reply, finish_reason: finishOf(message.stop_reason) }],
    usage: toUsage(input, cacheRead, cacheWrite, output),
  };
}
