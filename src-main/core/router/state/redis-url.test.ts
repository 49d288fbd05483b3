import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, waitFor, type ApiHarness } from '../../../../test-support/api-harness';
import { startRedisServer, type RedisServer } from '../../../../test-support/redis-server';
import type { ApiStatus } from '../../../../src-shared/http-api';

describe('the api_redis_url setting (the desktop app)', () => {
  let redis: RedisServer;
  let h: ApiHarness;
  const password = 'pa:ss,word@1';
  beforeAll(async () => {
    redis = await startRedisServer({ password });
    h = await startApiHarness();
  });
  afterAll(async () => {
    await h.close();
    await redis.close();
  });

  it('applies at once; the password goes to the credential store, settings.json keeps the URL without it', async () => {
    const statuses: Array<ApiStatus['routerState']> = [];
    h.core.events.subscribe((event) => {
      if (event.type === 'api.status') statuses.push(event.status.routerState);
    });
    expect(h.core.api.status().routerState).toBe('in-process');
    await h.core.settings.update({
      api_redis_url: `redis://:${encodeURIComponent(password)}@127.0.0.1:${redis.port}`,
    });
    expect(h.core.settings.get().api_redis_url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await readFile(join(h.dataDir, 'settings.json'), 'utf8')).not.toContain('pa:ss');
    await waitFor(() => h.core.router.state.label() === 'redis', 10_000, 'the shared state');
    expect(statuses.at(-1)).toBe('redis');

    await h.core.settings.update({ api_redis_url: '' });
    await waitFor(() => h.core.router.state.label() === 'in-process', 10_000, 'the local state');
    expect(statuses.at(-1)).toBe('in-process');
  });

  it('refuses anything but a redis:// or rediss:// URL', async () => {
    await expect(h.core.settings.update({ api_redis_url: 'http://127.0.0.1:6379' })).rejects.toMatchObject({
      code: 'settings_invalid',
    });
  });
});
