import { performance } from 'node:perf_hooks';
import type { CallLogEntry } from '../../../src-shared/router';
import type { Settings } from '../../../src-shared/settings';
import type { Clock } from '../clock';
import { isAbortError } from '../errors';
import { anthropicTransport } from './anthropic-transport';
import { redactSecrets } from '../secrets/redact';
import { finalError } from './final-error';
import type { KeyHealthBook } from './key-health';
import { openAiTransport } from './openai-transport';
import {
  MAX_WAIT_MS,
  NOT_FAILED_OVER,
  PROVIDER_WIDE,
  RETRYABLE,
  backoffMs,
  seconds,
  type TargetOrder,
} from './policy';
import type { SlidingWindowLimiter } from './rate-window';
import type { Route } from './targets';
import { ProviderFailure, type Target, type Transport, type TransportOptions } from './types';

/** One routed call in progress. */
export interface Call {
  id: string;
  stream: boolean;
  settings: Settings;
  /** In the order this call tries them (mode applied). */
  targets: Target[];
  options: { signal?: AbortSignal; onWait?: (detail: string) => void; route?: Route };
  /** Every attempt so far, in order. */
  attempts: CallLogEntry[];
  transportOptions: TransportOptions;
}

/** The attempt that served a call. */
export interface Attempted<T> {
  target: Target;
  entry: CallLogEntry;
  value: T;
  /** performance.now() when the attempt started. */
  started: number;
}

/** The router's parts the failover loop uses. */
export interface FailoverDependencies {
  health: KeyHealthBook;
  limiter: SlidingWindowLimiter;
  order: TargetOrder;
  clock: Clock;
  random: () => number;
  /** Called with every attempt that ended in failure (served ones are reported by the caller). */
  report(entry: CallLogEntry, target: Target): void;
}

const transports: Record<Target['protocol'], Transport> = {
  openai: openAiTransport,
  anthropic: anthropicTransport,
};

/** Which target a call tries next, and when to retry or give up. */
export class FailoverLoop {
  constructor(private readonly deps: FailoverDependencies) {}

  /**
   * The failover loop: the first untried healthy target (skipping providers that failed
   * provider-wide in this call); when none is left, a retry of the last failure if it is
   * retryable and `llm_max_retries` allows (after the key's reset time for a rate limit, else a
   * jittered backoff); before any attempt, if every key is cooling after a rate limit, a wait
   * for the soonest (≤ 60 s). `attempt` makes one try (throwing ProviderFailure); failed tries
   * are reported, recorded in the health book and the call's attempts. Throws the call's final
   * AppError (final-error.ts), or the abort reason.
   */
  async run<T>(
    call: Call,
    attempt: (target: Target, transport: Transport, entry: CallLogEntry, started: number) => Promise<T>,
  ): Promise<Attempted<T>> {
    const { options } = call;
    const tried = new Set<string>();
    const skipped = new Set<string>();
    const failures: Array<{ target: Target; failure: ProviderFailure }> = [];
    let retries = 0;
    for (;;) {
      let target = call.targets.find(
        (t) => !tried.has(t.identity) && !skipped.has(t.providerScope) && this.deps.health.isAvailable(t),
      );
      if (!target) {
        const last = failures[failures.length - 1];
        const next = last ? this.retryOf(call, last, retries) : this.firstWhenAllCooling(call);
        if (!next) break;
        if (last) retries += 1;
        if (next.waitMs > 0) {
          options.onWait?.(next.words);
          await this.deps.clock.sleep(next.waitMs, options.signal);
        }
        target = next.target;
      }
      tried.add(target.identity);
      this.deps.order.picked(target);
      if (target.requestsPerMinute) {
        const label = target.providerLabel;
        await this.deps.limiter.acquire(
          `target:${target.providerScope}`,
          target.requestsPerMinute,
          options.signal,
          (ms) => options.onWait?.(`waiting ${seconds(ms)} for ${label}'s requests-per-minute limit`),
        );
      }
      const entry = newEntry(call, target, this.deps.clock.now());
      const started = performance.now();
      try {
        const value = await attempt(target, transports[target.protocol], entry, started);
        this.deps.health.recordSuccess(target);
        return { target, entry, value, started };
      } catch (error) {
        entry.latencyMs = Math.round(performance.now() - started);
        if (!(error instanceof ProviderFailure)) {
          if (isAbortError(error)) {
            entry.failure = 'cancelled';
            entry.message = 'stopped by the caller';
            this.deps.report(entry, target);
          }
          throw error;
        }
        // Whatever the transport, a provider's words may echo the key they were sent with.
        error.message = redactSecrets(error.message, [target.apiKey]);
        entry.status = error.status;
        entry.failure = error.kind;
        entry.message = error.message;
        this.deps.report(entry, target);
        this.deps.health.recordFailure(target, error.kind, error.retryAfterMs, error.message);
        failures.push({ target, failure: error });
        if (NOT_FAILED_OVER.has(error.kind)) break;
        if (PROVIDER_WIDE.has(error.kind)) skipped.add(target.providerScope);
      }
    }
    throw finalError(failures, call.targets, this.deps.health, this.deps.clock.now());
  }

