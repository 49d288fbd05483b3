import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src-main/core/router/types';
import { useRouterHarness } from '../router-harness';
import { bodyOf, recorded } from '../replay';
import { recordedCalls, sentChunks } from './recorded-calls';

const h = useRouterHarness();
const { streamOf, completionOf } = recordedCalls(h);
const ask: ChatRequest = { messages: [{ role: 'user', content: 'hi' }] };
type Json = Record<string, unknown>;

describe('recorded OpenAI streams', () => {
  it('text: every chunk passes through as sent, split anywhere; usage is read for the call log', async () => {
    const name = 'openai/text-stream';
    const sent = sentChunks(name);
    const out = await streamOf(name, {
      kind: 'openai',
      split: 61,
      request: { ...ask, stream_options: { include_usage: true } },
    });
    expect(out.error).toBeNull();
    expect(out.chunks).toEqual(sent);
    expect(out.content).toBe(
      sent
        .map((c) => (c.choices as Json[])[0]?.delta)
        .map((d) => (d as Json | undefined)?.content ?? '')
        .join(''),
    );
    expect(out.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 300 });
    expect(h.log.at(-1)).toMatchObject({ tokensIn: 16, tokensOut: 300 });
  });

  it('a caller that did not ask for usage gets no choices: [] chunk, though the router asked for it', async () => {
    const out = await streamOf('openai/text-stream', { kind: 'openai' });
    expect(h.upstream.chatRequests()[0]?.body?.stream_options).toEqual({ include_usage: true });
    expect(out.chunks.some((c) => Array.isArray(c.choices) && c.choices.length === 0)).toBe(false);
    expect(out.chunks).toHaveLength(sentChunks('openai/text-stream').length - 1);
    expect(out.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 300 });
    expect(h.log.at(-1)).toMatchObject({ tokensIn: 16, tokensOut: 300 });
  });

  it('parallel tool calls: two calls, each with its id, name and JSON arguments', async () => {
    const out = await streamOf('openai/parallel-tool-calls-stream', { split: 13 });
    expect(out.finish).toBe('tool_calls');
    expect(out.calls.map((c) => [c.id, c.name])).toEqual([
      ['call_JMW1whyEaYG438VE1OIflxA2', 'GetWeatherArgs'],
      ['call_DNYTawLBoN8fj3KN6qU9N1Ou', 'get_stock_price'],
    ]);
    for (const call of out.calls) expect(JSON.parse(call.arguments)).toEqual(expect.any(Object));
    expect(out.usage).toMatchObject({ prompt_tokens: 149, completion_tokens: 60 });
  });

  it('a streamed call finished with "stop" (forced tool_choice) reaches the caller finished as tool_calls, the rest as sent', async () => {
    const name = 'openai/forced-tool-call-stop-stream';
    const sent = sentChunks(name);
    const finishing = sent.filter((c) => (c.choices as Json[])[0]?.finish_reason);
    expect(finishing.map((c) => (c.choices as Json[])[0]?.finish_reason)).toEqual(['stop']);
    const out = await streamOf(name, {
      kind: 'openai',
      split: 37,
      request: { ...ask, stream_options: { include_usage: true } },
    });
    expect(out.error).toBeNull();
    expect(out.finish).toBe('tool_calls');
    expect(out.chunks).toEqual(
      sent.map((c) =>
        c === finishing[0]
          ? { ...c, choices: [{ ...(c.choices as Json[])[0], finish_reason: 'tool_calls' }] }
          : c,
      ),
    );
    expect(out.calls).toEqual([
      {
        id: 'call_sigJkGcvZrYCOQPEbptSxluC',
        name: '__mirascope_formatted_output_tool__',
        arguments: expect.any(String),
      },
    ]);
    expect(JSON.parse(out.calls[0]?.arguments ?? '')).toEqual({
      title: 'THE NAME OF THE WIND',
      author: { first_name: 'Patrick', last_name: 'Rothfuss' },
      rating: 7,
    });
    expect(out.usage).toMatchObject({ prompt_tokens: 172, completion_tokens: 29 });
  });

  it('several choices (n: 3) pass through, each with its own index', async () => {
    const out = await streamOf('openai/three-choices-stream');
    const indexes = new Set(out.chunks.flatMap((c) => (c.choices ?? []).map((choice) => choice.index)));
    expect([...indexes].sort()).toEqual([0, 1, 2]);
    expect(out.chunks).toEqual(sentChunks('openai/three-choices-stream'));
  });

  it('search preview: a url_citation annotation on the closing delta passes through as sent', async () => {
    const name = 'openai/url-citation-chunk-stream';
    const out = await streamOf(name, { kind: 'openai', split: 53 });
    expect(out.error).toBeNull();
    expect(out.chunks).toEqual(sentChunks(name));
    expect(out.annotations).toEqual([
      {
        type: 'url_citation',
        url_citation: {
          url: 'https://zh.wikipedia.org/wiki/%E4%B8%8A%E6%B5%B7%E4%B9%90%E9%AB%98%E4%B9%90%E5%9B%AD?utm_source=openai',
          title: '上海乐高乐园',
          start_index: 75,
          end_index: 199,
        },
      },
    ]);
    expect(out.finish).toBe('stop');
  });

  it('not streamed: the completion as sent, usage read', async () => {
    const routed = await completionOf('openai/text');
    expect(routed.completion).toEqual(JSON.parse(bodyOf(recorded('openai/text'))));
    expect(routed.usage).toMatchObject({ prompt_tokens: expect.any(Number) });
  });
});

