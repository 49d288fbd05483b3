import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { CallLogEntry, KeyState } from '../../../src-shared/router';
import type { Settings } from '../../../src-shared/settings';
import type { Clock } from '../clock';
import { AppError, isAbortError } from '../errors';
import type { Logger } from '../log';
import type { CredentialStore } from '../secrets/credential-store';
import { anthropicTransport } from './anthropic-transport';
import { KeyHealthBook } from './key-health';
import { openAiTransport } from './openai-transport';
import {
  MAX_WAIT_MS,
  NOT_FAILED_OVER,
  PROVIDER_WIDE,
  RETRYABLE,
  TargetOrder,
  backoffMs,
  seconds,
} from './policy';
import { SlidingWindowLimiter } from './rate-window';
import { finalError } from './final-error';
import { isContentChunk, servedStream, type RoutedStream, type ServedBy } from './served-stream';
import { TargetResolver, allTargets, type Env, type Route } from './targets';
import {
  ProviderFailure,
  type ChatChunk,
  type ChatCompletion,
  type ChatRequest,
  type Target,
  type Transport,
  type TransportOptions,
  type Usage,
} from './types';

export type { RoutedStream, ServedBy } from './served-stream';

/** Where the router reports every finished attempt (the call log store, the Activity view). */
export interface CallLogSink {
  record(entry: CallLogEntry): void;
}

export interface RouterDependencies {
  settings: () => Settings;
  credentials: CredentialStore;
  env: Env;
  clock: Clock;
  /** undici dispatcher (connection pool); the global one when absent. */
  dispatcher?: Dispatcher;
  /** Longest wait for the first byte and between chunks, in ms; default: the `llm_timeout_seconds` setting. */
  timeoutMs?: number;
  /** Receives every attempt once it is final. */
  callLog?: CallLogSink;
  /** Failed attempts are logged at `warn`, served ones at `debug`; keys appear only as fingerprints. */
  logger?: Logger;
  /** Uniform in [0, 1), for backoff jitter; Math.random by default. */
  random?: () => number;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** Progress for the UI while the call waits ("waiting 12 s for the requests-per-minute limit"). */
  onWait?: (detail: string) => void;
  /** Restricts the call to one provider (and model) instead of the settings' choice. */
  route?: Route;
}

/** A routed non-streamed call. */
export interface RoutedCompletion {
  completion: ChatCompletion;
  servedBy: ServedBy;
  attempts: CallLogEntry[];
  usage: Usage | undefined;
}

interface Call {
  id: string;
  stream: boolean;
  settings: Settings;
  targets: Target[];
  options: StreamOptions;
  attempts: CallLogEntry[];
  transportOptions: TransportOptions;
}

const transports: Record<Target['protocol'], Transport> = {
  openai: openAiTransport,
  anthropic: anthropicTransport,
};

/**
 * Routes every LLM call: picks targets by `open_interpreter_registry_mode`, waits for the RPM
 * window, calls the provider (chat completions, or Anthropic's Messages API through its
 * adapter), classifies failures, and fails over to the next healthy key or provider. Retries
 * (`llm_max_retries`, exponential backoff with jitter) only when no other healthy target is
 * left. Streams fail over only before the first content chunk reaches the caller; after that
 * a broken stream is an error (`stream_interrupted`), never a clean end. Every attempt goes to
 * the call log.
 */
export class ProviderRouter {
  private readonly health: KeyHealthBook;
  private readonly limiter: SlidingWindowLimiter;
  private readonly resolver: TargetResolver;
  private readonly order = new TargetOrder();
  private readonly random: () => number;

  constructor(private readonly deps: RouterDependencies) {
    this.health = new KeyHealthBook(deps.clock);
    this.limiter = new SlidingWindowLimiter(deps.clock);
    this.resolver = new TargetResolver(deps.credentials, deps.env);
    this.random = deps.random ?? Math.random;
  }

