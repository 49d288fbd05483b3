import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test-support/fake-clock';
import { FixedWindowLimiter, rateLimitHeaders } from './rate-limit';

describe('FixedWindowLimiter', () => {
  it('allows `limit` requests per key per minute, then refuses until the window resets', async () => {
    const clock = new FakeClock();
    const limiter = new FixedWindowLimiter(clock);
    expect(await limiter.hit('127.0.0.1', 2)).toEqual({
      allowed: true,
      limit: 2,
      remaining: 1,
      resetMs: 60_000,
    });
    clock.advance(10_000);
    expect(await limiter.hit('127.0.0.1', 2)).toEqual({
      allowed: true,
      limit: 2,
      remaining: 0,
      resetMs: 50_000,
    });
    expect(await limiter.hit('127.0.0.1', 2)).toEqual({
      allowed: false,
      limit: 2,
      remaining: 0,
      resetMs: 50_000,
    });
    expect((await limiter.hit('::1', 2))?.allowed).toBe(true);
    clock.advance(50_000);
    expect(await limiter.hit('127.0.0.1', 2)).toEqual({
      allowed: true,
      limit: 2,
      remaining: 1,
      resetMs: 60_000,
    });
  });

  it('a limit of 0 is no limit', async () => {
    const limiter = new FixedWindowLimiter(new FakeClock());
    for (let i = 0; i < 1000; i++) expect(await limiter.hit('k', 0)).toBeNull();
  });

  it('X-RateLimit-Reset is whole seconds until the window resets', () => {
    expect(rateLimitHeaders({ allowed: true, limit: 60, remaining: 59, resetMs: 59_001 })).toEqual({
      'x-ratelimit-limit': '60',
      'x-ratelimit-remaining': '59',
      'x-ratelimit-reset': '60',
    });
  });
});
