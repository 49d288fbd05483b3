/** Sidebar groups, in the order they are shown. */
export const DATE_GROUPS = ['Pinned', 'Today', 'Yesterday', 'Previous 7 days', 'Older'] as const;
export type DateGroup = (typeof DATE_GROUPS)[number];

const DAY_MS = 86_400_000;

/** Midnight (local time) of the day `time` falls on, in ms. */
function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** Which date group a chat last active at `iso` belongs to, seen at `now` (ms), by local calendar days. */
export function dateGroup(iso: string, now: number): Exclude<DateGroup, 'Pinned'> {
  const today = startOfDay(now);
  const day = startOfDay(Date.parse(iso));
  if (day >= today) return 'Today';
  // Calendar days, not 24-hour spans (a daylight-saving day is 23 or 25 hours).
  const yesterday = startOfDay(today - DAY_MS / 2);
  if (day >= yesterday) return 'Yesterday';
  if (day >= startOfDay(today - 6.5 * DAY_MS)) return 'Previous 7 days';
  return 'Older';
}

/**
 * A time for a list entry in `locale` (a BCP 47 tag, the interface language; the system's when
 * left out): "14:05" today, "Mon 14:05" within a week, else "3 Mar 2026" (each language's own order).
 */
export function shortTime(iso: string, now: number, locale?: string): string {
  const date = new Date(iso);
  const group = dateGroup(iso, now);
  if (group === 'Today')
    return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
  if (group === 'Yesterday' || group === 'Previous 7 days')
    return new Intl.DateTimeFormat(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(
      date,
    );
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(date);
}

/** Full date and time in `locale` (the interface language; the system's when left out), for hover titles. */
export function fullTime(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A clock time ("14:05") in `locale` (the interface language; the system's when left out). */
export function clockTime(date: Date, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
}
