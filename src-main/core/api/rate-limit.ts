import type { Clock } from '../clock';
import { InProcessRouterState } from '../router/state/in-process-state';
import type {
  Admission,
  MaybePromise,
  RateDecision,
  RouterState,
  SlotRequest,
} from '../router/state/router-state';

export type { RateDecision } from '../router/state/router-state';

/**
 * Fixed-window request counting per key (client address, session id), as the seed's server
 * (Flask-Limiter, "60 per minute") and @fastify/rate-limit do: each key may make `limit`
 * requests per window; the window starts at the key's first request. The counts live in the
 * router state, so with Redis the limit holds across every instance behind a load balancer.
 */
export class FixedWindowLimiter {
  constructor(
    private readonly clock: Clock,
    private readonly state: RouterState = new InProcessRouterState(),
    /** Names this limiter's counters apart from others in the same state (`client:`, `session:`). */
    private readonly prefix = '',
    /** Window length in ms (one minute for "per minute" limits). */
    private readonly windowMs = 60_000,
  ) {}

  /**
   * Counts a request of `key`. A `limit` of 0 means no limit: answers null and counts nothing.
   * Synchronous with in-process state; a promise while the state is shared through Redis.
   */
  hit(key: string, limit: number): MaybePromise<RateDecision | null> {
    if (limit <= 0) return null;
    return this.state.hit(this.prefix + key, limit, this.windowMs, this.clock.now());
  }

  /**
   * Counts a request of `key` (`limit` > 0) and, when it is allowed, takes a slot in `slot`'s
   * window in the same step (one Redis round trip). See `RouterState.hitAndTakeSlot`.
   */
  hitAndTakeSlot(key: string, limit: number, slot: SlotRequest): MaybePromise<Admission> {
    return this.state.hitAndTakeSlot(this.prefix + key, limit, this.windowMs, slot, this.clock.now());
  }

  /** Whether counting now asks another process (the state is shared through Redis and reachable). */
  remote(): boolean {
    return this.state.label() === 'redis';
  }
}

/** The `X-RateLimit-*` headers of a decision; `X-RateLimit-Reset` is seconds until the window resets. */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    'x-ratelimit-limit': String(decision.limit),
    'x-ratelimit-remaining': String(decision.remaining),
    'x-ratelimit-reset': String(Math.ceil(decision.resetMs / 1000)),
  };
}
