import type { ErrorCode } from '../../../src-shared/errors';
import { AppError } from '../errors';
import type { KeyHealthBook } from './key-health';
import { FAILURE_CODES, failureToAppError } from './policy';
import type { ProviderFailure, Target } from './types';

const STATE_CODES: Readonly<Record<string, ErrorCode>> = {
  rejected: 'key_rejected',
  quota_exhausted: 'provider_quota_exhausted',
  cooling: 'provider_rate_limited',
};
const STATE_WORDS: Readonly<Record<string, string>> = {
  rejected: 'rejected',
  quota_exhausted: 'out of quota',
  cooling: 'cooling down',
};

/**
 * The error a routed call ends with when no target served it:
 * - nothing was tried (every key rejected, out of quota, or cooling longer than the router
 *   waits) → the code of that state (`key_rejected`, `provider_quota_exhausted`,
 *   `provider_rate_limited` with `retryAfterMs`), or `all_targets_failed` when they differ;
 * - one target failed (perhaps after retries) → its classified code;
 * - several failed → their shared code, else `all_targets_failed`; the message lists each
 *   target's last failure.
 */
export function finalError(
  failures: Array<{ target: Target; failure: ProviderFailure }>,
  targets: Target[],
  health: KeyHealthBook,
  now: number,
): AppError {
  const last = failures[failures.length - 1];
  if (!last) {
    const states = targets.map((target) => ({ target, health: health.get(target) }));
    const kinds = new Set(states.map((s) => s.health.state));
    const untils = states.map((s) => s.health.until).filter((u): u is number => u !== undefined);
    const soonest = untils.length > 0 ? Math.min(...untils) : undefined;
    const summary = states
      .map(
        (s) =>
          `${s.target.providerLabel} ${s.target.keyFingerprint}: ${STATE_WORDS[s.health.state] ?? s.health.state}${s.health.reason ? ` (${s.health.reason})` : ''}`,
      )
      .join('; ');
    const only = kinds.size === 1 ? [...kinds][0] : undefined;
    const when =
      soonest !== undefined ? ` The first is usable again at ${new Date(soonest).toLocaleTimeString()}.` : '';
    return new AppError(
      (only && STATE_CODES[only]) || 'all_targets_failed',
      `No key can take this call now — ${summary}.${when}`,
      soonest !== undefined ? { retryAfterMs: Math.max(0, soonest - now) } : {},
    );
  }
  const byTarget = new Map<string, { target: Target; failure: ProviderFailure }>();
  for (const f of failures) byTarget.set(f.target.identity, f);
  if (byTarget.size === 1) {
    const error = failureToAppError(last.failure, last.target);
    if (failures.length === 1) return error;
    return new AppError(
      error.code,
      `${error.message} (after ${failures.length} attempts)`,
      error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {},
    );
  }
  const kinds = new Set(failures.map((f) => f.failure.kind));
  const only = kinds.size === 1 ? [...kinds][0] : undefined;
  const summary = [...byTarget.values()]
    .map((f) => `${f.target.providerLabel} ${f.target.keyFingerprint}: ${f.failure.message}`)
    .join('; ');
  const retryAfters = failures.map((f) => f.failure.retryAfterMs).filter((v): v is number => v !== null);
  return new AppError(
    only ? FAILURE_CODES[only] : 'all_targets_failed',
    `${failures.length} attempts failed — ${summary}`,
    retryAfters.length ? { retryAfterMs: Math.min(...retryAfters) } : {},
  );
}
