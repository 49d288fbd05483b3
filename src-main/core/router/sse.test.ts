import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenAiStreamReader, SseDecoder } from './sse';
import { ToolCallFixer } from './tool-calls';
import { ProviderFailure, type ChatChunk } from './types';

const encoder = new TextEncoder();

/** A chunk with text that exercises JSON escapes and multi-byte UTF-8 (split across pieces below). */
const chunkArb = fc.record({
  id: fc.constant('chatcmpl-1'),
  object: fc.constant('chat.completion.chunk'),
  choices: fc.tuple(
    fc.record({
      index: fc.constant(0),
      delta: fc.record({
        content: fc.string({
          unit: fc.constantFrom('a', 'é', '€', '😀', '\n', '"', '\\', ' ', 'data:', ':'),
        }),
      }),
      finish_reason: fc.constant(null),
    }),
  ),
});

/** Serialises chunks as SSE with a line ending, comments between events, and the `[DONE]` end. */
function serialise(chunks: ChatChunk[], eol: string, comments: boolean[]): string {
  let body = '';
  chunks.forEach((chunk, i) => {
    if (comments[i]) body += `: OPENROUTER PROCESSING${eol}${eol}`;
    body += `data: ${JSON.stringify(chunk)}${eol}${eol}`;
  });
  return `${body}data: [DONE]${eol}${eol}`;
}

/** Cuts bytes at the given (sorted, deduplicated) offsets. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const cut of at) {
    pieces.push(bytes.slice(from, cut));
    from = cut;
  }
  pieces.push(bytes.slice(from));
  return pieces;
}

describe('OpenAiStreamReader (property)', () => {
  it('yields exactly the chunks sent, whatever the byte splits, line ends (\\n, \\r\\n, \\r) and comments', () => {
    fc.assert(
      fc.property(
        fc.array(chunkArb, { minLength: 0, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.boolean(), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (chunks, eol, comments, cuts) => {
          const reader = new OpenAiStreamReader();
          const out: ChatChunk[] = [];
          for (const piece of split(encoder.encode(serialise(chunks as ChatChunk[], eol, comments)), cuts))
            out.push(...reader.feed(piece));
          out.push(...reader.end());
          expect(out).toEqual(chunks);
          expect(reader.done).toBe(true);
        },
      ),
    );
  });

  it('a stream cut anywhere before [DONE] is never complete, and never yields a chunk that was not sent', () => {
    fc.assert(
      fc.property(fc.array(chunkArb, { minLength: 1, maxLength: 6 }), fc.nat(), (chunks, cut) => {
        const bytes = encoder.encode(serialise(chunks as ChatChunk[], '\n', []));
        const doneAt = bytes.length - encoder.encode('data: [DONE]\n\n').length;
        const reader = new OpenAiStreamReader();
        const out: ChatChunk[] = [];
        try {
          out.push(...reader.feed(bytes.slice(0, cut % doneAt)));
          out.push(...reader.end());
        } catch (error) {
          expect(error).toBeInstanceOf(ProviderFailure);
          expect((error as ProviderFailure).kind).toBe('stream_interrupted');
        }
        expect(reader.complete).toBe(false);
        expect(chunks.slice(0, out.length)).toEqual(out);
      }),
    );
  });
});

describe('SseDecoder', () => {
  it('joins multi-line data, keeps event names, drops comments, delivers an event left without its blank line', () => {
    const sse = new SseDecoder();
    const events = [
      ...sse.feed('event: message_start\ndata: {"a":\ndata: 1}\n\n: keep-alive\n\n'),
      ...sse.feed('data: [DONE]'),
    ];
    events.push(...sse.end());
    expect(events).toEqual([
      { event: 'message_start', data: '{"a":\n1}', id: undefined },
      { event: undefined, data: '[DONE]', id: undefined },
    ]);
  });
});

describe('OpenAiStreamReader', () => {
  it('throws an OpenRouter error event as a classified failure, after the chunks before it', () => {
    const reader = new OpenAiStreamReader();
    const first = reader.feed(
      'data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\ndata: {"error":{"code":429,"message":"Rate limit exceeded upstream"}}\n\n',
    );
    expect(first).toHaveLength(1);
    expect(() => reader.end()).toThrow(
      expect.objectContaining({ kind: 'rate_limited', message: 'Rate limit exceeded upstream' }),
    );
  });

  it('an error event before any chunk throws at once', () => {
    expect(() =>
      new OpenAiStreamReader().feed('data: {"error":{"code":503,"message":"No provider"}}\n\n'),
    ).toThrow(expect.objectContaining({ kind: 'server_error' }));
  });

  it('a finish_reason without [DONE] counts as complete (some providers omit [DONE])', () => {
    const reader = new OpenAiStreamReader();
    reader.feed('data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n');
    reader.end();
    expect(reader.complete).toBe(true);
  });
});

describe('ToolCallFixer', () => {
  it('numbers Gemini tool calls, gives them ids, and finishes with tool_calls', () => {
    const fixer = new ToolCallFixer();
    const chunk: ChatChunk = {
      choices: [
        {
          delta: {
            tool_calls: [
              { function: { name: 'a', arguments: '{}' } },
              { function: { name: 'b', arguments: '{}' } },
            ],
          },
          finish_reason: null,
        },
      ],
    };
    fixer.fix(chunk);
    const finish: ChatChunk = { choices: [{ delta: {}, finish_reason: 'stop' }] };
    fixer.fix(finish);
    const calls = chunk.choices?.[0]?.delta?.tool_calls ?? [];
    expect(calls.map((c) => c.index)).toEqual([0, 1]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
    expect(finish.choices?.[0]?.finish_reason).toBe('tool_calls');
  });

  it('continues a call from argument fragments without index, and leaves OpenAI-shaped calls alone', () => {
    const fixer = new ToolCallFixer();
    const start: ChatChunk = {
      choices: [{ delta: { tool_calls: [{ id: 'call_x', function: { name: 'f', arguments: '{"a"' } }] } }],
    };
    const more: ChatChunk = { choices: [{ delta: { tool_calls: [{ function: { arguments: ':1}' } }] } }] };
    fixer.fix(start);
    fixer.fix(more);
    expect(more.choices?.[0]?.delta?.tool_calls?.[0]).toEqual({ index: 0, function: { arguments: ':1}' } });
    const openai: ChatChunk = {
      choices: [
        {
          index: 0,
          delta: {
            tool_calls: [
              { index: 0, id: 'call_y', type: 'function', function: { name: 'g', arguments: '' } },
            ],
          },
        },
      ],
    };
    const copy = structuredClone(openai);
    new ToolCallFixer().fix(openai);
    expect(openai).toEqual(copy);
  });
});
