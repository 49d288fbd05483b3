import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startApiHarness, type ApiHarness } from '../../../test-support/api-harness';

describe('the per-client rate limit and requests without the token', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ overrides: { rateLimitPerMinute: 60 } });
  });
  afterAll(async () => h.close());

  it('60 requests without (or with a wrong) token do not lock out the token holder; they hit a limit of their own', async () => {
    for (let i = 0; i < 60; i++) {
      const headers = i % 2 === 0 ? { authorization: '' } : { authorization: 'Bearer wrong-token' };
      expect((await call(h, 'GET', '/v1/health', undefined, headers)).status).toBe(401);
    }
    const holder = await call(h, 'GET', '/v1/health');
    expect(holder.status).toBe(200);
    expect(holder.headers.get('x-ratelimit-remaining')).toBe('59');
    // The 61st unauthenticated request is refused by their own limit.
    expect((await call(h, 'GET', '/v1/health', undefined, { authorization: '' })).status).toBe(429);
    expect((await call(h, 'GET', '/v1/health')).status).toBe(200);
  });
});
