import type { EventSourceMessage } from 'eventsource-parser';
import { classifyStreamError } from './classify';
import { ChunkStreamReader } from './sse';
import {
  ProviderFailure,
  type ChatChunk,
  type ChatCompletion,
  type ToolCallDelta,
  type Usage,
} from './types';

/** Anthropic `stop_reason` → OpenAI `finish_reason`. */
const FINISH: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
  pause_turn: 'stop',
};

type Json = Record<string, unknown>;
type Delta = NonNullable<NonNullable<ChatChunk['choices']>[number]['delta']>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const finishOf = (reason: unknown): string =>
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
class TextJoiner {
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
function toUsage(input: number, cacheRead: number, cacheWrite: number, output: number): Usage {
  const prompt = input + cacheRead + cacheWrite;
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: output, total_tokens: prompt + output };
  if (cacheRead > 0) usage.prompt_tokens_details = { cached_tokens: cacheRead };
  return usage;
}

/** The usage numbers of a message (or a `message_delta`), each null when absent. */
function counts(usage: Json): Array<number | null> {
  return ['input_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'output_tokens'].map(
    (name) => (typeof usage[name] === 'number' ? (usage[name] as number) : null),
  );
}

/** One content block being streamed. */
interface OpenBlock {
  type: string;
  /** Tool-call index (tool_use blocks). */
  tool?: number;
  /** A tool_use block received argument text. */
  args?: boolean;
  /** Where the block's text starts in the reply, and its citations (text blocks). */
  start?: number;
  citations?: Json[];
}

/**
 * Turns an Anthropic Messages stream into OpenAI `chat.completion.chunk`s: `message_start` →
 * a role chunk; `text_delta` → content (text blocks joined as TextJoiner says); a cited text
 * block's citations (`citations_delta`, or `citations` on its start) → `annotations` when the
 * block ends, with the cited text's indices; `thinking_delta` → `reasoning_content` (signatures
 * and redacted thinking are not passed on); a `tool_use` block → a tool call (`index`, `id`,
 * `function.name`) and its `input_json_delta`s → argument fragments, or `"{}"` when it ends
 * without any (a tool that takes no arguments); `message_delta` → the finish chunk with usage
 * (its own token counts when it has them: they are the final ones); `message_stop` ends it.
 * Server-side tool blocks (web search) are not client tool calls and only break the text. An
 * `error` event throws its classified ProviderFailure. Pure, like OpenAiStreamReader.
 */
export class AnthropicStreamReader extends ChunkStreamReader {
  private id = '';
  private model = '';
  private readonly created = Math.floor(Date.now() / 1000);
  /** message_start's input, cache-read, cache-write and output tokens. */
  private started: Array<number | null> = [];
  private readonly blocks = new Map<number, OpenBlock>();
  private tools = 0;
  private readonly text = new TextJoiner();

  constructor(private readonly fallbackModel: string) {
    super();
  }

  protected readInto(events: EventSourceMessage[], chunks: ChatChunk[]): void {
    for (const event of events) {
      if (this.done) break;
      let data: Json;
      try {
        data = obj(JSON.parse(event.data));
      } catch {
        throw new ProviderFailure(
          'stream_interrupted',
          'Anthropic sent an event that is not JSON (the stream was cut?)',
        );
      }
      const chunk = this.translate(event.event ?? String(data.type ?? ''), data);
      if (chunk) chunks.push(chunk);
    }
  }

  private translate(type: string, data: Json): ChatChunk | null {
    switch (type) {
      case 'message_start': {
        const message = obj(data.message);
        this.id = String(message.id ?? '');
        this.model = String(message.model ?? this.fallbackModel);
        this.started = counts(obj(message.usage));
        return this.chunk({ role: 'assistant', content: '' });
      }
      case 'content_block_start':
        return this.startBlock(num(data.index), obj(data.content_block));
      case 'content_block_delta':
        return this.blockDelta(num(data.index), obj(data.delta));
      case 'content_block_stop':
        return this.stopBlock(num(data.index));
      case 'message_delta': {
        const reason = obj(data.delta).stop_reason;
        const final = counts(obj(data.usage));
        const pick = (i: number): number => final[i] ?? this.started[i] ?? 0;
        if (typeof reason === 'string') this.finished = true;
        const chunk = this.chunk({}, typeof reason === 'string' ? finishOf(reason) : null);
        chunk.usage = toUsage(pick(0), pick(1), pick(2), final[3] ?? 0);
        return chunk;
      }
      case 'message_stop':
        this.done = true;
        return null;
      case 'error':
        throw classifyStreamError(obj(data.error));
      default:
        return null; // ping
    }
  }

  private startBlock(index: number, block: Json): ChatChunk | null {
    const type = String(block.type ?? '');
    if (type === 'text') {
      const citations = Array.isArray(block.citations) ? (block.citations as Json[]).map(obj) : [];
      const text = this.text.add(typeof block.text === 'string' ? block.text : '');
      this.blocks.set(index, { type, start: text ? this.text.lastStart : undefined, citations });
      return text ? this.chunk({ content: text }) : null;
    }
    this.blocks.set(index, { type });
    this.text.interrupt();
    if (type === 'thinking' && typeof block.thinking === 'string' && block.thinking !== '')
      return this.chunk({ reasoning_content: block.thinking });
    if (type !== 'tool_use') return null;
    const tool = this.tools++;
    (this.blocks.get(index) as OpenBlock).tool = tool;
    const call: ToolCallDelta = {
      index: tool,
      id: String(block.id ?? ''),
      type: 'function',
      function: { name: String(block.name ?? ''), arguments: '' },
    };
    return this.chunk({ tool_calls: [call] });
  }

  private blockDelta(index: number, delta: Json): ChatChunk | null {
    const block = this.blocks.get(index);
    switch (delta.type) {
      case 'text_delta': {
        const text = this.text.add(String(delta.text ?? ''));
        if (text && block && block.start === undefined) block.start = this.text.lastStart;
        return text ? this.chunk({ content: text }) : null;
      }
      case 'citations_delta':
        block?.citations?.push(obj(delta.citation));
        return null;
      case 'thinking_delta': {
        const thinking = String(delta.thinking ?? '');
        return thinking ? this.chunk({ reasoning_content: thinking }) : null;
      }
      case 'input_json_delta': {
        if (block?.tool === undefined) return null; // a server tool's input (web search query)
        const part = String(delta.partial_json ?? '');
        if (part === '') return null;
        block.args = true;
        return this.chunk({ tool_calls: [{ index: block.tool, function: { arguments: part } }] });
      }
      default:
        return null; // signature_delta
    }
  }

  private stopBlock(index: number): ChatChunk | null {
    const block = this.blocks.get(index);
    this.blocks.delete(index);
    if (block?.tool !== undefined && !block.args)
      return this.chunk({ tool_calls: [{ index: block.tool, function: { arguments: '{}' } }] });
    if (block?.citations && block.citations.length > 0) {
      const start = block.start ?? this.text.length;
      const annotations = block.citations.map((c) => toAnnotation(c, start, this.text.length));
      return this.chunk({ annotations });
    }
    return null;
  }

  private chunk(delta: Delta, finishReason: string | null = null): ChatChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model || this.fallbackModel,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    };
  }
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
