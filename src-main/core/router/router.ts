import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { CallLogEntry, KeyState } from '../../../src-shared/router';
import type { Settings } from '../../../src-shared/settings';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { Logger } from '../log';
import type { CredentialStore } from '../secrets/credential-store';
import { KeyHealthBook } from './key-health';
import { FailoverLoop, type Call } from './failover';
import { TargetOrder, seconds } from './policy';
import { SlidingWindowLimiter } from './rate-window';
import { InProcessRouterState } from './state/in-process-state';
import type { RouterState, SlotRequest } from './state/router-state';
import { isContentChunk, servedStream, type RoutedStream, type ServedBy } from './served-stream';
import { TargetResolver, allTargets, type Env, type Route } from './targets';
import type { ChatChunk, ChatCompletion, ChatRequest, Target, TransportOptions, Usage } from './types';

export type { RoutedStream, ServedBy } from './served-stream';

/** Where the router reports every finished attempt (the call log store, the Activity view). */
export interface CallLogSink {
  record(entry: CallLogEntry): void;
}

/** What a router is built from (createCore passes the app's; tests pass a fake clock and the scripted upstream's URL). */
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
  /** Where RPM windows, key health and the round-robin turn are kept; in process by default. */
  state?: RouterState;
}

/** The scope of the requests-per-minute window every call takes a slot in. */
const GLOBAL_SCOPE = 'global';

/** Per-call options of `stream` and `chat`. */
export interface StreamOptions {
  signal?: AbortSignal;
  /** Progress for the UI while the call waits ("waiting 12 s for the requests-per-minute limit"). */
  onWait?: (detail: string) => void;
  /** Restricts the call to one provider (and model) instead of the settings' choice. */
  route?: Route;
  /**
   * A check on its way (the local API's per-client count, sent with the call's slot in the
   * global requests-per-minute window, see `globalSlot`): the call waits for it before it takes
   * a slot or reaches a provider, fails with its `error`, and takes no second slot when
   * `rpmSlotTaken`.
   */
  admission?: Promise<CallAdmission>;
}

/** The answer of a `StreamOptions.admission` check. */
export interface CallAdmission {
  /** Set when the call must not go on (429 from the per-client limit). */
  error: Error | null;
  rpmSlotTaken: boolean;
}

/** A routed non-streamed call. */
export interface RoutedCompletion {
  completion: ChatCompletion;
  servedBy: ServedBy;
  attempts: CallLogEntry[];
  usage: Usage | undefined;
}

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
  private readonly order: TargetOrder;
  private readonly failover: FailoverLoop;
  /** The router's state (in process or shared through Redis); the local API's limits use it too. */
  readonly state: RouterState;

  constructor(private readonly deps: RouterDependencies) {
    this.state = deps.state ?? new InProcessRouterState();
    this.health = new KeyHealthBook(deps.clock, this.state);
    this.limiter = new SlidingWindowLimiter(deps.clock, this.state);
    this.order = new TargetOrder(this.state);
    this.resolver = new TargetResolver(deps.credentials, deps.env);
    this.failover = new FailoverLoop({
      health: this.health,
      limiter: this.limiter,
      order: this.order,
      clock: deps.clock,
      random: deps.random ?? Math.random,
      report: (entry, target) => this.report(entry, target),
    });
  }

  /** The global requests-per-minute window as a slot the local API may take for a call ahead of it; null when there is no limit. */
  globalSlot(): SlotRequest | null {
    return this.limiter.slot(GLOBAL_SCOPE, this.deps.settings().open_interpreter_requests_per_minute);
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
    const served = await this.failover.run(call, async (target, transport, entry, started) => {
      const rest = transport.stream(target, request, call.transportOptions);
      const held: ChatChunk[] = [];
      for (;;) {
        const next = await rest.next();
        if (next.done) return { held, rest: null };
        // The batch that brings the first content is held whole: it arrived in one piece.
        let content = false;
        for (const chunk of next.value) {
          held.push(chunk);
          content ||= isContentChunk(chunk);
        }
        if (content) {
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
    const { target, entry, value, started } = await this.failover.run(call, (t, transport) =>
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
    const admitted = options.admission ? await options.admission : null;
    if (admitted?.error) throw admitted.error;
    await this.limiter.acquire(
      GLOBAL_SCOPE,
      admitted?.rpmSlotTaken ? 0 : settings.open_interpreter_requests_per_minute,
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
      targets: options.route
        ? targets
        : await this.order.order(targets, settings.open_interpreter_registry_mode),
      options,
      attempts: [],
      transportOptions,
    };
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
