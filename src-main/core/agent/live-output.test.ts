import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveOutputRelay } from './live-output';

describe('LiveOutputRelay', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes ordinary output through at once and in order', () => {
    const seen: string[] = [];
    const relay = new LiveOutputRelay((chunk) => seen.push(chunk));
    relay.push('name? ');
    expect(seen).toEqual(['name? ']);
    relay.push('Ada\r\n');
    expect(seen).toEqual(['name? ', 'Ada\r\n']);
    relay.finish();
    expect(seen.join('')).toBe('name? Ada\r\n');
  });

  it('delivers a 50 MB flood at a bounded rate, skipping the middle and ending with the newest output', () => {
    const seen: string[] = [];
    const relay = new LiveOutputRelay((chunk) => seen.push(chunk), {
      charsPerSecond: 500_000,
      burstChars: 200_000,
      maxQueuedChars: 200_000,
    });
    const line = `${'x'.repeat(99)}\n`;
    const batch = line.repeat(655); // ≈ 64 KB, as the exec service batches it
    // 50 MB over 5 simulated seconds.
    for (let i = 0; i < 763; i++) {
      relay.push(batch);
      vi.advanceTimersByTime(6.5);
    }
    relay.push('THE-END\r\n');
    relay.finish();
    const delivered = seen.join('');
    // 200 KB burst + 5 s × 500 KB/s + the last queue, far below 50 MB.
    expect(delivered.length).toBeLessThan(200_000 + 5 * 500_000 + 200_000 + 10_000);
    expect(delivered.endsWith('THE-END\r\n')).toBe(true);
    expect(delivered).toMatch(/\[… \d+ KB of output not shown live …\]/);
    // Never more than one frame's worth in one event.
    expect(Math.max(...seen.map((chunk) => chunk.length))).toBeLessThanOrEqual(200_000 + 100);
  });

  it('sends nothing after finish', () => {
    const seen: string[] = [];
    const relay = new LiveOutputRelay((chunk) => seen.push(chunk));
    relay.finish();
    relay.push('late');
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([]);
  });
});
