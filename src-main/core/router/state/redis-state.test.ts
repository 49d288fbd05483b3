import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test-support/fake-clock';
import { startRedisServer, type RedisServer } from '../../../../test-support/redis-server';
import { waitFor } from '../../../../test-support/api-harness';
import { KeyHealthBook } from '../key-health';
import { SlidingWindowLimiter } from '../rate-window';
import type { Target } from '../types';
import { RedisRouterState } from './redis-state';

const API_KEY = 'gsk_never_in_redis_0123456789abcdef';
const target: Target = {
  identity: `groq\u0000https://api.groq.com/openai/v1\u0000${API_KEY}`,
  providerScope: 'groq\u0000https://api.groq.com/openai/v1',
  providerId: 'groq',
  providerLabel: 'Groq',
  protocol: 'openai',
  baseUrl: 'https://api.groq.com/openai/v1',
  model: 'llama-3.1-8b-instant',
  apiKey: API_KEY,
  keyFingerprint: '…cdef',
  headers: {},
};

describe('RedisRouterState (a real redis-server)', () => {
  let redis: RedisServer;
  const open: RedisRouterState[] = [];
  const clock = new FakeClock();
  const state = async () => {
    const s = new RedisRouterState({ url: redis.url, clock, prefix: 'test:' });
    open.push(s);
    expect(await s.whenShared(5_000)).toBe(true);
    return s;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis.close());
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();
  });

  it('two instances taking slots at once never get more than the limit, and agree on the wait', async () => {
    const [a, b] = [await state(), await state()];
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).takeSlot('global', 10, 60_000, clock.now())),
    );
    expect(answers.filter((wait) => wait === 0)).toHaveLength(10);
    expect(new Set(answers.filter((wait) => wait !== 0))).toEqual(new Set([60_000]));
    // 15 s later the oldest request is still in the window for 45 s more, on either instance.
    expect(await a.takeSlot('global', 10, 60_000, clock.now() + 15_000)).toBe(45_000);
    expect(await b.takeSlot('global', 10, 60_000, clock.now() + 60_000)).toBe(0);
  });

  it('a waiting call on one instance is released when the shared window frees', async () => {
    const [a, b] = [await state(), await state()];
    const limiterA = new SlidingWindowLimiter(clock, a);
    const limiterB = new SlidingWindowLimiter(clock, b);
    await limiterA.acquire('global', 2);
    clock.advance(10_000);
    await limiterB.acquire('global', 2);
    const waits: number[] = [];
    await limiterB.acquire('global', 2, undefined, (ms) => waits.push(ms));
    expect(waits).toEqual([50_000]);
  });

  it('a count and an RPM slot in one step: allowed requests take a slot, refused ones do not, across instances', async () => {
    const [a, b] = [await state(), await state()];
    const slot = { scope: 'global', limit: 3, windowMs: 60_000 };
    const answers = [];
    for (const s of [a, b, a, b])
      answers.push(await s.hitAndTakeSlot('client:x', 3, 60_000, slot, clock.now()));
    expect(answers.map((x) => [x.decision.allowed, x.decision.remaining, x.slotWait])).toEqual([
      [true, 2, 0],
      [true, 1, 0],
      [true, 0, 0],
      [false, 0, 1],
    ]);
    // The window is full with the three allowed requests only.
    expect(await b.takeSlot('global', 3, 60_000, clock.now())).toBe(60_000);
    expect(await a.takeSlot('global', 4, 60_000, clock.now())).toBe(0);
    // Another client's request is allowed but waits for the shared window.
    const other = await b.hitAndTakeSlot('client:y', 3, 60_000, { ...slot, limit: 4 }, clock.now());
    expect([other.decision.allowed, other.slotWait]).toEqual([true, 60_000]);
  });

  it('far from the limits, repeated admissions draw on short leases: few round trips, the limit still holds across instances, the unused part is given back', async () => {
    const [a, b] = [await state(), await state()];
    const admin = new Redis(redis.url);
    const scripts = async () => {
      const stats = await admin.info('commandstats');
      return [/cmdstat_evalsha:calls=(\d+)/, /cmdstat_eval:calls=(\d+)/].reduce(
        (sum, pattern) => sum + Number(pattern.exec(stats)?.[1] ?? 0),
        0,
      );
    };
    // Once the leases have ended, Redis holds exactly what was handed out.
    const settled = async (slots: number, count: number) => {
      for (let tries = 0; ; tries++) {
        const held = [
          await admin.zcard('test:rpm:global'),
          Number(await admin.hget('test:limit:client:x', 'count')),
        ];
        if (held[0] === slots && held[1] === count) return;
        if (tries > 100) expect(held).toEqual([slots, count]);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const slot = { scope: 'global', limit: 320, windowMs: 60_000 };
    const admit = async (n: number) => {
      const answers = [];
      for (let i = 0; i < n; i++)
        answers.push(await (i % 2 ? a : b).hitAndTakeSlot('client:x', 100_000, 60_000, slot, clock.now()));
      expect(answers.every((x) => x.decision.allowed)).toBe(true);
      return answers.filter((x) => x.slotWait === 0).length;
    };
    const before = await scripts();
    expect(await admit(200)).toBe(200);
    expect((await scripts()) - before).toBeLessThan(40);
    await settled(200, 200);
    // Near the limit leases shrink to nothing: the two instances together stay within it.
    const admitted = 200 + (await admit(200));
    expect(admitted).toBeLessThanOrEqual(320);
    expect(admitted).toBeGreaterThan(320 - 2 * 32);
    await settled(admitted, 400);
    // 64 at once on one instance: they wait for one lease instead of asking Redis each.
    const burst = await scripts();
    const other = { scope: 'other', limit: 100_000, windowMs: 60_000 };
    const all = await Promise.all(
      Array.from({ length: 64 }, () => a.hitAndTakeSlot('client:y', 100_000, 60_000, other, clock.now())),
    );
    expect(all.every((x) => x.decision.allowed && x.slotWait === 0)).toBe(true);
    expect((await scripts()) - burst).toBeLessThan(8);
    // A slot alone (an RPM window without a per-client count) and a count alone lease alike.
    const alone = await scripts();
    for (let i = 0; i < 100; i++) {
      expect(await b.takeSlot('solo', 100_000, 60_000, clock.now())).toBe(0);
      expect(await b.hit('client:z', 100_000, 60_000, clock.now())).toMatchObject({ allowed: true });
    }
    expect((await scripts()) - alone).toBeLessThan(20);
    admin.disconnect();
  });

  it('what one instance learns about a key, the other obeys; Redis holds a digest, never the key', async () => {
    const [a, b] = [await state(), await state()];
    const bookA = new KeyHealthBook(clock, a);
    const bookB = new KeyHealthBook(clock, b);
    bookA.recordFailure(target, 'rate_limited', 20_000, 'HTTP 429');
    await waitFor(() => !bookB.isAvailable(target), 5_000, 'the cooldown to reach the other instance');
    expect(bookB.get(target)).toMatchObject({
      state: 'cooling',
      until: clock.now() + 20_000,
      reason: 'HTTP 429',
    });

    const admin = new Redis(redis.url);
    const dump: string[] = [];
    for (const name of await admin.keys('*')) {
      dump.push(name);
      if ((await admin.type(name)) === 'hash') dump.push(...Object.entries(await admin.hgetall(name)).flat());
    }
    admin.disconnect();
    expect(dump.join('\n')).toContain('HTTP 429');
    expect(dump.join('\n')).not.toContain(API_KEY);
    expect(dump.join('\n')).not.toContain(API_KEY.slice(-12));

    bookB.recordSuccess(target);
    await waitFor(() => bookA.isAvailable(target), 5_000, 'the recovery to reach the first instance');
  });

  it('round robin continues across instances', async () => {
    const [a, b, c] = [await state(), await state(), await state()];
    const ids = ['k1', 'k2', 'k3'];
    const starts = [];
    for (const s of [a, b, c, a, b]) starts.push(await s.claimTurn(ids));
    expect(starts).toEqual([0, 1, 2, 0, 1]);
    b.picked('k3'); // failover moved a call on to k3: the next call starts after it
    const admin = new Redis(redis.url);
    while ((await admin.get('test:round-robin')) !== 'k3') await new Promise((r) => setTimeout(r, 5));
    admin.disconnect();
    expect(await c.claimTurn(ids)).toBe(0);
  });

  it('Redis lost: answers come from local state and say so; back: shared again, with what was learned meanwhile', async () => {
    const [a, b] = [await state(), await state()];
    await redis.stop();
    await waitFor(() => a.label() === 'local (redis unreachable)', 5_000, 'the loss to be noticed');
    expect(a.takeSlot('global', 1, 60_000, clock.now())).toBe(0);
    expect(a.takeSlot('global', 1, 60_000, clock.now())).toBe(60_000);
    expect(a.hit('client:127.0.0.1', 5, 60_000, clock.now())).toMatchObject({ allowed: true, remaining: 4 });
    const bookA = new KeyHealthBook(clock, a);
    bookA.recordFailure(target, 'key_rejected', null, 'HTTP 401');

    await redis.start();
    await waitFor(() => a.label() === 'redis' && b.label() === 'redis', 10_000, 'both to rejoin');
    const bookB = new KeyHealthBook(clock, b);
    const c = await state();
    expect(new KeyHealthBook(clock, c).get(target)).toMatchObject({ state: 'rejected', reason: 'HTTP 401' });
    expect(await b.takeSlot('global', 1, 60_000, clock.now())).toBe(0);
    expect(await a.takeSlot('global', 1, 60_000, clock.now())).toBe(60_000);
    await waitFor(() => bookB.get(target).state === 'rejected', 5_000, 'the other instance to learn it');
  });

  it('Redis stalled with its connections open: nothing waits longer than the command timeout; resumed: shared again', async () => {
    const a = await state();
    redis.signal('SIGSTOP');
    try {
      expect(await a.takeSlot('global', 5, 60_000, clock.now())).toBe(0); // answered locally after the timeout
      expect(a.label()).toBe('local (redis unreachable)');
      expect(a.takeSlot('global', 5, 60_000, clock.now())).toBe(0); // and from now on at once
    } finally {
      redis.signal('SIGCONT');
    }
    await waitFor(() => a.label() === 'redis', 10_000, 'the state to be shared again');
  });
});
