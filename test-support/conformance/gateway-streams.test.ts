import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src-main/core/router/types';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { drain, useRouterHarness, withKey } from '../router-harness';
import { recorded, replay } from '../replay';
import { recordedCalls, sentChunks } from './recorded-calls';
import { registrySettings } from './registry';

/** Recorded streams of the gateways and hosts: OpenRouter and Together. */
const h = useRouterHarness();
const { streamOf } = recordedCalls(h);
const ask: ChatRequest = { messages: [{ role: 'user', content: 'hi' }] };
type Json = Record<string, unknown>;

describe('recorded OpenRouter stream', () => {
  it('gpt-5 through OpenRouter: processing comments skipped, encrypted reasoning_details as sent, a no-argument call, usage after the finish', async () => {
    const name = 'openrouter/tool-call-reasoning-details-stream';
    const out = await streamOf(name, { split: 97 });
    expect(out.error).toBeNull();
    expect(out.chunks).toEqual(sentChunks(name));
    expect(out.details).toEqual([
      expect.objectContaining({ type: 'reasoning.encrypted', format: 'openai-responses-v1' }),
    ]);
    expect(out.calls).toEqual([{ id: 'call_KDpVIRBU5EIprhJ4cpxDEfPr', name: 'time', arguments: '{}' }]);
    expect(out.finish).toBe('tool_calls');
    expect(out.usage).toMatchObject({
      prompt_tokens: 50,
      completion_tokens: 143,
      completion_tokens_details: { reasoning_tokens: 128 },
    });
    expect(h.log.at(-1)).toMatchObject({ tokensIn: 50, tokensOut: 143 });
  });

  it('text: every chunk as sent, the answer assembled, usage read', async () => {
    const name = 'openrouter/text-stream';
    const sent = sentChunks(name);
    const out = await streamOf(name, { split: 211 });
    expect(out.chunks).toEqual(sent);
    expect(out.content.startsWith('The current time is')).toBe(true);
    expect(out.finish).toBe('stop');
    const usage = sent.map((c) => c.usage).find(Boolean) as {
      prompt_tokens: number;
      completion_tokens: number;
    };
    expect(out.usage).toMatchObject({
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: usage.completion_tokens,
    });
  });

  it('reasoning: `reasoning` and an empty `reasoning_details` on the delta pass through untouched', async () => {
    const name = 'openrouter/reasoning-chunk-stream';
    const out = await streamOf(name);
    expect(out.error).toBeNull();
    expect(out.chunks).toEqual(sentChunks(name));
    expect(out.chunks[0]?.choices?.[0]?.delta).toMatchObject({
      reasoning: ', so I need',
      reasoning_details: [],
    });
    expect(out.reasoning).toBe(', so I need');
    expect(out.content).toBe('');
  });

  it('reasoning.text: `reasoning` and its reasoning_details (text, then the signature) as sent; the answer apart; usage after the finish', async () => {
    const name = 'openrouter/reasoning-text-stream';
    const out = await streamOf(name, { split: 131 });
    expect(out.error).toBeNull();
    expect(out.chunks).toEqual(sentChunks(name));
    expect(out.details.map((d) => d.type)).toEqual(Array(out.details.length).fill('reasoning.text'));
    expect(out.details.map((d) => d.text ?? '').join('')).toBe(out.reasoning);
    expect(out.details.at(-1)).toMatchObject({ signature: expect.stringMatching(/^Et0B/) });
    expect(out.reasoning).toBe('This is a simple arithmetic question. 2+2 equals 4.');
    expect(out.content).toBe('2 + 2 = 4');
    expect(out.finish).toBe('stop');
    expect(out.usage).toMatchObject({
      prompt_tokens: 43,
      completion_tokens: 36,
      completion_tokens_details: { reasoning_tokens: 13 },
    });
  });

  it('web plugin: url_citation annotations on their own deltas pass through as sent; the finish repeated with usage', async () => {
    const name = 'openrouter/web-search-annotations-stream';
    const out = await streamOf(name, { split: 509 });
    expect(out.error).toBeNull();
    expect(out.chunks).toEqual(sentChunks(name));
    expect(out.annotations.map((a) => (a.url_citation as Json).url)).toEqual([
      'https://github.com/pydantic/pydantic-ai',
      'https://pydantic.dev/pydantic-ai',
      'https://github.com/pydantic/pydantic-ai/releases/tag/v2.0.0',
      'https://pydantic.dev/docs/ai/overview/',
      'https://github.com/pydantic/pydantic-ai/tree/refs/tags/v1.44.0',
    ]);
    expect(out.annotations[0]).toMatchObject({
      type: 'url_citation',
      url_citation: {
        title: 'AI Agent Framework, the Pydantic way - GitHub',
        start_index: 0,
        end_index: 0,
        content: expect.any(String),
      },
    });
    expect(out.content).toBe(
      "The URL for Pydantic AI's GitHub repository is:  \n\nhttps://github.com/pydantic/pydantic-ai",
    );
    expect(out.finish).toBe('stop');
    expect(out.usage).toMatchObject({ prompt_tokens: 2317, completion_tokens: 53 });
    expect(h.log.at(-1)).toMatchObject({ tokensIn: 2317, tokensOut: 53 });
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

describe('recorded Together stream', () => {
  it('chunks as sent (token_id, seed, finish_reason "eos"); usage on the last chunk is the call’s usage', async () => {
    const name = 'together/eos-stream';
    const out = await streamOf(name, { split: 89 });
    expect(out.error).toBeNull();
    expect(out.chunks).toEqual(sentChunks(name));
    expect(out.content).toBe('ABCABC');
    expect(out.finish).toBe('eos');
    expect(out.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 27 });
    expect(h.log.at(-1)).toMatchObject({ tokensIn: 12, tokensOut: 27 });
  });

  it('DeepSeek-R1 (through Hugging Face’s router): the reasoning inline in content between <think> tags reaches the caller as sent', async () => {
    const name = 'together/deepseek-r1-think-stream';
    const out = await streamOf(name, { split: 4093 });
    expect(out.error).toBeNull();
    expect(out.chunks).toEqual(sentChunks(name));
    expect(out.content.startsWith('<think>\nOkay, the user asked "How do I cross the street?"')).toBe(true);
    expect(out.content).toContain('</think>\nCrossing the street safely requires attention');
    expect(out.reasoning).toBe('');
    expect(out.finish).toBe('stop');
    expect(out.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 955 });
    expect(h.log.at(-1)).toMatchObject({ tokensIn: 10, tokensOut: 955 });
  });

  it('tool call with Together’s nulls (`arguments: null` first, `name: null` after): brought to OpenAI’s shape, nothing else changed', async () => {
    const name = 'together/tool-call-null-fields-stream';
    const out = await streamOf(name, { split: 53 });
    const sent = sentChunks(name);
    // What a client that appends fragments relies on: a string to start from, no name to re-append.
    const first = out.chunks[0]?.choices?.[0]?.delta?.tool_calls?.[0];
    const next = out.chunks[1]?.choices?.[0]?.delta?.tool_calls?.[0];
    expect(first?.function).toEqual({ name: 'get_current_weather', arguments: '' });
    expect(next?.function).toEqual({ arguments: '{"location": "San Fra' });
    expect(out.calls).toEqual([
      { id: 'call_f7g2h8i9j0', name: 'get_current_weather', arguments: '{"location": "San Fra' },
    ]);
    // Apart from those two fields, every chunk is as sent.
    const sentCalls = sent.map(
      (c) => (c as { choices: Array<{ delta: { tool_calls: Json[] } }> }).choices[0]?.delta.tool_calls[0],
    );
    expect(sentCalls.map((call) => call?.function)).toEqual([
      { name: 'get_current_weather', arguments: null },
      { name: null, arguments: '{"location": "San Fra' },
    ]);
    expect(out.chunks.map((c) => ({ ...c, choices: [] }))).toEqual(sent.map((c) => ({ ...c, choices: [] })));
    expect(out.chunks[0]?.choices?.[0]?.delta).toMatchObject({ role: 'assistant', content: null });
  });
});
