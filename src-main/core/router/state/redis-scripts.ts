import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script run with EVALSHA (EVAL once when Redis does not have it cached yet). */
export interface Script {
  source: string;
  sha: string;
}

/** A lease takes at most this share of what is left under a limit (1/32). */
export const LEASE_SHARE = 32;

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * One admission: a request counted in a fixed window (the local API's per-client and
 * per-session limits; a hash of count and reset time, the window starting at its first request)
 * and/or a slot in a sliding window (an RPM limit; a sorted set of request times scored in ms),
 * plus optionally a lease of spare admissions for the instance to hand out without asking again.
 *
 * KEYS[1] counter, KEYS[2] window (a limit of 0 leaves that key alone). ARGV: now, counter
 * window ms, counter limit, slot window ms, slot limit, a unique member, take (1: count this
 * request and take its slot; 0: only lease), lease wanted, lease ms.
 *
 * Counting: a request over the counter's limit is refused and counted nowhere; an allowed one is
 * counted, and takes a slot when fewer than the slot limit are in the window, else the slot wait
 * is the ms until the oldest request that keeps the window full leaves it (nothing taken).
 * The arithmetic is the in-process state's, done inside Redis so that concurrent instances
 * cannot both take the last one.
 *
 * Leasing: when everything asked for was taken, up to `lease wanted` more admissions are
 * counted and slotted now, but never more than 1/LEASE_SHARE of what is left under either
 * limit (so a limit within reach is never leased away: small limits are never leased at all).
 * Leased slots are scored `now + lease ms`, the latest they can be used, so each stays in the
 * window at least a full window after its use. Members are `member#1` … `member#n`.
 *
 * Answers {allowed 0/1, counter ms until reset, count, slot wait, leased}.
 */
export const ADMIT = script(`
local now = tonumber(ARGV[1])
local cwin, climit = tonumber(ARGV[2]), tonumber(ARGV[3])
local swin, slimit = tonumber(ARGV[4]), tonumber(ARGV[5])
local member, take = ARGV[6], tonumber(ARGV[7])
local want, ahead = tonumber(ARGV[8]), tonumber(ARGV[9])
local count, reset = 0, now
if climit > 0 then
  local stored = redis.call('HMGET', KEYS[1], 'count', 'reset')
  count = tonumber(stored[1]) or 0
  reset = tonumber(stored[2])
  if (not reset) or now >= reset then
    count = 0
    reset = now + cwin
  end
  if take == 1 then
    if count >= climit then return {0, reset - now, count, 1, 0} end
    count = count + 1
  end
end
local wait, used = 0, 0
if slimit > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - swin)
  used = redis.call('ZCARD', KEYS[2])
  if take == 1 then
    if used < slimit then
      redis.call('ZADD', KEYS[2], now, member)
      used = used + 1
    else
      local oldest = redis.call('ZRANGE', KEYS[2], used - slimit, used - slimit, 'WITHSCORES')
      wait = math.max(1, tonumber(oldest[2]) + swin - now)
    end
  end
end
local leased = 0
if want > 0 and wait == 0 then
  leased = want
  if climit > 0 then leased = math.min(leased, math.floor((climit - count) / ${LEASE_SHARE})) end
  if slimit > 0 then leased = math.min(leased, math.floor((slimit - used) / ${LEASE_SHARE})) end
  if leased < 0 then leased = 0 end
  count = count + leased
  if slimit > 0 and leased > 0 then
    local scored = {}
    for i = 1, leased do
      scored[#scored + 1] = now + ahead
      scored[#scored + 1] = member .. '#' .. i
    end
    redis.call('ZADD', KEYS[2], unpack(scored))
  end
end
if climit > 0 and (take == 1 or leased > 0) then
  redis.call('HSET', KEYS[1], 'count', count, 'reset', reset)
  redis.call('PEXPIRE', KEYS[1], math.max(1, reset - now))
end
if slimit > 0 and ((take == 1 and wait == 0) or leased > 0) then
  redis.call('PEXPIRE', KEYS[2], swin + ahead)
end
return {1, reset - now, count, wait, leased}
`);

/**
 * Gives back the unused part of a lease (ADMIT): uncounts them, if the counter's window is still
 * the one they were counted in, and removes their slots. KEYS[1] counter, KEYS[2] window; ARGV:
 * the counter's reset time (ms since the epoch; empty: no counter), slot member prefix (empty:
 * no slot), first unused index, how many.
 */
export const RETURN_LEASE = script(`
local first, n = tonumber(ARGV[3]), tonumber(ARGV[4])
if ARGV[1] ~= '' and tonumber(redis.call('HGET', KEYS[1], 'reset')) == tonumber(ARGV[1]) then
  local count = tonumber(redis.call('HGET', KEYS[1], 'count')) or 0
  redis.call('HSET', KEYS[1], 'count', math.max(0, count - n))
end
if ARGV[2] ~= '' then
  local members = {}
  for i = first, first + n - 1 do members[#members + 1] = ARGV[2] .. '#' .. i end
  redis.call('ZREM', KEYS[2], unpack(members))
end
return n
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
