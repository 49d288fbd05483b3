import { describe, expect, it } from 'vitest';
import type { CallFailure } from '../../src-shared/router';
import type { ErrorCode } from '../../src-shared/errors';
import { drain, useRouterHarness, withKey, type KeyName } from '../router-harness';
import { recorded, replay } from '../replay';
import { registrySettings, type Kind } from './registry';

const h = useRouterHarness();
const START = h.clock.now();
const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

interface ErrorCase {
  /** recorded/<file>.json */
  file: string;
  kind?: Kind;
  /** How the router classified the attempt (the call log's `failure`). */
  failure: CallFailure;
  /** The failing key's state afterwards; `provider` when the whole provider cools. */
  state: 'cooling' | 'quota_exhausted' | 'rejected' | 'healthy';
  scope?: 'key' | 'provider';
  /** How long it stays out, in ms (from the provider's own words), when it does. */
  outMs?: number;
  /** Which key serves the call instead: the sibling key, or the other provider. */
  next: KeyName;
  /** What a caller sees when a1 is the only key and retries are off. */
  code: ErrorCode;
  retryAfterMs?: number;
}

const CASES: ErrorCase[] = [
  // Groq: the rate-limit message ends with a link to the billing page; it is still a rate limit.
  {
    file: 'groq/429-tokens-per-minute',
    failure: 'rate_limited',
    state: 'cooling',
    outMs: 2_000,
    next: 'a2',
    code: 'provider_rate_limited',
    retryAfterMs: 2_000,
  },
  {
    file: 'groq/429-tokens-per-minute-reset-headers-only',
    failure: 'rate_limited',
    state: 'cooling',
    outMs: 7_660,
    next: 'a2',
    code: 'provider_rate_limited',
    retryAfterMs: 7_660,
  },
  {
    file: 'groq/429-tokens-per-day',
    failure: 'quota_exhausted',
    state: 'quota_exhausted',
    outMs: 579_000,
    next: 'a2',
    code: 'provider_quota_exhausted',
    retryAfterMs: 579_000,
  },
  {
    file: 'groq/413-request-too-large',
    failure: 'request_too_large',
    state: 'healthy',
    next: 'b1',
    code: 'provider_request_too_large',
  },
  {
    file: 'groq/413-request-too-large-billing-link',
    failure: 'request_too_large',
    state: 'healthy',
    next: 'b1',
    code: 'provider_request_too_large',
  },
  {
    file: 'groq/401-invalid-api-key',
    failure: 'key_rejected',
    state: 'rejected',
    next: 'a2',
    code: 'key_rejected',
  },
  // OpenAI
  {
    file: 'openai/429-insufficient-quota',
    failure: 'quota_exhausted',
    state: 'quota_exhausted',
    outMs: 3_600_000,
    next: 'a2',
    code: 'provider_quota_exhausted',
  },
  {
    file: 'openai/429-tokens-per-minute-billing-link',
    failure: 'rate_limited',
    state: 'cooling',
    outMs: 2_502,
    next: 'a2',
    code: 'provider_rate_limited',
    retryAfterMs: 2_502,
  },
  {
    file: 'openai/429-request-too-large-for-tier',
    failure: 'request_too_large',
    state: 'healthy',
    next: 'b1',
    code: 'provider_request_too_large',
  },
  {
    file: 'openai/404-model-not-found',
    failure: 'model_not_found',
    state: 'healthy',
    next: 'b1',
    code: 'model_not_found',
  },
  {
    file: 'openai/500-server-error',
    failure: 'server_error',
    state: 'healthy',
    next: 'b1',
    code: 'provider_server_error',
  },
  // Together: `type: "credit_limit"` on a per-minute limit whose message links the billing page.
  {
    file: 'together/429-rate-limited-billing-link',
    failure: 'rate_limited',
    state: 'cooling',
    outMs: 30_000,
    next: 'a2',
    code: 'provider_rate_limited',
  },
  // DeepSeek and xAI (registry entries): 402 balance, a bare JSON string for a wrong key or a limit.
  {
    file: 'deepseek/402-insufficient-balance',
    failure: 'quota_exhausted',
    state: 'quota_exhausted',
    outMs: 3_600_000,
    next: 'a2',
    code: 'provider_quota_exhausted',
  },
  {
    file: 'xai/400-incorrect-api-key',
    failure: 'key_rejected',
    state: 'rejected',
    next: 'a2',
    code: 'key_rejected',
  },
  {
    file: 'xai/429-tokens-per-minute',
    failure: 'rate_limited',
    state: 'cooling',
    outMs: 30_000,
    next: 'a2',
    code: 'provider_rate_limited',
  },
  // Gemini's OpenAI endpoint: errors in a JSON array, the kind in `status` and the quota ids.
  {
    file: 'gemini/429-per-minute',
    failure: 'rate_limited',
    state: 'cooling',
    outMs: 34_000,
    next: 'a2',
    code: 'provider_rate_limited',
    retryAfterMs: 34_000,
  },
  {
    file: 'gemini/429-per-day',
    failure: 'quota_exhausted',
    state: 'quota_exhausted',
    outMs: 3_600_000,
    next: 'a2',
    code: 'provider_quota_exhausted',
  },
  {
    file: 'gemini/400-api-key-invalid',
    failure: 'key_rejected',
    state: 'rejected',
    next: 'a2',
    code: 'key_rejected',
  },
  // OpenRouter
  {
    file: 'openrouter/402-insufficient-credits',
    failure: 'quota_exhausted',
    state: 'quota_exhausted',
    outMs: 3_600_000,
    next: 'a2',
    code: 'provider_quota_exhausted',
  },
  {
    file: 'openrouter/429-free-models-per-day',
    failure: 'quota_exhausted',
    state: 'quota_exhausted',
    outMs: 3_600_000,
    next: 'a2',
    code: 'provider_quota_exhausted',
  },
  {
    file: 'openrouter/503-no-provider-retry-after',
    failure: 'server_error',
    state: 'cooling',
    scope: 'provider',
    outMs: 2_000,
    next: 'b1',
    code: 'provider_server_error',
    retryAfterMs: 2_000,
  },
  // Perplexity: a model it does not serve is a 400 whose type says so; another provider may serve.
  {
    file: 'perplexity/400-invalid-model',
    failure: 'model_not_found',
    state: 'healthy',
    next: 'b1',
    code: 'model_not_found',
  },
  // Anthropic (Messages API adapter)
  {
    file: 'anthropic/401-invalid-x-api-key',
    kind: 'anthropic',
    failure: 'key_rejected',
    state: 'rejected',
    next: 'a2',
    code: 'key_rejected',
  },
  {
    file: 'anthropic/529-overloaded',
    kind: 'anthropic',
    failure: 'server_error',
    state: 'healthy',
    next: 'b1',
    code: 'provider_server_error',
  },
  {
    file: 'anthropic/400-credit-balance-too-low',
    kind: 'anthropic',
    failure: 'quota_exhausted',
    state: 'quota_exhausted',
    outMs: 3_600_000,
    next: 'a2',
    code: 'provider_quota_exhausted',
  },
  {
    file: 'anthropic/429-rate-limit-reset-headers-only',
    kind: 'anthropic',
    failure: 'rate_limited',
    state: 'cooling',
    outMs: 40_000,
    next: 'a2',
    code: 'provider_rate_limited',
    retryAfterMs: 40_000,
  },
];

