import type { CallFailure, KeyState } from '../../../../src-shared/router';
import { t } from '../../i18n';

/** A time of day as the Activity view shows it: `12:03:41` (24-hour, local time). */
export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], {
    hour12: false,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** A key's state in words: "healthy", "cooling until 12:03:41", "rejected", "out of quota until 13:00:00". */
export function stateWords(key: KeyState): string {
  const time = key.until ? clockTime(key.until) : null;
  switch (key.state) {
    case 'healthy':
      return t('activity.states.healthy');
    case 'cooling':
      if (key.scope === 'provider')
        return time
          ? t('activity.states.providerCoolingUntil', { time })
          : t('activity.states.providerCooling');
      return time ? t('activity.states.coolingUntil', { time }) : t('activity.states.cooling');
    case 'rejected':
      return t('activity.states.rejected');
    case 'quota_exhausted':
      return time ? t('activity.states.quotaUntil', { time }) : t('activity.states.quota');
  }
}

/** A failed attempt's kind in words (in the interface language). */
export const failureWords = (failure: CallFailure): string => t(`activity.failures.${failure}`);

/** `1,234` tokens, or `–` when unknown. */
export const count = (n: number | null): string => (n === null ? '–' : n.toLocaleString());

/** `123 ms` / `1.2 s`, or `–`. */
export function duration(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
