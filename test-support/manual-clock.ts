import type { Clock } from '../src-main/core/clock';

/**
 * A clock for tests with concurrent waiters: `sleep` waits until the test moves time past its
 * deadline with `advance` (unlike FakeClock, whose sleeps pass at once). `sleepers` counts the
 * waits in progress, so a test can wait until every call it started is waiting.
 */
export class ManualClock implements Clock {
  private readonly waiting = new Set<{ until: number; wake: () => void }>();

  constructor(private time = Date.parse('2026-11-21T12:00:00Z')) {}

  now(): number {
    return this.time;
  }

  /** Waits in progress. */
  get sleepers(): number {
    return this.waiting.size;
  }

  /** Moves time forward and wakes every sleeper whose deadline has come. */
  advance(ms: number): void {
    this.time += ms;
    for (const sleeper of [...this.waiting]) {
      if (sleeper.until <= this.time) {
        this.waiting.delete(sleeper);
        sleeper.wake();
      }
    }
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const sleeper = {
        until: this.time + ms,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.waiting.delete(sleeper);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.add(sleeper);
    });
  }
}
