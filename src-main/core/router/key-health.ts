import type { Clock } from '../clock';
import { MAX_COOLDOWN_MS } from './retry-after';
import { InProcessRouterState } from './state/in-process-state';
import type { RecordMap, RouterState } from './state/router-state';
import type { FailureKind, Target } from './types';

/** The state of one (provider, key) target, as shown in the Activity view. */
export interface KeyHealth {
  state: 'healthy' | 'cooling' | 'rejected' | 'quota_exhausted';
  /** `provider` when the whole provider cools after repeated server errors or timeouts. */
  scope: 'key' | 'provider';
  /** When a cooling or out-of-quota target may be used again (ms since epoch). */
  until?: number;
  reason?: string;
}

/** Cooldown after a rate limit with no reset hint, in ms (LiteLLM's default is 5 s; 30 s is gentler on a key). */
export const DEFAULT_RATE_LIMIT_COOLDOWN_MS = 30_000;
/** A key out of quota stays out this long (ms) unless the provider named a time, then gets one more try. */
export const QUOTA_COOLDOWN_MS = 60 * 60_000;
/** Server errors / timeouts in a row (within PROVIDER_FAILURE_WINDOW_MS) that make a provider cool down. */
export const PROVIDER_FAILURE_THRESHOLD = 3;
export const PROVIDER_FAILURE_WINDOW_MS = 60_000;
/** How long a provider cools after repeated failures, in ms (when it named no time of its own). */
export const PROVIDER_COOLDOWN_MS = 30_000;

/** A provider's failures in the last window (ms since the epoch) and its cooldown, if any. */
export interface ProviderHealth {
  failures: number[];
  until?: number;
  reason?: string;
}

const HEALTHY: KeyHealth = { state: 'healthy', scope: 'key' };

/** Failures that say something about the provider rather than the key. */
const PROVIDER_KINDS: ReadonlySet<FailureKind> = new Set([
  'server_error',
  'timeout',
  'network',
  'stream_interrupted',
]);

/** Failures that are the provider answering about one key: it is up, whatever it said before. */
const KEY_KINDS: ReadonlySet<FailureKind> = new Set(['rate_limited', 'quota_exhausted', 'key_rejected']);

/**
 * Per-target health, the router's memory of what went wrong:
 * - rate limited → that key cools until the provider's reset time (capped at 15 min; 30 s when
 *   the provider gave none);
 * - quota exhausted → that key is out for the time the provider named (Groq's per-day limit
 *   "try again in 9m38s"), else for an hour;
 * - rejected (401/403) → that key is out until it is changed (keys are part of the identity,
 *   so a replaced key starts healthy) or a Check finds it working;
 * - server errors, timeouts, network errors, broken streams → counted per provider; one that
 *   names a time (`retry-after`) cools the provider for exactly that long (capped at 15 min),
 *   otherwise 3 within a minute cool it for 30 s;
 * - a key-level answer (rate limit, quota, rejection) shows the provider is up: its
 *   provider-wide cooldown ends, so the call hands over to a healthy sibling key at once;
 * - a request too large for the tier leaves the key healthy.
 * A success clears the key's state and the provider's count. The records live in the router
 * state (in process, or shared through Redis), so every instance obeys what one learned.
 */
export class KeyHealthBook {
  private readonly keys: RecordMap<KeyHealth>;
  private readonly providers: RecordMap<ProviderHealth>;

  constructor(
    private readonly clock: Clock,
    state: RouterState = new InProcessRouterState(),
  ) {
    this.keys = state.keys;
    this.providers = state.providers;
  }

  /** The target's state now: its key's own state first, else its provider's. */
  get(target: Target): KeyHealth {
    const now = this.clock.now();
    const key = this.keys.get(target.identity);
    if (key) {
      if (key.until === undefined || key.until > now) return key;
      this.keys.delete(target.identity);
    }
    const provider = this.providers.get(target.providerScope);
    if (provider?.until !== undefined) {
      if (provider.until > now)
        return {
          state: 'cooling',
          scope: 'provider',
          until: provider.until,
          ...(provider.reason ? { reason: provider.reason } : {}),
        };
      provider.until = undefined;
      provider.failures = [];
    }
    return HEALTHY;
  }

  /** Usable now? (Fast path: nothing recorded for the target.) */
  isAvailable(target: Target): boolean {
    if (this.keys.size === 0 && this.providers.size === 0) return true;
    return this.get(target).state === 'healthy';
  }

  /** Records a failed attempt (see the class comment for what each kind does). */
  recordFailure(target: Target, kind: FailureKind, retryAfterMs: number | null, reason: string): void {
    const now = this.clock.now();
    if (KEY_KINDS.has(kind)) this.providers.delete(target.providerScope);
    if (kind === 'rate_limited') {
      const until = now + Math.min(retryAfterMs ?? DEFAULT_RATE_LIMIT_COOLDOWN_MS, MAX_COOLDOWN_MS);
      this.keys.set(target.identity, { state: 'cooling', scope: 'key', until, reason });
    } else if (kind === 'quota_exhausted') {
      this.keys.set(target.identity, {
        state: 'quota_exhausted',
        scope: 'key',
        until: now + Math.min(retryAfterMs ?? QUOTA_COOLDOWN_MS, QUOTA_COOLDOWN_MS),
        reason,
      });
    } else if (kind === 'key_rejected') {
      this.keys.set(target.identity, { state: 'rejected', scope: 'key', reason });
    } else if (PROVIDER_KINDS.has(kind)) {
      const provider = this.providers.get(target.providerScope) ?? { failures: [] };
      provider.failures = [...provider.failures.filter((t) => t > now - PROVIDER_FAILURE_WINDOW_MS), now];
      if (retryAfterMs !== null || provider.failures.length >= PROVIDER_FAILURE_THRESHOLD) {
        const count = provider.failures.length;
        provider.until = now + Math.min(retryAfterMs ?? PROVIDER_COOLDOWN_MS, MAX_COOLDOWN_MS);
        provider.reason =
          retryAfterMs !== null && count < PROVIDER_FAILURE_THRESHOLD
            ? `asked to retry later: ${reason}`
            : `${count} failures in a row, the last: ${reason}`;
      }
      this.providers.set(target.providerScope, provider);
    }
  }

  /** Records a served attempt: the key is healthy and the provider's failure count starts over. */
  recordSuccess(target: Target): void {
    if (this.keys.size > 0) this.keys.delete(target.identity);
    if (this.providers.size > 0) this.providers.delete(target.providerScope);
  }

  /** Forgets a key's rejection (a Check found it working). */
  clearRejection(target: Target): void {
    if (this.keys.get(target.identity)?.state === 'rejected') this.keys.delete(target.identity);
  }
}
