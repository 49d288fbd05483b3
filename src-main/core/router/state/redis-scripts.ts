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
 * slot. `member` is unique per request.
 */
const TAKE_SLOT_FN = `
local function take_slot(key, now, window, limit, member)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count < limit then
    redis.call('ZADD', key, now, member)
    redis.call('PEXPIRE', key, window)
    return 0
  end
  local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
  local wait = tonumber(oldest[2]) + window - now
  if wait < 1 then wait = 1 end
  return wait
end
`;

/**
 * Fixed window counter (hash: count, reset time): the window starts at the first request and
 * lasts `window` ms. Answers allowed (0/1), ms until reset, count. A refused request is not
 * counted.
 */
const HIT_FN = `
local function hit(key, now, window, limit)
  local stored = redis.call('HMGET', key, 'count', 'reset')
  local count = tonumber(stored[1])
  local reset = tonumber(stored[2])
  if (not reset) or now >= reset then
    count = 0
    reset = now + window
  end
  if count >= limit then return 0, reset - now, count end
  count = count + 1
  redis.call('HSET', key, 'count', count, 'reset', reset)
  redis.call('PEXPIRE', key, math.max(1, reset - now))
  return 1, reset - now, count
end
`;

/** KEYS[1] window; ARGV now, window ms, limit, a unique member. Answers `take_slot`'s wait. */
export const TAKE_SLOT = script(`${TAKE_SLOT_FN}
return take_slot(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4])
`);

/** KEYS[1] counter; ARGV now, window ms, limit. Answers {allowed 0/1, ms until reset, count}. */
export const HIT = script(`${HIT_FN}
local allowed, reset, count = hit(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
return {allowed, reset, count}
`);

/**
 * A counted request and, when it is allowed, a slot in a sliding window, in one call (one round
 * trip). KEYS[1] counter, KEYS[2] window; ARGV now, counter window ms, counter limit, slot
 * window ms, slot limit, a unique member. Answers {allowed 0/1, ms until reset, count, slot
 * wait (0 taken; 1 when refused, nothing taken)}.
 */
export const HIT_AND_TAKE_SLOT = script(`${HIT_FN}${TAKE_SLOT_FN}
local now = tonumber(ARGV[1])
local allowed, reset, count = hit(KEYS[1], now, tonumber(ARGV[2]), tonumber(ARGV[3]))
local wait = 1
if allowed == 1 then wait = take_slot(KEYS[2], now, tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]) end
return {allowed, reset, count, wait}
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

/**
 * Runs `s` by its SHA1 with `keyCount` keys first in `keysAndArgs`, loading it with EVAL when
 * Redis answers NOSCRIPT (a fresh or restarted server).
 */
export async function runScript(
  client: Redis,
  s: Script,
  keyCount: number,
  keysAndArgs: Array<string | number>,
): Promise<unknown> {
  try {
    return await client.evalsha(s.sha, keyCount, ...keysAndArgs);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(s.source, keyCount, ...keysAndArgs);
  }
}
