import { describe, expect, it } from 'vitest';
import type { RegistryMode } from '../../../src-shared/settings';
import { faults, type Fault } from '../../../test-support/faults';
import { KEYS, drain, useRouterHarness, withKey } from '../../../test-support/router-harness';

/**
 * The fault matrix, part 2: streams. Once content reached the caller there is no failover and
 * no retry: a stalled, cut or errored stream ends with `stream_interrupted` after the text that
 * arrived. Provider dialects (OpenRouter comments, OpenAI `include_usage`, Gemini tool calls,
 * Groq usage) pass through intact.
 */
const h = useRouterHarness();
const MODES: RegistryMode[] = ['selected', 'failover', 'round_robin'];

const STREAM_FAULTS: Array<{ name: string; fault: Fault; said: RegExp; timeoutMs?: number }> = [
  {
    name: 'stall mid-stream',
    fault: faults.stallMidStream('Partial answer'),
    said: /stream stalled/,
    timeoutMs: 700,
  },
  {
    name: 'stream cut without [DONE]',
    fault: faults.cutMidStream('Partial answer'),
    said: /ended without \[DONE\]/,
  },
  {
    name: 'OpenRouter mid-stream error event',
    fault: faults.openRouterErrorEvent('Partial answer', 502, 'Provider returned error'),
    said: /Provider returned error/,
  },
];

describe.each(MODES)('stream faults after the first content chunk — %s mode', (mode) => {
  it.each(STREAM_FAULTS)(
    '$name: the caller keeps the partial text and sees stream_interrupted; no failover',
    async ({ fault, said, timeoutMs }) => {
      h.useRegistry(mode);
      h.upstream.setRules([{ ...fault, times: 1 }, { reply: 'should not be used' }]);
      const routed = await h.router(timeoutMs).stream({ messages: [{ role: 'user', content: 'hi' }] });
      const seen = await drain(routed.chunks);
      expect(seen.text).toBe('Partial answer');
      expect(seen.error).toMatchObject({ code: 'stream_interrupted', message: expect.stringMatching(said) });
      expect(seen.error?.message).toContain('…00a1');
      expect(h.keysSeen()).toEqual(['a1']);
      expect(h.clock.sleeps).toEqual([]);
      expect(h.log).toHaveLength(1);
      expect(h.log[0]).toMatchObject({
        keyFingerprint: '…00a1',
        failure: 'stream_interrupted',
        status: 200,
        ttftMs: expect.any(Number),
      });
    },
  );
});

