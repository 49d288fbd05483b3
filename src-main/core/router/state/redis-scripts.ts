import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script run with EVALSHA (EVAL once when Redis does not have it cached yet). */
export interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * Sliding window (sorted set of request times, scored in ms): drops times older than the
 * window, then takes a slot if fewer than `limit` remain. Answers 0 when taken, else ms until
 * the oldest request that keeps the window full leaves it. The same arithmetic as the
 * in-process window, done inside Redis so that concurrent instances cannot both take the last
 * slot. KEYS[1] window; ARGV now, window ms, limit, a unique member.
 */
export const TAKE_SLOT = script(`
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
local wait = tonumber(oldest[2]) + window - now
if wait < 1 then wait = 1 end
return wait
`);

/**
 * Fixed window counter (hash: count, reset time): the window starts at the first request and
 * lasts `window` ms. Answers {allowed 0/1, ms until reset, count}. A refused request is not
 * counted. KEYS[1] counter; ARGV now, window ms, limit.
 */
export const HIT = script(`
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local stored = redis.call('HMGET', KEYS[1], 'count', 'reset')
local count = tonumber(stored[1])
local reset = tonumber(stored[2])
if (not reset) or now >= reset then
  count = 0
  reset = now + window
end
if count >= limit then return {0, reset - now, count} end
count = count + 1
redis.call('HSET', KEYS[1], 'count', count, 'reset', reset)
redis.call('PEXPIRE', KEYS[1], math.max(1, reset - now))
return {1, reset - now, count}
`);

/**
 * Round robin: the index (0-based) after the last picked id among ARGV (0 when it is the last
 * or absent), recorded as the new last pick. KEYS[1] last pick; ARGV the ids in order.
 */
export const CLAIM_TURN = script(`
local last = redis.call('GET', KEYS[1])
local start = 1
if last then
  for i = 1, #ARGV do
    if ARGV[i] == last then
      if i < #ARGV then start = i + 1 end
      break
    end
  end
end
redis.call('SET', KEYS[1], ARGV[start])
return start - 1
`);

/** Runs `s` by its SHA1, loading it with EVAL when Redis answers NOSCRIPT (a fresh or restarted server). */
export async function runScript(
  client: Redis,
  s: Script,
  keys: string[],
  args: Array<string | number>,
): Promise<unknown> {
  try {
    return await client.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(s.source, keys.length, ...keys, ...args);
  }
}
