/**
 * Where the router keeps what it learns between calls: requests-per-minute windows, key and
 * provider health, the round-robin position, and the local API's request counters. One
 * interface, two implementations: in process (one instance, the default) and Redis (several
 * instances behind a load balancer share it). The router and the API never know which one they
 * have. Keys never reach this layer's shared storage: records are stored under a SHA-256 digest
 * of the target's identity (see `stateId`).
 */
import { createHash } from 'node:crypto';
import type { KeyHealth, ProviderHealth } from '../key-health';

/** A value now, or later when the state lives in another process. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * A map of health records by id (a target's identity or provider scope). A plain `Map` is one;
 * the Redis store is a `Map` in memory that writes through to Redis and takes other instances'
 * writes from pub/sub, so reads stay synchronous.
 */
export interface RecordMap<V> {
  get(id: string): V | undefined;
  set(id: string, value: V): unknown;
  delete(id: string): unknown;
  readonly size: number;
}

/** The outcome of counting one request against a fixed-window limit. */
export interface RateDecision {
  allowed: boolean;
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in the current window after this one (0 when refused). */
  remaining: number;
  /** Time until the window resets, in ms. */
  resetMs: number;
}

/** A sliding window to take a slot in along with a counted request (see `RouterState.hitAndTakeSlot`). */
export interface SlotRequest {
  scope: string;
  /** Requests allowed per window. */
  limit: number;
  /** Window length, in ms. */
  windowMs: number;
}

/** The outcome of `hitAndTakeSlot`. */
export interface Admission {
  decision: RateDecision;
  /** 0: the slot was taken; else ms (≥ 1) until the window may have room, and nothing was taken (also when the request was refused). */
  slotWait: number;
}

/** How the state is kept, as `GET /v1/health` says it (`router_state`). */
export type RouterStateLabel = 'in-process' | 'redis' | 'local (redis unreachable)';

export interface RouterState {
  /** Key cooldowns, quota-outs and rejections, by target identity. */
  readonly keys: RecordMap<KeyHealth>;
  /** Provider failure counters and cooldowns, by provider scope. */
  readonly providers: RecordMap<ProviderHealth>;

  /**
   * Takes a slot in `scope`'s sliding window of `limit` requests per `windowMs` at time `now`
   * (ms since the epoch). Answers 0 when the slot was taken, else how long (ms, ≥ 1) until the
   * window may have room; the caller waits and asks again. Atomic across instances.
   */
  takeSlot(scope: string, limit: number, windowMs: number, now: number): MaybePromise<number>;

  /**
   * Counts a request of `scope` in a fixed window of `windowMs` starting at its first request
   * (the local API's per-client and per-session limits). Atomic across instances.
   */
  hit(scope: string, limit: number, windowMs: number, now: number): MaybePromise<RateDecision>;

  /**
   * `hit`, then — only when the request is allowed — `takeSlot` in `slot`'s window, as one step:
   * with Redis at most one round trip instead of two (the local API's per-client limit and the global
   * RPM window of a routed call). A refused request takes no slot.
   */
  hitAndTakeSlot(
    scope: string,
    limit: number,
    windowMs: number,
    slot: SlotRequest,
    now: number,
  ): MaybePromise<Admission>;

  /**
   * Round robin: given the targets' ids in priority order, answers the index to start at (the
   * one after the last target picked, 0 when there is none or it is gone) and records that
   * target as picked.
   */
  claimTurn(ids: string[]): MaybePromise<number>;
  /** Records that a call went to `id` (failover moved on from the claimed target). */
  picked(id: string): void;

  /** `in-process`, `redis`, or `local (redis unreachable)` when Redis is set but not reachable now. */
  label(): RouterStateLabel;
  /** Calls `listener` whenever `label()` changes (Redis lost or back); answers the unsubscribe function. */
  onLabelChange(listener: () => void): () => void;
  /** Releases connections (Redis); the in-process state has nothing to release. */
  close(): Promise<void>;
}

/**
 * A stable, one-way id for a target identity or provider scope (hex SHA-256, 32 chars): what
 * shared storage is keyed by, so no key ever leaves the process. Memoised per process.
 */
export function stateId(identity: string): string {
  let id = digests.get(identity);
  if (id === undefined) {
    if (digests.size >= MAX_MEMO) digests.clear();
    id = createHash('sha256').update(identity).digest('hex').slice(0, 32);
    digests.set(identity, id);
  }
  return id;
}
const MAX_MEMO = 4096;
const digests = new Map<string, string>();