describe('recorded provider errors: classification, cooldown and failover', () => {
  it.each(CASES)('$file → $failure, $next serves', async (c) => {
    const rec = recorded(c.file);
    h.settings = registrySettings(h.settings, h.upstream.url, c.kind ? { kind: c.kind } : {});
    h.upstream.setRules([{ match: withKey('a1'), ...replay(rec) }, { reply: 'served' }]);
    const router = h.router();

    const routed = await router.stream(ask);
    expect(await drain(routed.chunks)).toMatchObject({ text: 'served', error: null });
    expect(h.keysSeen()).toEqual(['a1', c.next]);
    expect(h.clock.sleeps).toEqual([]);
    expect(h.log[0]).toMatchObject({ keyFingerprint: '…00a1', status: rec.status, failure: c.failure });

    const a1 = router.keyStates().find((k) => k.keyFingerprint === '…00a1');
    expect(a1).toMatchObject({ state: c.state, scope: c.scope ?? 'key' });
    expect(a1?.until).toBe(c.outMs === undefined ? undefined : new Date(START + c.outMs).toISOString());
  });

  it.each(CASES)('$file with one key and no retries: the caller gets $code', async (c) => {
    h.settings = registrySettings(h.settings, h.upstream.url, {
      onlyA: true,
      keysA: ['sk-test-a-key-000000a1'],
      extra: { llm_max_retries: 0 },
      ...(c.kind ? { kind: c.kind } : {}),
    });
    h.upstream.setRules([replay(recorded(c.file))]);
    const error = await h
      .router()
      .stream(ask)
      .then(
        () => null,
        (e: unknown) => e as { code: string; message: string; retryAfterMs?: number },
      );
    expect(error).toMatchObject({ code: c.code });
    expect(error?.retryAfterMs).toBe(c.retryAfterMs);
    // The caller reads the provider's own message.
    const message = recorded(c.file).chunks.join('');
    expect(message).toContain(error?.message.split(': ').slice(1).join(': ').slice(0, 20) ?? '');
  });
});
