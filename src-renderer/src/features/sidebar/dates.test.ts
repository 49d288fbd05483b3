import { describe, expect, it } from 'vitest';
import { dateGroup, fullTime, shortTime } from './dates';

/** A local time on a given day (months from 1). */
const at = (year: number, month: number, day: number, hour = 12) =>
  new Date(year, month - 1, day, hour).getTime();
const iso = (time: number) => new Date(time).toISOString();

describe('dateGroup', () => {
  const now = at(2026, 3, 10, 9);
  it('sorts by local calendar days, not 24-hour spans', () => {
    expect(dateGroup(iso(at(2026, 3, 10, 0)), now)).toBe('Today');
    expect(dateGroup(iso(at(2026, 3, 9, 23)), now)).toBe('Yesterday');
    expect(dateGroup(iso(at(2026, 3, 9, 0)), now)).toBe('Yesterday');
    expect(dateGroup(iso(at(2026, 3, 8, 23)), now)).toBe('Previous 7 days');
    expect(dateGroup(iso(at(2026, 3, 3, 0)), now)).toBe('Previous 7 days');
    expect(dateGroup(iso(at(2026, 3, 2, 23)), now)).toBe('Older');
    expect(dateGroup(iso(at(2025, 12, 31)), now)).toBe('Older');
  });
  it('treats a time slightly in the future (another machine’s clock) as today', () => {
    expect(dateGroup(iso(now + 60_000), now)).toBe('Today');
  });
});

describe('shortTime and fullTime', () => {
  const now = at(2026, 3, 10, 9);
  it('write dates in the interface language, not the system one', () => {
    const old = iso(at(2025, 12, 31));
    expect(shortTime(old, now, 'en')).toBe('Dec 31, 2025');
    expect(shortTime(old, now, 'ru')).toBe('31 дек. 2025 г.');
    expect(shortTime(old, now, 'zh')).toBe('2025年12月31日');
    expect(shortTime(iso(at(2026, 3, 9, 14)), now, 'ru')).toMatch(/^пн,? 14:00$/);
    expect(shortTime(iso(at(2026, 3, 10, 7)), now, 'zh')).toBe('07:00');
    expect(fullTime(old, 'zh')).toContain('2025年12月31日');
  });
});
