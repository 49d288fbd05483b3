import { describe, expect, it } from 'vitest';
import { faults, type Fault } from '../../../test-support/faults';
import { drain, keyOf, useRouterHarness, withKey } from '../../../test-support/router-harness';

/**
 * The fault matrix, part 2: provider faults before any output (server errors, timeouts,
 * resets, early stream cuts) per mode, retries with backoff, provider cooldowns, and the
 * round-robin rotation. Same registry as part 1: `a` (a1, a2) and `b` (b1).
 */
const h = useRouterHarness();
const START = Date.parse('2026-11-21T12:00:00Z');

interface ProviderFault {
  name: string;
  fault: Fault;
  code: string;
  timeoutMs?: number;
}

const PROVIDER_FAULTS: ProviderFault[] = [
  {
    name: '500',
    fault: faults.openAiError(500, { message: 'Internal Server Error', type: 'internal_server_error' }),
    code: 'provider_server_error',
  },
  {
    name: '503 (OpenRouter: no provider available)',
    fault: faults.openAiError(503, {
      message: 'No allowed providers are available for the selected model.',
      code: 503,
    }),
    code: 'provider_server_error',
  },
  {
    name: 'Gemini array error 503 UNAVAILABLE',
    fault: faults.geminiError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'),
    code: 'provider_server_error',
  },
  {
    name: 'no response until the timeout',
    fault: faults.noResponse(),
    code: 'provider_timeout',
    timeoutMs: 700,
  },
  {
    name: 'connection reset before headers',
    fault: faults.resetBeforeHeaders(),
    code: 'provider_unreachable',
  },
  {
    name: 'stream cut before the first content chunk',
    fault: faults.cutBeforeContent(),
    code: 'stream_interrupted',
  },
];

const onA = (request: { path: string }) => request.path.startsWith('/a/');

describe.each(['failover', 'round_robin'] as const)('provider faults on a — %s mode', (mode) => {
  it.each(PROVIDER_FAULTS)(
    '$name: b serves at once, a2 is skipped (same provider)',
    async ({ fault, timeoutMs }) => {
      h.useRegistry(mode);
      h.upstream.setRules([{ match: onA, ...fault }, { reply: 'from b' }]);
      const routed = await h.router(timeoutMs).stream({ messages: [{ role: 'user', content: 'hi' }] });
      expect(await drain(routed.chunks)).toMatchObject({ text: 'from b', error: null });
      expect(routed.servedBy.keyFingerprint).toBe('…00b1');
      expect(h.keysSeen()).toEqual(['a1', 'b1']);
      expect(h.clock.sleeps).toEqual([]);
    },
  );
});

