import type { CallFailure, KeyState } from '../../../../src-shared/router';

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
  const until = key.until ? ` until ${clockTime(key.until)}` : '';
  switch (key.state) {
    case 'healthy':
      return 'healthy';
    case 'cooling':
      return key.scope === 'provider' ? `provider cooling${until}` : `cooling${until}`;
    case 'rejected':
      return 'rejected';
    case 'quota_exhausted':
      return `out of quota${until}`;
  }
}

/** A failed attempt's kind in words. */
export const FAILURE_WORDS: Readonly<Record<CallFailure, string>> = {
  rate_limited: 'rate limited',
  quota_exhausted: 'out of quota',
  key_rejected: 'key rejected',
  model_not_found: 'model not found',
  context_too_long: 'context too long',
  bad_request: 'bad request',
  server_error: 'server error',
  timeout: 'timeout',
  network: 'unreachable',
  stream_interrupted: 'stream interrupted',
  cancelled: 'stopped',
  request_too_large: 'too large for the limit',
};

/** `1,234` tokens, or `–` when unknown. */
export const count = (n: number | null): string => (n === null ? '–' : n.toLocaleString());

/** `123 ms` / `1.2 s`, or `–`. */
export function duration(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