describe('provider dialects pass through', () => {
  it('OpenRouter: `: OPENROUTER PROCESSING` comments are skipped, the attribution headers are sent', async () => {
    await h.credentials.set('openrouter_api_key', ['sk-or-v1-0000000000000000000000000000000000abcd']);
    h.settings = { ...h.settings, open_interpreter_provider: 'openrouter', open_interpreter_model: '' };
    h.upstream.setRules([{ reply: 'Routed by OpenRouter.', format: 'openrouter' }]);
    const routed = await h
      .router(5_000, { SWITCHBOARD_OPENROUTER_BASE_URL: h.upstream.url })
      .stream({ messages: [{ role: 'user', content: 'hi' }] });
    expect(await drain(routed.chunks)).toMatchObject({ text: 'Routed by OpenRouter.', error: null });
    expect(routed.usage()).toMatchObject({ completion_tokens: expect.any(Number) });
    const request = h.upstream.chatRequests()[0];
    expect(request?.headers['http-referer']).toBe('https://github.com/switchboard-app/switchboard');
    expect(request?.headers['x-title']).toBe('Switchboard');
    expect(request?.body?.model).toBe('openai/gpt-4o-mini');
  });

  it('OpenAI: asks for include_usage and reads the final `choices: []` chunk for the call log, without passing it to a caller that did not ask', async () => {
    await h.credentials.set('openai_api_key', ['sk-proj-000000000000000000000000wxyz']);
    h.settings = {
      ...h.settings,
      open_interpreter_provider: 'openai',
      open_interpreter_model: 'gpt-4o-mini',
    };
    h.upstream.setRules([{ reply: 'Hello from OpenAI.', format: 'openai' }]);
    const routed = await h
      .router(5_000, { SWITCHBOARD_OPENAI_BASE_URL: h.upstream.url })
      .stream({ messages: [{ role: 'user', content: 'hi' }] });
    const seen = await drain(routed.chunks);
    expect(seen.text).toBe('Hello from OpenAI.');
    expect(seen.chunks.some((c) => c.choices?.length === 0)).toBe(false);
    expect(routed.usage()).toMatchObject({ completion_tokens: 5 });
    expect(h.upstream.chatRequests()[0]?.body?.stream_options).toEqual({ include_usage: true });
    expect(h.log[0]).toMatchObject({
      providerId: 'openai',
      keyFingerprint: '…wxyz',
      failure: null,
      tokensOut: 5,
      tokensIn: expect.any(Number),
    });
  });

  it('Groq: tokens in/out come from x_groq.usage; TTFT and latency are recorded', async () => {
    await h.credentials.set('groq_api_key', [KEYS.a1]);
    h.upstream.setRules([{ reply: 'Twelve characters long!!', chunkDelayMs: 5 }]);
    const routed = await h.router().stream({ messages: [{ role: 'user', content: 'hi' }] });
    await drain(routed.chunks);
    expect(h.log).toHaveLength(1);
    const entry = h.log[0];
    expect(entry).toMatchObject({
      providerId: 'groq',
      model: 'llama-3.1-8b-instant',
      stream: true,
      status: 200,
      failure: null,
      tokensOut: 6,
    });
    expect(entry?.ttftMs).toBeGreaterThanOrEqual(0);
    expect(entry?.latencyMs).toBeGreaterThanOrEqual(entry?.ttftMs ?? 0);
  });

  it('Gemini: streamed tool calls without index/id get them, and finish_reason "stop" becomes "tool_calls"', async () => {
    await h.credentials.set('gemini_api_key', ['AIzaSy000000000000000000000000000000gem']);
    h.settings = { ...h.settings, open_interpreter_provider: 'gemini', open_interpreter_model: '' };
    h.upstream.setRules([
      {
        reply: '',
        format: 'gemini',
        toolCalls: [
          { name: 'execute', arguments: '{"language":"python","code":"print(1)"}' },
          { name: 'execute', arguments: '{"language":"shell","code":"ls"}' },
        ],
      },
    ]);
    const tools = [
      {
        type: 'function',
        function: {
          name: 'execute',
          parameters: {
            type: 'object',
            properties: { language: { type: 'string' }, code: { type: 'string' } },
          },
        },
      },
    ];
    const routed = await h
      .router(5_000, { SWITCHBOARD_GEMINI_BASE_URL: h.upstream.url })
      .stream({ messages: [{ role: 'user', content: 'run it' }], tools, tool_choice: 'auto' });
    const { chunks } = await drain(routed.chunks);
    const calls = chunks.flatMap((c) => c.choices?.[0]?.delta?.tool_calls ?? []);
    expect(calls.map((c) => [c.index, c.type, c.function?.name])).toEqual([
      [0, 'function', 'execute'],
      [1, 'function', 'execute'],
    ]);
    expect(calls.every((c) => typeof c.id === 'string' && c.id.startsWith('call_'))).toBe(true);
    expect(chunks.map((c) => c.choices?.[0]?.finish_reason).filter(Boolean)).toEqual(['tool_calls']);
    expect(h.upstream.chatRequests()[0]?.body).toMatchObject({
      tools,
      tool_choice: 'auto',
      model: 'gemini-2.0-flash',
    });
  });

  it('OpenAI-style streamed tool calls pass through unchanged (ids, indexes, argument fragments)', async () => {
    await h.credentials.set('groq_api_key', [KEYS.a1]);
    h.upstream.setRules([
      {
        reply: '',
        toolCalls: [{ name: 'execute', arguments: '{"language":"python","code":"print(2)"}' }],
        chunkChars: 5,
      },
    ]);
    const { chunks } = await drain(
      (await h.router().stream({ messages: [{ role: 'user', content: 'run' }], tools: [] })).chunks,
    );
    const calls = chunks.flatMap((c) => c.choices?.[0]?.delta?.tool_calls ?? []);
    expect(calls[0]).toMatchObject({
      index: 0,
      id: expect.stringMatching(/^call_/),
      type: 'function',
      function: { name: 'execute', arguments: '' },
    });
    expect(calls.slice(1).every((c) => c.id === undefined && c.index === 0)).toBe(true);
    expect(calls.map((c) => c.function?.arguments ?? '').join('')).toBe(
      '{"language":"python","code":"print(2)"}',
    );
    expect(chunks.map((c) => c.choices?.[0]?.finish_reason).filter(Boolean)).toEqual(['tool_calls']);
  });
});