  /** The health book (shared with key checks, which may clear a rejection). */
  get keyHealth(): KeyHealthBook {
    return this.health;
  }

  /**
   * Starts a streaming chat completion. Resolves once a target has produced its first content
   * chunk (role-only chunks and SSE comments before it are held back, so failover still works).
   * Throws AppError: `no_api_key`; the classified code of the failure (`provider_rate_limited`,
   * `key_rejected`, `provider_timeout`, …; the same code when every attempt failed alike);
   * `all_targets_failed` when they failed differently; `cancelled` (the signal's reason) on Stop.
   */
  async stream(request: ChatRequest, options: StreamOptions = {}): Promise<RoutedStream> {
    const call = await this.begin(options, true);
    const served = await this.attempt(call, async (target, transport, entry, started) => {
      const rest = transport.stream(target, request, call.transportOptions);
      const held: ChatChunk[] = [];
      for (;;) {
        const next = await rest.next();
        if (next.done) return { held, rest: null };
        held.push(next.value);
        if (isContentChunk(next.value)) {
          entry.ttftMs = Math.round(performance.now() - started);
          return { held, rest };
        }
      }
    });
    const { target, entry, value, started } = served;
    return servedStream(target, entry, call.attempts, value.held, value.rest, started, {
      now: () => performance.now(),
      finish: (final, failure) => {
        if (failure) this.health.recordFailure(target, 'stream_interrupted', null, failure.message);
        this.report(final, target);
      },
    });
  }

  /**
   * A non-streamed chat completion, routed like `stream` (the provider's `chat.completion`,
   * Anthropic's translated). Throws the same AppErrors.
   */
  async chat(request: ChatRequest, options: StreamOptions = {}): Promise<RoutedCompletion> {
    const call = await this.begin(options, false);
    const { target, entry, value, started } = await this.attempt(call, (t, transport) =>
      transport.complete(t, request, call.transportOptions),
    );
    const usage = value.usage ?? value.x_groq?.usage ?? undefined;
    entry.latencyMs = Math.round(performance.now() - started);
    if (usage) {
      entry.tokensIn = usage.prompt_tokens ?? null;
      entry.tokensOut = usage.completion_tokens ?? null;
    }
    this.report(entry, target);
    return {
      completion: value,
      servedBy: {
        providerId: target.providerId,
        providerLabel: target.providerLabel,
        model: target.model,
        keyFingerprint: target.keyFingerprint,
      },
      attempts: call.attempts,
      usage,
    };
  }

  /** Every target that has a key, with its state now (for the Activity view). */
  keyStates(): KeyState[] {
    return allTargets(this.deps.settings(), this.deps.credentials, this.deps.env).map(
      ({ target, source, inUse }) => {
        const health = this.health.get(target);
        const state: KeyState = {
          providerId: target.providerId,
          providerLabel: target.providerLabel,
          keyFingerprint: target.keyFingerprint,
          model: target.model,
          source,
          inUse,
          state: health.state,
          scope: health.scope,
        };
        if (health.until !== undefined) state.until = new Date(health.until).toISOString();
        if (health.reason) state.reason = health.reason;
        return state;
      },
    );
  }

  private async begin(options: StreamOptions, stream: boolean): Promise<Call> {
    const settings = this.deps.settings();
    const { targets, providerLabel } = this.resolver.resolve(settings, options.route);
    if (targets.length === 0) {
      throw new AppError(
        'no_api_key',
        `No API key is saved for ${providerLabel}. Add one in Settings → API Keys.`,
      );
    }
    await this.limiter.acquire(
      'global',
      settings.open_interpreter_requests_per_minute,
      options.signal,
      (ms) => options.onWait?.(`waiting ${seconds(ms)} for the requests-per-minute limit`),
    );
    const transportOptions: TransportOptions = {
      timeoutMs: this.deps.timeoutMs ?? settings.llm_timeout_seconds * 1000,
      now: () => this.deps.clock.now(),
    };
    if (options.signal) transportOptions.signal = options.signal;
    if (this.deps.dispatcher) transportOptions.dispatcher = this.deps.dispatcher;
    return {
      id: randomUUID(),
      stream,
      settings,
      targets: options.route ? targets : this.order.order(targets, settings.open_interpreter_registry_mode),
      options,
      attempts: [],
      transportOptions,
    };
  }

