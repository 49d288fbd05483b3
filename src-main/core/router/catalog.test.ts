import { describe, expect, it } from 'vitest';
import { KEYS, drain, keyOf, useRouterHarness } from '../../../test-support/router-harness';
import { ProviderCatalog } from './catalog';
import type { ProviderRouter } from './router';

const h = useRouterHarness();

function catalogFor(router: ProviderRouter, env: Record<string, string> = {}): ProviderCatalog {
  return new ProviderCatalog({
    settings: () => h.settings,
    credentials: h.credentials,
    env: { SWITCHBOARD_GROQ_BASE_URL: h.upstream.url, ...env },
    clock: h.clock,
    health: router.keyHealth,
  });
}

describe('Check (a key against the provider /models)', () => {
  it('reports OK / rejected / rate-limited / out of quota / unreachable per key, calling /models with that key', async () => {
    await h.credentials.set('groq_api_keys', [KEYS.a1, KEYS.a2, KEYS.b1]);
    h.upstream.setModels((request) => {
      const key = keyOf(request);
      if (key === 'a2')
        return {
          status: 401,
          body: {
            error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' },
          },
        };
      if (key === 'b1')
        return {
          status: 429,
          body: { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } },
          headers: { 'retry-after': '3' },
        };
      return null;
    });
    const catalog = catalogFor(h.router());
    expect(await catalog.checkKey('groq_api_keys', 0)).toMatchObject({
      result: 'ok',
      status: 200,
      message: 'OK — 1 model',
      keyFingerprint: '…00a1',
    });
    expect(await catalog.checkKey('groq_api_keys', 1)).toMatchObject({
      result: 'rejected',
      status: 401,
      message: 'Rejected: Invalid API Key',
    });
    expect(await catalog.checkKey('groq_api_keys', 2)).toMatchObject({ result: 'rate_limited', status: 429 });
    expect(h.upstream.requests.filter((r) => r.path.endsWith('/models')).map(keyOf)).toEqual([
      'a1',
      'a2',
      'b1',
    ]);

    h.upstream.setModels(() => ({
      status: 402,
      body: { error: { message: 'Insufficient credits', code: 402 } },
    }));
    expect(await catalog.checkKey('groq_api_keys', 0)).toMatchObject({ result: 'quota_exhausted' });
    await expect(catalog.checkKey('groq_api_keys', 7)).rejects.toMatchObject({ code: 'key_not_found' });
  });

  it('unreachable when nothing answers', async () => {
    await h.credentials.set('together_api_key', ['tgp_v1_00000000000000000000000000000000']);
    const catalog = catalogFor(h.router(), { SWITCHBOARD_TOGETHER_BASE_URL: 'http://127.0.0.1:9/v1' });
    expect(await catalog.checkKey('together_api_key', 0)).toMatchObject({
      result: 'unreachable',
      status: null,
      message: expect.stringMatching(/^Unreachable: could not reach the provider/),
    });
  });

  it('a rejected check takes the key out of routing; a working check brings it back', async () => {
    await h.credentials.set('groq_api_keys', [KEYS.a1, KEYS.a2]);
    const router = h.router();
    const catalog = catalogFor(router);
    h.upstream.setModels(() => ({ status: 401, body: { error: { message: 'Invalid API Key' } } }));
    await catalog.checkKey('groq_api_keys', 0);
    h.upstream.setRules([{ reply: 'ok' }]);
    await drain((await router.stream({ messages: [{ role: 'user', content: 'x' }] })).chunks);
    expect(h.keysSeen()).toEqual(['a2']);
    expect(router.keyStates().find((k) => k.keyFingerprint === '…00a1')).toMatchObject({
      state: 'rejected',
      reason: 'Invalid API Key',
    });

    h.upstream.setModels(null);
    expect(await catalog.checkKey('groq_api_keys', 0)).toMatchObject({ result: 'ok' });
    expect(router.keyStates().find((k) => k.keyFingerprint === '…00a1')).toMatchObject({ state: 'healthy' });
  });

  it('checks registry keys against the entry api_base, and Anthropic keys with x-api-key', async () => {
    const origin = new URL(h.upstream.url).origin;
    h.settings = {
      ...h.settings,
      open_interpreter_provider_registry: JSON.stringify([
        { id: 'claude', provider: 'anthropic', api_base: `${origin}/anthropic`, model: 'claude-haiku-4-5' },
      ]),
    };
    await h.credentials.set('registry.claude', ['sk-ant-api03-0000000000000000000000000000000000ab']);
    expect(await catalogFor(h.router()).checkKey('registry.claude', 0)).toMatchObject({
      result: 'ok',
      keyFingerprint: '…00ab',
    });
    const request = h.upstream.requests[h.upstream.requests.length - 1];
    expect(request?.path).toBe('/anthropic/models');
    expect(request?.headers).toMatchObject({
      'x-api-key': 'sk-ant-api03-0000000000000000000000000000000000ab',
      'anthropic-version': '2023-06-01',
    });
  });
});

describe('model lists', () => {
  it('fetches, strips Gemini "models/" prefixes, sorts, and caches for 10 minutes', async () => {
    await h.credentials.set('gemini_api_key', ['AIzaSy00000000000000000000000000000000gem']);
    h.upstream.setModels(() => ({
      status: 200,
      body: {
        object: 'list',
        data: [
          { id: 'models/gemini-2.5-flash' },
          { id: 'models/gemini-2.0-flash' },
          { id: 'models/gemini-2.0-flash' },
        ],
      },
    }));
    const catalog = catalogFor(h.router(), { SWITCHBOARD_GEMINI_BASE_URL: h.upstream.url });
    expect((await catalog.models('gemini')).models).toEqual(['gemini-2.0-flash', 'gemini-2.5-flash']);
    await catalog.models('gemini');
    expect(h.upstream.requests.filter((r) => r.path.endsWith('/models'))).toHaveLength(1);
    h.clock.advance(10 * 60_000);
    await catalog.models('gemini');
    await catalog.models('gemini', true);
    expect(h.upstream.requests.filter((r) => r.path.endsWith('/models'))).toHaveLength(3);
  });

  it('no key → no_api_key; a rejected key → key_rejected', async () => {
    const catalog = catalogFor(h.router());
    await expect(catalog.models('groq')).rejects.toMatchObject({ code: 'no_api_key' });
    await h.credentials.set('groq_api_key', [KEYS.a1]);
    h.upstream.setModels(() => ({ status: 401, body: { error: { message: 'Invalid API Key' } } }));
    await expect(catalog.models('groq')).rejects.toMatchObject({
      code: 'key_rejected',
      message: expect.stringContaining('…00a1'),
    });
  });
});
