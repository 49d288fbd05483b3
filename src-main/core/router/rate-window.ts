import type { Clock } from '../clock';
import { InProcessRouterState } from './state/in-process-state';
import type { RouterState, SlotRequest } from './state/router-state';

const WINDOW_MS = 60_000;

/**
 * Requests-per-minute limits as sliding 60 s windows (the seed's
 * `open_interpreter_requests_per_minute`): when a window is full, `acquire` waits until its
 * oldest request leaves the window instead of failing. One window per scope (global, per
 * registry entry). The windows live in the router state: shared through Redis, N instances
 * together let no more than the limit through, and a waiting call asks again when the shared
 * window's oldest request leaves it.
 */
export class SlidingWindowLimiter {
  constructor(
    private readonly clock: Clock,
    private readonly state: RouterState = new InProcessRouterState(),
  ) {}

  /** `scope`'s window of `limit` requests per 60 s as a slot to take elsewhere; null for no limit (0). */
  slot(scope: string, limit: number): SlotRequest | null {
    return limit > 0 ? { scope, limit, windowMs: WINDOW_MS } : null;
  }

  /**
   * Takes a slot in `scope`'s window of `limit` requests per 60 s (0 = no limit), waiting if
   * needed. `onWait(ms)` is called before each wait with how long it will be. Rejects with an
   * AbortError if `signal` aborts while waiting (Stop).
   */
  async acquire(
    scope: string,
    limit: number,
    signal?: AbortSignal,
    onWait?: (ms: number) => void,
  ): Promise<void> {
    if (limit <= 0) return;
    for (;;) {
      signal?.throwIfAborted();
      const taken = this.state.takeSlot(scope, limit, WINDOW_MS, this.clock.now());
      const wait = typeof taken === 'number' ? taken : await taken;
      if (wait === 0) return;
      signal?.throwIfAborted();
      onWait?.(wait);
      await this.clock.sleep(wait, signal);
    }
  }
}
