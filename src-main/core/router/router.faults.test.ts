import { describe, expect, it } from 'vitest';
import type { RegistryMode } from '../../../src-shared/settings';
import { faults, type Fault } from '../../../test-support/faults';
import { KEYS, drain, keyOf, useRouterHarness, withKey } from '../../../test-support/router-harness';

/**
 * The fault matrix, part 1: failures before any output. Provider `a` has keys a1, a2 and
 * provider `b` key b1; a1 (or all of `a`) fails. Each case asserts which target served next,
 * how long the router slept (fake clock), and what the caller saw.
 */
const h = useRouterHarness();
const START = Date.parse('2026-11-21T12:00:00Z');
const MODES: RegistryMode[] = ['selected', 'failover', 'round_robin'];

interface KeyFault {
  name: string;
  fault: Fault;
  state: 'cooling' | 'rejected' | 'quota_exhausted';
  /** How long a1 stays out, in ms (cooling and quota). */
  outMs?: number;
  /** The code a caller sees when a1 is the only key. */
  code: string;
}

const KEY_FAULTS: KeyFault[] = [
  {
    name: '429 with retry-after in seconds',
    fault: faults.groqRateLimit({ 'retry-after': '7' }),
    state: 'cooling',
    outMs: 7_000,
    code: 'provider_rate_limited',
  },
  {
    name: '429 with retry-after as an HTTP date',
    fault: faults.openAiError(
      429,
      { message: 'Too many requests', code: 'rate_limit_exceeded' },
      { 'retry-after': new Date(START + 20_000).toUTCString() },
    ),
    state: 'cooling',
    outMs: 20_000,
    code: 'provider_rate_limited',
  },
  {
    name: "429 with Groq's reset durations (tokens limit → x-ratelimit-reset-tokens)",
    fault: faults.groqRateLimit(
      { 'x-ratelimit-reset-requests': '2m59.56s', 'x-ratelimit-reset-tokens': '7.66s' },
      'tokens',
    ),
    state: 'cooling',
    outMs: 7_660,
    code: 'provider_rate_limited',
  },
  {
    name: '429 with retry-after-ms (OpenAI)',
    fault: faults.openAiError(
      429,
      { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' },
      { 'retry-after-ms': '1500' },
    ),
    state: 'cooling',
    outMs: 1_500,
    code: 'provider_rate_limited',
  },
  {
    name: 'Gemini array error 429 RESOURCE_EXHAUSTED with RetryInfo',
    fault: faults.geminiError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', [
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' },
    ]),
    state: 'cooling',
    outMs: 37_000,
    code: 'provider_rate_limited',
  },
  {
    name: '401',
    fault: faults.openAiError(401, {
      message: 'Invalid API Key',
      type: 'invalid_request_error',
      code: 'invalid_api_key',
    }),
    state: 'rejected',
    code: 'key_rejected',
  },
  {
    name: '403',
    fault: faults.openAiError(403, {
      message: 'Access denied. Please check your network settings.',
      type: 'permission_denied',
    }),
    state: 'rejected',
    code: 'key_rejected',
  },
  {
    name: 'Gemini array error 400 "API key not valid"',
    fault: faults.geminiError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
      { reason: 'API_KEY_INVALID' },
    ]),
    state: 'rejected',
    code: 'key_rejected',
  },
  {
    name: '402 (OpenRouter: out of credits)',
    fault: faults.openAiError(402, {
      message: 'Insufficient credits. Add more using https://openrouter.ai/credits',
      code: 402,
    }),
    state: 'quota_exhausted',
    outMs: 3_600_000,
    code: 'provider_quota_exhausted',
  },
  {
    name: '429 insufficient_quota (OpenAI)',
    fault: faults.insufficientQuota(),
    state: 'quota_exhausted',
    outMs: 3_600_000,
    code: 'provider_quota_exhausted',
  },
];

