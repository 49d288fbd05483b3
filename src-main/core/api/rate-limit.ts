import type { Clock } from '../clock';

/** The outcome of counting one request against a limit. */
export interface RateDecision {
  allowed: boolean;
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in the current window after this one (0 when refused). */
  remaining: number;
  /** Time until the window resets, in ms. */
  resetMs: number;
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Fixed-window request counting per key (client address, session id), as the seed's server
 * (Flask-Limiter, "60 per minute") and @fastify/rate-limit do: each key may make `limit`
 * requests per window; the window starts at the key's first request. Expired windows are
 * pruned as time passes, so memory stays bounded by the keys active in the last window.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, Window>();
  private nextPrune = 0;

  constructor(
    private readonly clock: Clock,
    /** Window length in ms (one minute for "per minute" limits). */
    private readonly windowMs = 60_000,
  ) {}

  /** Counts a request of `key`. A `limit` of 0 means no limit: returns null and counts nothing. */
  hit(key: string, limit: number): RateDecision | null {
    if (limit <= 0) return null;
    const now = this.clock.now();
    if (now >= this.nextPrune) this.prune(now);
    let window = this.windows.get(key);
    if (!window || now >= window.resetAt) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    const resetMs = window.resetAt - now;
    if (window.count >= limit) return { allowed: false, limit, remaining: 0, resetMs };
    window.count += 1;
    return { allowed: true, limit, remaining: limit - window.count, resetMs };
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (now >= window.resetAt) this.windows.delete(key);
    this.nextPrune = now + this.windowMs;
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