describe('recorded Groq, DeepSeek, xAI and Perplexity streams', () => {
  it('Groq text: x_groq usage on the last chunk is the call’s usage', async () => {
    const name = 'groq/text-stream';
    const sent = sentChunks(name);
    const out = await streamOf(name, { split: 101 });
    expect(out.chunks).toEqual(sent);
    const last = sent.at(-1) as { x_groq: { usage: { prompt_tokens: number; completion_tokens: number } } };
    expect(out.usage).toMatchObject({
      prompt_tokens: last.x_groq.usage.prompt_tokens,
      completion_tokens: last.x_groq.usage.completion_tokens,
    });
  });

  it('Groq tool call whose arguments are "{}" (no arguments), finished as tool_calls', async () => {
    const out = await streamOf('groq/tool-call-no-arguments-stream');
    expect(out.calls).toEqual([{ id: 'tk85n1k4m', name: 'weather', arguments: '{}' }]);
    expect(out.finish).toBe('tool_calls');
    expect(out.usage).toMatchObject({ prompt_tokens: 210, completion_tokens: 15 });
  });

  it('Groq reasoning (`reasoning` on the message) passes through untouched', async () => {
    const sent = JSON.parse(bodyOf(recorded('groq/reasoning'))) as { choices: Array<{ message: Json }> };
    const routed = await completionOf('groq/reasoning');
    expect(routed.completion.choices[0]?.message.reasoning).toBe(sent.choices[0]?.message.reasoning);
    expect(routed.completion.choices[0]?.message.content).toBe(sent.choices[0]?.message.content);
  });

  it('DeepSeek reasoning_content streams apart from the answer; usage with reasoning tokens', async () => {
    const name = 'deepseek/reasoning-stream';
    const out = await streamOf(name, { split: 257 });
    expect(out.chunks).toEqual(sentChunks(name));
    expect(out.reasoning.length).toBeGreaterThan(100);
    expect(out.content).not.toContain(out.reasoning.slice(0, 40));
    expect(out.usage).toMatchObject({
      prompt_tokens: 18,
      completion_tokens: 219,
      completion_tokens_details: { reasoning_tokens: 205 },
    });
  });

  it('DeepSeek tool call stream', async () => {
    const out = await streamOf('deepseek/tool-call-stream');
    expect(out.finish).toBe('tool_calls');
    expect(out.calls).toHaveLength(1);
    expect(JSON.parse(out.calls[0]?.arguments ?? '')).toEqual(expect.any(Object));
  });

  it('xAI: reasoning_content, then a tool call, then the usage chunk it always sends', async () => {
    const name = 'xai/reasoning-tool-call-stream';
    const out = await streamOf(name);
    expect(out.chunks).toEqual(sentChunks(name));
    expect(out.reasoning.startsWith('First')).toBe(true);
    expect(out.calls).toEqual([
      { id: 'call_79382389', name: 'weather', arguments: '{"location":"San Francisco"}' },
    ]);
    expect(out.usage).toMatchObject({ prompt_tokens: 307, completion_tokens: 26 });
  });

  it('Perplexity: top-level citations on the chunks pass through as sent', async () => {
    const name = 'perplexity/citations-stream';
    const out = await streamOf(name);
    expect(out.chunks).toEqual(sentChunks(name));
    expect(out.chunks[0]?.citations).toEqual(
      expect.arrayContaining(['https://en.wikipedia.org/wiki/San_Francisco']),
    );
    expect(out.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 336 });
  });

  it('Perplexity not streamed: search_results ({title, url, date, …}) kept beside citations', async () => {
    const sent = JSON.parse(bodyOf(recorded('perplexity/search-results'))) as Json;
    const routed = await completionOf('perplexity/search-results');
    expect(routed.completion.search_results).toEqual(sent.search_results);
    expect(routed.completion.search_results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          title: 'Climate of South Brazil - Wikipedia',
          url: 'https://en.wikipedia.org/wiki/Climate_of_South_Brazil',
          date: '2019-05-22',
        }),
      ]),
    );
    expect(routed.completion.citations).toEqual(sent.citations);
    expect(routed.usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 346 });
  });

  it('Perplexity not streamed: citations kept', async () => {
    const routed = await completionOf('perplexity/citations');
    expect(routed.completion.citations).toEqual(
      (JSON.parse(bodyOf(recorded('perplexity/citations'))) as Json).citations,
    );
  });
});

describe('recorded Gemini stream (OpenAI-compatible endpoint)', () => {
  it('a tool call without index in the same frame as the finish and the usage: index filled in, id kept', async () => {
    const out = await streamOf('gemini/tool-call-stream');
    expect(out.error).toBeNull();
    expect(out.chunks[0]?.choices?.[0]?.delta?.tool_calls?.[0]).toMatchObject({
      index: 0,
      id: 'function-call-18439433602034082669',
    });
    expect(out.calls).toEqual([
      { id: 'function-call-18439433602034082669', name: 'glob', arguments: '{"pattern":"*"}' },
    ]);
    expect(out.finish).toBe('tool_calls');
    expect(out.usage).toMatchObject({ prompt_tokens: 3379, completion_tokens: 12 });
  });
});