describe.each(MODES)('key faults on a1 — %s mode', (mode) => {
  it.each(KEY_FAULTS)(
    '$name: a2 serves at once, a1 stays out as it should',
    async ({ fault, state, outMs }) => {
      h.useRegistry(mode);
      h.upstream.setRules([{ match: withKey('a1'), ...fault }, { reply: 'served' }]);
      const router = h.router();

      const first = await router.stream({ messages: [{ role: 'user', content: 'hi' }] });
      expect(await drain(first.chunks)).toMatchObject({ text: 'served', error: null });
      expect(first.servedBy).toMatchObject({ providerId: 'a', keyFingerprint: '…00a2' });
      expect(h.keysSeen()).toEqual(['a1', 'a2']);
      expect(h.clock.sleeps).toEqual([]);
      expect(h.log.map((e) => [e.keyFingerprint, e.failure])).toEqual([
        [
          '…00a1',
          state === 'cooling' ? 'rate_limited' : state === 'rejected' ? 'key_rejected' : 'quota_exhausted',
        ],
        ['…00a2', null],
      ]);
      const a1 = router.keyStates().find((k) => k.keyFingerprint === '…00a1');
      expect(a1).toMatchObject({ state, scope: 'key', inUse: true });
      expect(a1?.until).toBe(outMs === undefined ? undefined : new Date(START + outMs).toISOString());

      // The next call skips a1: selected/failover stay on a2; round robin moves on to b1.
      h.upstream.requests.length = 0;
      await drain((await router.stream({ messages: [{ role: 'user', content: 'again' }] })).chunks);
      expect(h.keysSeen()).toEqual(mode === 'round_robin' ? ['b1'] : ['a2']);

      // Once its time is up, a1 is tried again; a rejected key never is.
      h.clock.advance(outMs ?? 24 * 3_600_000);
      h.upstream.requests.length = 0;
      await drain((await router.stream({ messages: [{ role: 'user', content: 'later' }] })).chunks);
      const seen = h.keysSeen();
      if (state === 'rejected') expect(seen).not.toContain('a1');
      else if (mode !== 'round_robin') expect(seen[0]).toBe('a1');
    },
  );
});

describe('key faults when a1 is the only key', () => {
  it.each(KEY_FAULTS)('$name', async ({ fault, state, outMs, code }) => {
    await h.credentials.set('groq_api_key', [KEYS.a1]);
    h.upstream.setRules([{ ...fault, times: 1 }, { reply: 'after the wait' }]);
    const waits: string[] = [];
    const router = h.router();
    const call = router.stream(
      { messages: [{ role: 'user', content: 'hi' }] },
      { onWait: (w) => waits.push(w) },
    );
    if (state === 'cooling') {
      // Nothing else to switch to: wait exactly until the reset, then the same key serves.
      expect(await drain((await call).chunks)).toMatchObject({ text: 'after the wait', error: null });
      expect(h.clock.sleeps).toEqual([outMs]);
      expect(waits).toEqual([
        `waiting ${Math.ceil((outMs ?? 0) / 1000)} s: every key is rate limited (retry 1 of 3)`,
      ]);
      expect(h.keysSeen()).toEqual(['a1', 'a1']);
    } else {
      // Rejected / out of quota: never retried, and the next call does not even try it.
      await expect(call).rejects.toMatchObject({ code });
      await expect(router.stream({ messages: [{ role: 'user', content: 'again' }] })).rejects.toMatchObject({
        code,
        message: expect.stringContaining('…00a1'),
      });
      expect(h.keysSeen()).toEqual(['a1']);
      expect(h.clock.sleeps).toEqual([]);
    }
  });

  it('429 with retry-after: 0 is retried after a plain backoff', async () => {
    await h.credentials.set('groq_api_key', [KEYS.a1]);
    h.upstream.setRules([{ ...faults.groqRateLimit({ 'retry-after': '0' }), times: 1 }, { reply: 'ok' }]);
    expect(
      await drain((await h.router().stream({ messages: [{ role: 'user', content: 'hi' }] })).chunks),
    ).toMatchObject({ text: 'ok' });
    expect(h.clock.sleeps).toEqual([375]);
  });

  it('a rate limit longer than 60 s is not slept through: the caller gets provider_rate_limited with retryAfterMs', async () => {
    await h.credentials.set('groq_api_key', [KEYS.a1]);
    h.upstream.setRules([faults.groqRateLimit({ 'retry-after': '600' })]);
    await expect(h.router().stream({ messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      code: 'provider_rate_limited',
      retryAfterMs: 600_000,
    });
    expect(h.clock.sleeps).toEqual([]);
  });
});

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
