import type { ErrorCode } from '../../../src-shared/errors';
import type { RegistryMode } from '../../../src-shared/settings';
import { AppError } from '../errors';
import { InProcessRouterState } from './state/in-process-state';
import { stateId, type MaybePromise, type RouterState } from './state/router-state';
import type { FailureKind, ProviderFailure, Target } from './types';

/** The stable error code a caller sees for each failure kind. */
export const FAILURE_CODES: Readonly<Record<FailureKind, ErrorCode>> = {
  rate_limited: 'provider_rate_limited',
  quota_exhausted: 'provider_quota_exhausted',
  key_rejected: 'key_rejected',
  model_not_found: 'model_not_found',
  context_too_long: 'context_too_long',
  request_too_large: 'provider_request_too_large',
  bad_request: 'provider_bad_request',
  server_error: 'provider_server_error',
  timeout: 'provider_timeout',
  network: 'provider_unreachable',
  stream_interrupted: 'stream_interrupted',
};

/** Failures that would fail the same way on every target: not failed over, not retried. */
export const NOT_FAILED_OVER: ReadonlySet<FailureKind> = new Set(['bad_request', 'context_too_long']);

/**
 * Failures of the provider, not the key: the call skips that provider's other keys. A request
 * too large for the tier's per-minute token limit (Groq's 413) fails alike on every key of the
 * same tier, but another provider may serve it.
 */
export const PROVIDER_WIDE: ReadonlySet<FailureKind> = new Set([
  'server_error',
  'timeout',
  'network',
  'stream_interrupted',
  'model_not_found',
  'request_too_large',
]);

/** Failures worth trying again on the same target (after a backoff or the key's reset time). */
export const RETRYABLE: ReadonlySet<FailureKind> = new Set([
  'rate_limited',
  'server_error',
  'timeout',
  'network',
  'stream_interrupted',
]);

/** The longest the router sleeps for one retry or cooldown, in ms (peers cap at 60 s). */
export const MAX_WAIT_MS = 60_000;
/** First retry's backoff before jitter, in ms; doubles per retry up to BACKOFF_CAP_MS. */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 8_000;

/**
 * Exponential backoff with "equal jitter" (AWS architecture blog): retry n (0-based) waits
 * between half and all of min(cap, base·2ⁿ) ms — 250–500 ms, 500–1000 ms, 1–2 s, … — and at
 * least what the provider asked for (`retry-after`), never more than MAX_WAIT_MS.
 */
export function backoffMs(retry: number, random: () => number, retryAfterMs: number | null = null): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
  const jittered = Math.round(ceiling / 2 + (ceiling / 2) * random());
  return Math.min(MAX_WAIT_MS, Math.max(jittered, retryAfterMs ?? 0));
}

/**
 * The order a call tries its targets in, by `open_interpreter_registry_mode`:
 * `selected` and `failover` keep priority order (the first healthy target serves);
 * `round_robin` starts right after the target the previous call went to, so calls rotate over
 * every (provider, key) pair — across instances when the router state is shared. Unhealthy
 * targets are skipped later, when the call picks.
 */
export class TargetOrder {
  constructor(private readonly state: RouterState = new InProcessRouterState()) {}

  order(targets: Target[], mode: RegistryMode): MaybePromise<Target[]> {
    if (mode !== 'round_robin' || targets.length < 2) return targets;
    const start = this.state.claimTurn(targets.map((t) => stateId(t.identity)));
    return typeof start === 'number' ? rotate(targets, start) : start.then((at) => rotate(targets, at));
  }

  /** Notes that a call picked `target` (round robin continues after it). */
  picked(target: Target): void {
    this.state.picked(stateId(target.identity));
  }
}

function rotate(targets: Target[], start: number): Target[] {
  return start <= 0 ? targets : [...targets.slice(start), ...targets.slice(0, start)];
}

/** Maps a provider failure to the AppError callers see, naming the provider and key. */
export function failureToAppError(failure: ProviderFailure, target: Target): AppError {
  const who = `${target.providerLabel} (key ${target.keyFingerprint})`;
  return new AppError(
    FAILURE_CODES[failure.kind],
    `${who}: ${failure.message}`,
    failure.retryAfterMs !== null ? { retryAfterMs: failure.retryAfterMs } : {},
  );
}

/** Seconds for people: `12 s`. */
export const seconds = (ms: number): string => `${Math.max(1, Math.ceil(ms / 1000))} s`;
