import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { KEYS, drain, useRouterHarness, withKey } from '../router-harness';
import { recorded, replay } from '../replay';
import { registrySettings } from './registry';

const h = useRouterHarness();
const START = h.clock.now();
const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
const at = (ms: number) => new Date(START + ms).toISOString();
const groq429 = (retryAfter: string) =>
  replay(recorded('groq/429-tokens-per-minute'), { overrides: { 'retry-after': retryAfter } });

describe('a Groq key pool and Groq’s real 429 with retry-after: 9', () => {
  it('the second key serves at once, the first cools for 9 s and then serves again', async () => {
    h.settings = { ...DEFAULT_SETTINGS, open_interpreter_provider: 'groq' };
    await h.credentials.set('groq_api_keys', [KEYS.a1, KEYS.a2]);
    h.upstream.setRules([{ match: withKey('a1'), times: 1, ...groq429('9') }, { reply: 'served' }]);
    const router = h.router();

    const first = await router.stream(ask);
    expect(await drain(first.chunks)).toMatchObject({ text: 'served', error: null });
    expect(first.servedBy).toMatchObject({ providerId: 'groq', keyFingerprint: '…00a2' });
    expect(h.keysSeen()).toEqual(['a1', 'a2']);
    expect(h.clock.sleeps).toEqual([]);
    expect(router.keyStates().map((k) => [k.keyFingerprint, k.state, k.until])).toEqual([
      ['…00a1', 'cooling', at(9_000)],
      ['…00a2', 'healthy', undefined],
    ]);

    // Still cooling 5 s later: the second key keeps serving.
    h.clock.advance(5_000);
    h.upstream.requests.length = 0;
    await drain((await router.stream(ask)).chunks);
    expect(h.keysSeen()).toEqual(['a2']);

    // 9 s after the 429 the first key is back.
    h.clock.advance(4_000);
    h.upstream.requests.length = 0;
    await drain((await router.stream(ask)).chunks);
    expect(h.keysSeen()).toEqual(['a1']);
    expect(router.keyStates().every((k) => k.state === 'healthy')).toBe(true);
  });

  it('with one key and llm_max_retries 1 the call waits the 9 s and is retried instead of failing', async () => {
    h.settings = { ...DEFAULT_SETTINGS, open_interpreter_provider: 'groq', llm_max_retries: 1 };
    await h.credentials.set('groq_api_key', [KEYS.a1]);
    h.upstream.setRules([{ times: 1, ...groq429('9') }, { reply: 'after the wait' }]);
    const waits: string[] = [];
    const routed = await h.router().stream(ask, { onWait: (w) => waits.push(w) });
    expect(await drain(routed.chunks)).toMatchObject({ text: 'after the wait', error: null });
    expect(h.clock.sleeps).toEqual([9_000]);
    expect(waits).toEqual(['waiting 9 s: every key is rate limited (retry 1 of 1)']);
    expect(h.keysSeen()).toEqual(['a1', 'a1']);
    expect(h.log.map((e) => e.failure)).toEqual(['rate_limited', null]);
  });
});

describe('quota waits', () => {
  it('an insufficient_quota key stays out for an hour even when the per-minute window resets sooner', async () => {
    h.settings = registrySettings(h.settings, h.upstream.url);
    // OpenAI sends its x-ratelimit-* headers (platform.openai.com/docs/guides/rate-limits) on every answer.
    const quota = replay(recorded('openai/429-insufficient-quota'), {
      overrides: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '120ms' },
    });
    h.upstream.setRules([{ match: withKey('a1'), ...quota }, { reply: 'served' }]);
    const router = h.router();
    await drain((await router.stream(ask)).chunks);
    expect(router.keyStates()[0]).toMatchObject({ state: 'quota_exhausted', until: at(3_600_000) });
  });
});

describe('provider-wide cooldowns follow the provider’s word', () => {
  it('a 503 with retry-after: 2 cools the provider for 2 s, not 30 s', async () => {
    h.settings = registrySettings(h.settings, h.upstream.url);
    h.upstream.setRules([
      { match: withKey('a1'), times: 1, ...replay(recorded('openrouter/503-no-provider-retry-after')) },
      { reply: 'served' },
    ]);
    const router = h.router();
    await drain((await router.stream(ask)).chunks);
    expect(h.keysSeen()).toEqual(['a1', 'b1']);
    const a = router.keyStates().filter((k) => k.providerId === 'a');
    expect(a.map((k) => [k.state, k.scope, k.until])).toEqual([
      ['cooling', 'provider', at(2_000)],
      ['cooling', 'provider', at(2_000)],
    ]);

    h.clock.advance(2_000);
    h.upstream.requests.length = 0;
    await drain((await router.stream(ask)).chunks);
    expect(h.keysSeen()).toEqual(['a1']);
  });

  it('while the provider cools, a rate-limited key still hands over to its healthy sibling at once', async () => {
    h.settings = registrySettings(h.settings, h.upstream.url, { onlyA: true, extra: { llm_max_retries: 0 } });
    h.upstream.setRules([
      {
        match: withKey('a1'),
        times: 1,
        ...replay(recorded('openrouter/503-no-provider-retry-after'), { overrides: { 'retry-after': '30' } }),
      },
      { match: withKey('a1'), ...groq429('9') },
      { reply: 'served by the sibling' },
    ]);
    const router = h.router();
    await expect(router.stream(ask)).rejects.toMatchObject({
      code: 'provider_server_error',
      retryAfterMs: 30_000,
    });

    // The provider is cooling for 30 s; a1 is probed, answers 429, and a2 takes the call.
    h.upstream.requests.length = 0;
    const routed = await router.stream(ask);
    expect(await drain(routed.chunks)).toMatchObject({ text: 'served by the sibling', error: null });
    expect(h.keysSeen()).toEqual(['a1', 'a2']);
    expect(h.clock.sleeps).toEqual([]);
    expect(router.keyStates().map((k) => [k.keyFingerprint, k.state, k.scope])).toEqual([
      ['…00a1', 'cooling', 'key'],
      ['…00a2', 'healthy', 'key'],
    ]);
  });
});
