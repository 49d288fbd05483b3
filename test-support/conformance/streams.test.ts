import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src-main/core/router/types';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { KEYS, drain, useRouterHarness, withKey } from '../router-harness';
import { bodyOf, recorded, replay } from '../replay';
import { assemble } from './assemble';
import { registrySettings, type Kind } from './registry';

const h = useRouterHarness();
const ask: ChatRequest = { messages: [{ role: 'user', content: 'hi' }] };
type Json = Record<string, unknown>;

/** The JSON chunks of a recorded OpenAI-style stream, as the provider sent them. */
const sentChunks = (name: string): Json[] =>
  bodyOf(recorded(name))
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice(6)) as Json);

/** Streams a recording through a one-key registry entry of `kind`, cut into `split`-byte pieces when given. */
async function streamOf(name: string, options: { kind?: Kind; split?: number; request?: ChatRequest } = {}) {
  h.settings = registrySettings(h.settings, h.upstream.url, {
    onlyA: true,
    keysA: [KEYS.a1],
    ...(options.kind ? { kind: options.kind } : {}),
  });
  h.upstream.setRules([replay(recorded(name), options.split ? { split: options.split } : {})]);
  const routed = await h.router().stream(options.request ?? ask);
  const drained = await drain(routed.chunks);
  return { ...drained, ...assemble(drained.chunks), usage: routed.usage() };
}

async function completionOf(name: string) {
  h.settings = registrySettings(h.settings, h.upstream.url, { onlyA: true, keysA: [KEYS.a1] });
  h.upstream.setRules([replay(recorded(name))]);
  return h.router().chat(ask);
}

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

  it('several choices (n: 3) pass through, each with its own index', async () => {
    const out = await streamOf('openai/three-choices-stream');
    const indexes = new Set(out.chunks.flatMap((c) => (c.choices ?? []).map((choice) => choice.index)));
    expect([...indexes].sort()).toEqual([0, 1, 2]);
    expect(out.chunks).toEqual(sentChunks('openai/three-choices-stream'));
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

describe('OpenRouter error events in a 200 stream', () => {
  it('before any content: classified by its code (server_error) and failed over', async () => {
    h.settings = registrySettings(DEFAULT_SETTINGS, h.upstream.url);
    h.upstream.setRules([
      { match: withKey('a1'), ...replay(recorded('openrouter/stream-error-before-content')) },
      { reply: 'served' },
    ]);
    const routed = await h.router().stream(ask);
    expect(await drain(routed.chunks)).toMatchObject({ text: 'served', error: null });
    expect(h.keysSeen()).toEqual(['a1', 'b1']);
    expect(h.log[0]).toMatchObject({
      failure: 'server_error',
      message: 'Provider disconnected unexpectedly',
    });
  });

  it('after content: the caller keeps the text and gets stream_interrupted, never a clean end', async () => {
    const out = await streamOf('openrouter/stream-error-after-content');
    expect(out.content).toBe('The answer is');
    expect(out.error).toMatchObject({
      code: 'stream_interrupted',
      message: expect.stringContaining('Provider disconnected unexpectedly'),
    });
  });
});