describe('router.chat (non-streamed)', () => {
  it('answers the provider completion, fails over like stream, and logs tokens', async () => {
    h.useRegistry('failover');
    h.upstream.setRules([
      { match: (r) => r.path.startsWith('/a/'), ...faults.openAiError(503, { message: 'busy' }) },
      { reply: 'whole answer' },
    ]);
    const result = await h.router().chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(result.completion.choices[0]?.message.content).toBe('whole answer');
    expect(result.servedBy.keyFingerprint).toBe('…00b1');
    expect(h.upstream.chatRequests().map((r) => r.body?.stream)).toEqual([false, false]);
    expect(h.log.map((e) => [e.keyFingerprint, e.failure, e.stream])).toEqual([
      ['…00a1', 'server_error', false],
      ['…00b1', null, false],
    ]);
    expect(h.log[1]?.tokensOut).toBe(3);
  });
});

describe('router.chat: an error object answered with 200', () => {
  it('is classified like an HTTP error (here a rate limit) and failed over', async () => {
    h.useRegistry('failover');
    h.upstream.setRules([
      {
        match: withKey('a1'),
        raw: (res) =>
          void res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { code: 429, message: 'Rate limit exceeded' } })),
      },
      { reply: 'from a2' },
    ]);
    const result = await h.router().chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(result.completion.choices[0]?.message.content).toBe('from a2');
    expect(h.log.map((e) => e.failure)).toEqual(['rate_limited', null]);
  });
});

describe('Stop', () => {
  it('cancels a retry backoff and logs the attempt as failed, the caller gets the abort', async () => {
    await h.credentials.set('groq_api_key', [KEYS.a1]);
    h.upstream.setRules([faults.openAiError(500, { message: 'down' })]);
    const controller = new AbortController();
    const router = h.router();
    const sleep = h.clock.sleep.bind(h.clock);
    h.clock.sleep = async (ms, signal) => {
      controller.abort(new Error('Stopped.'));
      return sleep(ms, signal);
    };
    await expect(
      router.stream({ messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal }),
    ).rejects.toThrow('Stopped.');
    expect(h.keysSeen()).toEqual(['a1']);
  });

  it('closing a stream early closes the upstream request and logs it as served', async () => {
    await h.credentials.set('groq_api_key', [KEYS.a1]);
    h.upstream.setRules([
      { reply: 'a long answer that the caller stops reading', chunkChars: 2, chunkDelayMs: 2 },
    ]);
    const routed = await h.router().stream({ messages: [{ role: 'user', content: 'hi' }] });
    for await (const chunk of routed.chunks) if (chunk.choices?.[0]?.delta?.content) break;
    expect(h.log[0]).toMatchObject({ failure: null, message: 'the caller stopped reading before the end' });
  });
});