  /**
   * The failover loop: the first untried healthy target (skipping providers that failed
   * provider-wide in this call); when none is left, a retry of the last failure if it is
   * retryable and `llm_max_retries` allows (after the key's reset time for a rate limit, else a
   * jittered backoff); before any attempt, if every key is cooling after a rate limit, a wait
   * for the soonest (≤ 60 s).
   */
  private async attempt<T>(
    call: Call,
    run: (target: Target, transport: Transport, entry: CallLogEntry, started: number) => Promise<T>,
  ): Promise<{ target: Target; entry: CallLogEntry; value: T; started: number }> {
    const { options } = call;
    const tried = new Set<string>();
    const skipped = new Set<string>();
    const failures: Array<{ target: Target; failure: ProviderFailure }> = [];
    let retries = 0;
    for (;;) {
      let target = call.targets.find(
        (t) => !tried.has(t.identity) && !skipped.has(t.providerScope) && this.health.isAvailable(t),
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
      this.order.picked(target);
      if (target.requestsPerMinute) {
        const label = target.providerLabel;
        await this.limiter.acquire(
          `target:${target.providerScope}`,
          target.requestsPerMinute,
          options.signal,
          (ms) => options.onWait?.(`waiting ${seconds(ms)} for ${label}'s requests-per-minute limit`),
        );
      }
      const entry = this.newEntry(call, target);
      const started = performance.now();
      try {
        const value = await run(target, transports[target.protocol], entry, started);
        this.health.recordSuccess(target);
        return { target, entry, value, started };
      } catch (error) {
        entry.latencyMs = Math.round(performance.now() - started);
        if (!(error instanceof ProviderFailure)) {
          if (isAbortError(error)) {
            entry.failure = 'cancelled';
            entry.message = 'stopped by the caller';
            this.report(entry, target);
          }
          throw error;
        }
        entry.status = error.status;
        entry.failure = error.kind;
        entry.message = error.message;
        this.report(entry, target);
        this.health.recordFailure(target, error.kind, error.retryAfterMs, error.message);
        failures.push({ target, failure: error });
        if (NOT_FAILED_OVER.has(error.kind)) break;
        if (PROVIDER_WIDE.has(error.kind)) skipped.add(target.providerScope);
      }
    }
    throw finalError(failures, call.targets, this.health, this.deps.clock.now());
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
    const waitMs = backoffMs(retries, this.random, last.failure.retryAfterMs);
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
    const probe = call.targets.find((t) => this.health.get(t).scope === 'provider');
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
      const health = this.health.get(target);
      if (health.state === 'cooling' && health.until !== undefined && (!best || health.until < best.until))
        best = { target, until: health.until };
    }
    return best && { target: best.target, waitMs: Math.max(0, best.until - this.deps.clock.now()) };
  }

  private newEntry(call: Call, target: Target): CallLogEntry {
    const entry: CallLogEntry = {
      time: new Date(this.deps.clock.now()).toISOString(),
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

  private report(entry: CallLogEntry, target: Target): void {
    this.deps.callLog?.record(entry);
    const logger = this.deps.logger;
    if (!logger) return;
    const fields = {
      callId: entry.callId,
      attempt: entry.attempt,
      provider: target.providerId,
      key: target.keyFingerprint,
      model: entry.model,
      status: entry.status,
      failure: entry.failure,
      latencyMs: entry.latencyMs,
      ttftMs: entry.ttftMs,
    };
    if (entry.failure && entry.failure !== 'cancelled')
      logger.warn({ ...fields, message: entry.message }, 'LLM attempt failed');
    else logger.debug(fields, 'LLM attempt');
  }
}
