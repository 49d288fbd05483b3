import { describe, expect, it } from 'vitest';
import type { RegistryMode } from '../../../src-shared/settings';
import { faults, type Fault } from '../../../test-support/faults';
import { KEYS, drain, useRouterHarness, withKey } from '../../../test-support/router-harness';

/**
 * The fault matrix, part 1: key faults before any output. Provider `a` has keys a1, a2 and
 * provider `b` key b1; a1 fails. Each case asserts which target served next, how long the
 * router slept (fake clock), and what the caller saw.
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