describe('provider faults on a — selected mode (no other provider: retries with backoff)', () => {
  it.each(PROVIDER_FAULTS)(
    '$name once: retried after a jittered backoff, then served',
    async ({ fault, timeoutMs }) => {
      h.useRegistry('selected');
      h.upstream.setRules([{ match: onA, ...fault, times: 1 }, { reply: 'second try' }]);
      const waits: string[] = [];
      const routed = await h
        .router(timeoutMs)
        .stream({ messages: [{ role: 'user', content: 'hi' }] }, { onWait: (w) => waits.push(w) });
      expect(await drain(routed.chunks)).toMatchObject({ text: 'second try', error: null });
      expect(h.keysSeen()).toEqual(['a1', 'a1']);
      // Retry 1: between 250 and 500 ms; with random = 0.5 exactly 375 ms.
      expect(h.clock.sleeps).toEqual([375]);
      expect(waits[0]).toMatch(/^retrying a in 1 s after .+ \(retry 1 of 3\)$/);
    },
  );

  it('a 500 every time: llm_max_retries retries with doubling backoff, then the error; the provider cools down', async () => {
    h.useRegistry('selected');
    h.upstream.setRules([{ match: onA, ...faults.openAiError(500, { message: 'Internal Server Error' }) }]);
    const router = h.router();
    await expect(router.stream({ messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      code: 'provider_server_error',
      message: expect.stringContaining('after 4 attempts'),
    });
    expect(h.keysSeen()).toEqual(['a1', 'a1', 'a1', 'a1']);
    expect(h.clock.sleeps).toEqual([375, 750, 1500]);
    expect(
      router
        .keyStates()
        .filter((k) => k.providerId === 'a')
        .map((k) => [k.state, k.scope]),
    ).toEqual([
      ['cooling', 'provider'],
      ['cooling', 'provider'],
    ]);
  });

  it('llm_max_retries = 0: no retry at all', async () => {
    h.useRegistry('selected', { llm_max_retries: 0 });
    h.upstream.setRules([{ match: onA, ...faults.openAiError(503, { message: 'Service Unavailable' }) }]);
    await expect(h.router().stream({ messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      code: 'provider_server_error',
    });
    expect(h.keysSeen()).toEqual(['a1']);
  });
});

describe('provider cooldown after repeated failures (failover mode)', () => {
  it('three server errors in a minute: provider a cools 30 s and calls go straight to b, then a is tried again', async () => {
    h.useRegistry('failover');
    h.upstream.setRules([
      { match: onA, ...faults.openAiError(500, { message: 'Internal Server Error' }) },
      { reply: 'from b' },
    ]);
    const router = h.router();
    for (let i = 0; i < 3; i++)
      await drain((await router.stream({ messages: [{ role: 'user', content: `call ${i}` }] })).chunks);
    expect(h.keysSeen()).toEqual(['a1', 'b1', 'a1', 'b1', 'a1', 'b1']);
    const a = router.keyStates().find((k) => k.keyFingerprint === '…00a1');
    expect(a).toMatchObject({
      state: 'cooling',
      scope: 'provider',
      until: new Date(START + 30_000).toISOString(),
      reason: expect.stringContaining('3 failures in a row'),
    });

    h.upstream.requests.length = 0;
    await drain((await router.stream({ messages: [{ role: 'user', content: 'cooling' }] })).chunks);
    expect(h.keysSeen()).toEqual(['b1']);

    h.clock.advance(30_000);
    h.upstream.requests.length = 0;
    await drain((await router.stream({ messages: [{ role: 'user', content: 'after' }] })).chunks);
    expect(h.keysSeen()).toEqual(['a1', 'b1']);
  });

  it('a bad request is not failed over (it would fail everywhere) and not retried', async () => {
    h.useRegistry('failover');
    h.upstream.setRules([
      {
        ...faults.openAiError(400, {
          message: "'messages.0.content' must be a string",
          type: 'invalid_request_error',
        }),
      },
    ]);
    await expect(h.router().stream({ messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      code: 'provider_bad_request',
    });
    expect(h.keysSeen()).toEqual(['a1']);
  });
});

describe('round robin rotates over every (provider, key) target', () => {
  it('a1, a2, b1, a1, … and skips a cooling key without breaking the rotation', async () => {
    h.useRegistry('round_robin');
    h.upstream.setRules([{ reply: 'ok' }]);
    const router = h.router();
    for (let i = 0; i < 4; i++)
      await drain((await router.stream({ messages: [{ role: 'user', content: 'x' }] })).chunks);
    expect(h.keysSeen()).toEqual(['a1', 'a2', 'b1', 'a1']);
    h.upstream.setRules([
      { match: withKey('a2'), ...faults.groqRateLimit({ 'retry-after': '30' }) },
      { reply: 'ok' },
    ]);
    h.upstream.requests.length = 0;
    for (let i = 0; i < 3; i++)
      await drain((await router.stream({ messages: [{ role: 'user', content: 'y' }] })).chunks);
    expect(h.upstream.chatRequests().map(keyOf)).toEqual(['a2', 'b1', 'a1', 'b1']);
  });
});

describe('requests_per_minute per registry entry', () => {
  it("waits for that entry's own 60 s window; other entries are not limited by it", async () => {
    h.useRegistry('round_robin');
    const registry = JSON.parse(h.settings.open_interpreter_provider_registry) as Array<
      Record<string, unknown>
    >;
    registry[1] = { ...registry[1], requests_per_minute: 1 };
    h.settings = { ...h.settings, open_interpreter_provider_registry: JSON.stringify(registry) };
    h.upstream.setRules([{ reply: 'ok' }]);
    const router = h.router();
    const waits: string[] = [];
    for (let i = 0; i < 5; i++)
      await drain(
        (
          await router.stream(
            { messages: [{ role: 'user', content: 'x' }] },
            { onWait: (w) => waits.push(w) },
          )
        ).chunks,
      );
    // a1, a2, b1, a1, a2 — b's window was never full; now the 6th call (b1) waits out b's minute.
    expect(h.clock.sleeps).toEqual([]);
    h.clock.advance(20_000);
    await drain(
      (await router.stream({ messages: [{ role: 'user', content: 'x' }] }, { onWait: (w) => waits.push(w) }))
        .chunks,
    );
    expect(h.keysSeen()).toEqual(['a1', 'a2', 'b1', 'a1', 'a2', 'b1']);
    expect(h.clock.sleeps).toEqual([40_000]);
    expect(waits).toEqual(["waiting 40 s for b's requests-per-minute limit"]);
  });
});
