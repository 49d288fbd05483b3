import type { Clock } from '../src-main/core/clock';

/**
 * A clock for tests: `sleep` advances time at once (recording how long was asked), so waits
 * for rate limits and cooldowns are exact and instant.
 */
export class FakeClock implements Clock {
  /** Every sleep requested, in ms, in order. */
  readonly sleeps: number[] = [];

  constructor(private time = Date.parse('2026-11-21T12:00:00Z')) {}

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.time += ms;
    await Promise.resolve();
    signal?.throwIfAborted();
  }
}
