import { describe, expect, it } from 'vitest';
import { useRouterHarness } from '../router-harness';
import { bodyOf, recorded } from '../replay';
import { recordedCalls } from './recorded-calls';

/** Recorded non-streamed completions routed through a one-key registry entry: what the caller gets. */
const h = useRouterHarness();
const { completionOf } = recordedCalls(h);
type Json = Record<string, unknown>;
/** The first choice's message of a recorded completion, as the provider sent it. */
const sentMessage = (name: string): Json =>
  (JSON.parse(bodyOf(recorded(name))) as { choices: Array<{ message: Json }> }).choices[0]?.message ?? {};

describe('recorded completions (not streamed): Together, OpenRouter, Gemini, OpenAI', () => {
  const messageOf = (c: { choices: Array<{ message: unknown; finish_reason?: unknown }> }) =>
    c.choices[0]?.message as {
      content: string | null;
      tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
    };

  it('Together JSON mode: the JSON answer as sent (no finish_reason, `prompt: []`), usage read', async () => {
    const routed = await completionOf('together/json-mode');
    expect(routed.completion).toEqual(JSON.parse(bodyOf(recorded('together/json-mode'))));
    expect(JSON.parse(messageOf(routed.completion).content ?? '')).toEqual({
      people: [{ address: '100 Main St', name: 'Alice Bob' }],
    });
    expect(routed.usage).toMatchObject({ prompt_tokens: 49, completion_tokens: 52 });
  });

  it('Together tool call: id, name and JSON arguments as sent, finished as tool_calls, usage read', async () => {
    const routed = await completionOf('together/tool-call');
    const calls = messageOf(routed.completion).tool_calls ?? [];
    expect(calls.map((c) => [c.id, c.function.name])).toEqual([
      ['call_rl70039f6p72yhvvo1pkds8a', 'get_weather'],
    ]);
    expect(JSON.parse(calls[0]?.function.arguments ?? '')).toEqual({
      location: 'Tokyo, Japan',
      num_days: '3',
    });
    expect(routed.completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(routed.usage).toMatchObject({ prompt_tokens: 553, completion_tokens: 24 });
  });

  it('OpenRouter tool call (DeepInfra) with finish_reason "stop" and empty content: the call reaches the caller', async () => {
    const routed = await completionOf('openrouter/tool-call');
    const calls = messageOf(routed.completion).tool_calls ?? [];
    expect(calls.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['call_mWR7JQZV1ttdehPlT2y0tP2k', 'get_weather', { location: 'San Francisco, USA' }],
    ]);
    expect(routed.completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(routed.usage).toMatchObject({ prompt_tokens: 243, completion_tokens: 16 });
  });

  it('OpenRouter reasoning.text (claude-3.7-sonnet:thinking): `reasoning` and the reasoning_details entry with its signature as sent', async () => {
    const sent = sentMessage('openrouter/reasoning-text');
    const routed = await completionOf('openrouter/reasoning-text');
    const message = routed.completion.choices[0]?.message as Json;
    expect(message.reasoning_details).toEqual(sent.reasoning_details);
    expect(message.reasoning_details).toEqual([
      expect.objectContaining({
        type: 'reasoning.text',
        format: 'anthropic-claude-v1',
        signature: expect.any(String),
      }),
    ]);
    expect(message.reasoning).toBe(sent.reasoning);
    expect(message.content).toMatch(/^I am Claude/);
    expect(routed.usage).toMatchObject({ prompt_tokens: 43, completion_tokens: 402 });
  });

  it('OpenRouter web search: url_citation annotations on the message as sent, usage with the search count read', async () => {
    const sent = sentMessage('openrouter/web-search-annotations');
    const routed = await completionOf('openrouter/web-search-annotations');
    const message = routed.completion.choices[0]?.message as Json;
    expect(message.annotations).toEqual(sent.annotations);
    expect((message.annotations as Json[]).map((a) => (a.url_citation as Json).url)).toContain(
      'https://github.com/pydantic/pydantic-ai',
    );
    expect(message.content).toBe('https://github.com/pydantic/pydantic-ai');
    expect(routed.completion.choices[0]?.finish_reason).toBe('stop');
    expect(routed.usage).toMatchObject({ prompt_tokens: 2315, completion_tokens: 40 });
  });

  it('Gemini (OpenAI endpoint) tool call whose id is "": the caller gets a call id; name, arguments and the thought signature as sent', async () => {
    const routed = await completionOf('gemini/tool-call-empty-id');
    const message = routed.completion.choices[0]?.message as Json & {
      tool_calls: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
    };
    expect(message.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_./),
        type: 'function',
        function: { name: 'get_current_time', arguments: '{}' },
      },
    ]);
    expect(message.extra_content).toMatchObject({
      google: { thought_signature: expect.stringMatching(/^AVSoXO4A/) },
    });
    expect(routed.completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(routed.usage).toMatchObject({ prompt_tokens: 35, completion_tokens: 12 });
  });

  it('OpenAI o1-mini: no reasoning text is sent; the reasoning token count in usage is kept and logged', async () => {
    const routed = await completionOf('openai/reasoning-tokens');
    expect(routed.completion.usage).toMatchObject({ completion_tokens_details: { reasoning_tokens: 640 } });
    expect(routed.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 661 });
    expect(h.log.at(-1)).toMatchObject({ tokensIn: 10, tokensOut: 661 });
  });
});