  /** A retry of the last failure, or null when it is not retryable or the retries are used up. */
  private retryOf(
    call: Call,
    last: { target: Target; failure: ProviderFailure },
    retries: number,
  ): { target: Target; waitMs: number; words: string } | null {
    const { kind } = last.failure;
    const max = call.settings.llm_max_retries;
    if (!RETRYABLE.has(kind) || retries >= max) return null;
    const which = `retry ${retries + 1} of ${max}`;
    if (kind === 'rate_limited') {
      const soonest = this.soonestCooling(call.targets);
      if (soonest && soonest.waitMs > MAX_WAIT_MS) return null;
      if (soonest)
        return {
          ...soonest,
          words: `waiting ${seconds(soonest.waitMs)}: every key is rate limited (${which})`,
        };
      // The key's reset time has already passed (`retry-after: 0`): a plain backoff.
    }
    const waitMs = backoffMs(retries, this.deps.random, last.failure.retryAfterMs);
    return {
      target: last.target,
      waitMs,
      words: `retrying ${last.target.providerLabel} in ${seconds(waitMs)} after ${kind.replace('_', ' ')} (${which})`,
    };
  }

  /**
   * Before the first attempt, when no target is healthy: a provider cooling after server
   * errors is still tried at once (cooldowns only steer calls elsewhere); otherwise the key
   * whose rate limit ends soonest, after waiting for it (≤ 60 s).
   */
  private firstWhenAllCooling(call: Call): { target: Target; waitMs: number; words: string } | null {
    const probe = call.targets.find((t) => this.deps.health.get(t).scope === 'provider');
    if (probe) return { target: probe, waitMs: 0, words: '' };
    const soonest = this.soonestCooling(call.targets);
    if (!soonest || soonest.waitMs > MAX_WAIT_MS) return null;
    return {
      ...soonest,
      words: `waiting ${seconds(soonest.waitMs)}: every key is cooling down after a rate limit`,
    };
  }

  /** The cooling target whose cooldown ends first, and how long until then (ms, uncapped). */
  private soonestCooling(targets: Target[]): { target: Target; waitMs: number } | null {
    let best: { target: Target; until: number } | null = null;
    for (const target of targets) {
      const health = this.deps.health.get(target);
      if (health.state === 'cooling' && health.until !== undefined && (!best || health.until < best.until))
        best = { target, until: health.until };
    }
    return best && { target: best.target, waitMs: Math.max(0, best.until - this.deps.clock.now()) };
  }
}

/** A new attempt of `call` against `target`, added to `call.attempts` (its outcome is filled in later). */
export function newEntry(call: Call, target: Target, now: number): CallLogEntry {
  const entry: CallLogEntry = {
    time: new Date(now).toISOString(),
    callId: call.id,
    attempt: call.attempts.length + 1,
    providerId: target.providerId,
    providerLabel: target.providerLabel,
    keyFingerprint: target.keyFingerprint,
    model: target.model,
    stream: call.stream,
    status: 200,
    failure: null,
    message: null,
    latencyMs: 0,
    ttftMs: null,
    tokensIn: null,
    tokensOut: null,
  };
  call.attempts.push(entry);
  return entry;
}
