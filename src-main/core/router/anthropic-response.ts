import type { EventSourceMessage } from 'eventsource-parser';
import {
  TextJoiner,
  counts,
  finishOf,
  num,
  obj,
  toAnnotation,
  toUsage,
  type Json,
} from './anthropic-message';
import { classifyStreamError } from './classify';
import { ChunkStreamReader } from './sse';
import { ProviderFailure, type ChatChunk, type ToolCallDelta } from './types';

export { toCompletion } from './anthropic-message';

type Delta = NonNullable<NonNullable<ChatChunk['choices']>[number]['delta']>;

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
