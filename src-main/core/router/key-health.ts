import type { Clock } from '../clock';
import { MAX_COOLDOWN_MS } from './classify';
import type { FailureKind, Target } from './types';

/** The state of one (provider, key) pair, as shown in the Activity view. */
export interface KeyHealth {
  state: 'healthy' | 'cooling' | 'rejected' | 'quota_exhausted';
  /** When a cooling or out-of-quota key may be used again (ms since epoch). */
  until?: number;
  reason?: string;
}

/** Cooldown after a rate limit with no retry hint, in ms (LiteLLM's default is 5 s; a minute is gentler on a key). */
const DEFAULT_RATE_LIMIT_COOLDOWN_MS = 30_000;
/** A key out of quota stays out this long (ms), then gets one more try. */
const QUOTA_COOLDOWN_MS = 60 * 60_000;

/**
 * Per-key health: rate limited → cooling until the provider's reset time (capped);
 * quota exhausted → out for an hour; rejected (401/403) → out until the key changes.
 * Keyed by provider and the key itself, so a replaced key starts healthy.
 */
export class KeyHealthBook {
  private readonly entries = new Map<string, KeyHealth>();

  constructor(private readonly clock: Clock) {}

  get(target: Target): KeyHealth {
    const entry = this.entries.get(id(target));
    if (!entry) return { state: 'healthy' };
    if (entry.until !== undefined && entry.until <= this.clock.now()) {
      this.entries.delete(id(target));
      return { state: 'healthy' };
    }
    return entry;
  }

  /** Usable now? */
  isAvailable(target: Target): boolean {
    return this.get(target).state === 'healthy';
  }

  /** Records a failure; returns true when it changed the key's state (so the router moves on). */
  recordFailure(target: Target, kind: FailureKind, retryAfterMs: number | null, reason: string): boolean {
    const now = this.clock.now();
    if (kind === 'rate_limited') {
      this.entries.set(id(target), { state: 'cooling', until: now + Math.min(retryAfterMs ?? DEFAULT_RATE_LIMIT_COOLDOWN_MS, MAX_COOLDOWN_MS), reason });
      return true;
    }
    if (kind === 'quota_exhausted') {
      this.entries.set(id(target), { state: 'quota_exhausted', until: now + QUOTA_COOLDOWN_MS, reason });
      return true;
    }
    if (kind === 'key_rejected') {
      this.entries.set(id(target), { state: 'rejected', reason });
      return true;
    }
    return false;
  }

  recordSuccess(target: Target): void {
    this.entries.delete(id(target));
  }
}

function id(target: Target): string {
  return `${target.providerId}\u0000${target.baseUrl}\u0000${target.apiKey}`;
}
