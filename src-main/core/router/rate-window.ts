import type { Clock } from '../clock';

const WINDOW_MS = 60_000;

/**
 * Requests-per-minute limits as sliding 60 s windows (the seed's
 * `open_interpreter_requests_per_minute`): when a window is full, `acquire` waits until its
 * oldest request leaves the window instead of failing. One window per scope (global, per
 * registry entry).
 */
export class SlidingWindowLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /**
   * Takes a slot in `scope`'s window of `limit` requests per 60 s (0 = no limit), waiting if
   * needed. `onWait(ms)` is called before each wait with how long it will be. Rejects with an
   * AbortError if `signal` aborts while waiting (Stop).
   */
  async acquire(scope: string, limit: number, signal?: AbortSignal, onWait?: (ms: number) => void): Promise<void> {
    if (limit <= 0) return;
    for (;;) {
      signal?.throwIfAborted();
      const wait = this.waitFor(scope, limit);
      if (wait === 0) {
        this.record(scope);
        return;
      }
      onWait?.(wait);
      await this.clock.sleep(wait, signal);
    }
  }

  /** How long (ms) until `scope` has a free slot; 0 when it has one now. */
  waitFor(scope: string, limit: number): number {
    if (limit <= 0) return 0;
    const times = this.prune(scope);
    if (times.length < limit) return 0;
    return Math.max(1, (times[times.length - limit] as number) + WINDOW_MS - this.clock.now());
  }

  private record(scope: string): void {
    this.prune(scope).push(this.clock.now());
  }

  private prune(scope: string): number[] {
    const now = this.clock.now();
    const times = (this.windows.get(scope) ?? []).filter((t) => t > now - WINDOW_MS);
    this.windows.set(scope, times);
    return times;
  }
}
