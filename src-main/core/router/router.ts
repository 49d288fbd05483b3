import type { Dispatcher } from 'undici';
import type { Settings } from '../../../src-shared/settings';
import type { ErrorCode } from '../../../src-shared/errors';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { CredentialStore } from '../secrets/credential-store';
import { KeyHealthBook } from './key-health';
import { streamChatCompletion } from './openai-transport';
import { SlidingWindowLimiter } from './rate-window';
import { resolveTargets, type Env, type Route } from './targets';
import { ProviderFailure, type ChatChunk, type ChatRequest, type FailureKind, type Target, type Usage } from './types';

export interface RouterDependencies {
  settings: () => Settings;
  credentials: CredentialStore;
  env: Env;
  clock: Clock;
  /** undici dispatcher (connection pool); the global one when absent. */
  dispatcher?: Dispatcher;
  /** Longest wait for the first byte and between chunks, in ms; default: the `llm_timeout_seconds` setting. */
  timeoutMs?: number;
}

/** One try against one target, for the call log. */
export interface Attempt {
  providerId: string;
  keyFingerprint: string;
  model: string;
  status: number | null;
  failure: FailureKind | null;
  message: string | null;
  latencyMs: number;
}

/** Who answered a routed call. */
export interface ServedBy {
  providerId: string;
  providerLabel: string;
  model: string;
  keyFingerprint: string;
}

/** A routed streaming call whose first chunk has arrived. */
export interface RoutedStream {
  servedBy: ServedBy;
  attempts: Attempt[];
  /** The provider's chunks, unchanged. Throws AppError `stream_interrupted` (or the classified code) if the stream breaks. */
  chunks: AsyncGenerator<ChatChunk>;
  /** Usage from the final chunk (`usage` or Groq's `x_groq.usage`), once the stream has ended. */
  usage(): Usage | undefined;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** Progress for the UI while the call waits ("waiting 12 s for the requests-per-minute limit"). */
  onWait?: (detail: string) => void;
  /** Restricts the call to one provider (and model) instead of the settings' choice. */
  route?: Route;
}

const FAILURE_CODES: Record<FailureKind, ErrorCode> = {
  rate_limited: 'provider_rate_limited',
  quota_exhausted: 'provider_quota_exhausted',
  key_rejected: 'key_rejected',
  model_not_found: 'model_not_found',
  context_too_long: 'context_too_long',
  bad_request: 'provider_bad_request',
  server_error: 'provider_server_error',
  timeout: 'provider_timeout',
  network: 'provider_unreachable',
  stream_interrupted: 'stream_interrupted',
};

/** Failures that would fail the same way on every target: not failed over. */
const NOT_FAILED_OVER: ReadonlySet<FailureKind> = new Set(['bad_request', 'context_too_long']);

/** The longest we sleep for a cooling key when no other target is usable, in ms (peers cap at 60 s). */
const MAX_COOLDOWN_WAIT_MS = 60_000;

/**
 * Routes every LLM call: picks targets by `open_interpreter_registry_mode`, waits for the RPM
 * window, calls the provider, classifies failures, and fails over to the next healthy key or
 * provider — only before the first chunk reaches the caller. After that, a broken stream is
 * an error, never a clean end.
 */
export class ProviderRouter {
  private readonly health: KeyHealthBook;
  private readonly limiter: SlidingWindowLimiter;
  private roundRobinCursor = 0;

  constructor(private readonly deps: RouterDependencies) {
    this.health = new KeyHealthBook(deps.clock);
    this.limiter = new SlidingWindowLimiter(deps.clock);
  }

  /**
   * Starts a streaming chat completion. Resolves once a target has produced its first chunk.
   * Throws AppError: `no_api_key`; the classified code of the failure when one target was tried
   * (`provider_rate_limited`, `key_rejected`, …); `all_targets_failed` when several failed
   * differently; `cancelled` (AbortError) when `signal` aborts.
   */
  async stream(request: ChatRequest, options: StreamOptions = {}): Promise<RoutedStream> {
    const settings = this.deps.settings();
    const { targets, providerLabel } = resolveTargets(settings, this.deps.credentials, this.deps.env, options.route);
    if (targets.length === 0) {
      throw new AppError('no_api_key', `No API key is saved for ${providerLabel}. Add one in Settings → API Keys.`);
    }
    const ordered = options.route ? targets : this.order(targets, settings.open_interpreter_registry_mode);
    const attempts: Attempt[] = [];
    const failures: Array<{ target: Target; failure: ProviderFailure }> = [];
    const tried = new Set<Target>();

    await this.limiter.acquire('global', settings.open_interpreter_requests_per_minute, options.signal, (ms) =>
      options.onWait?.(`waiting ${Math.ceil(ms / 1000)} s for the requests-per-minute limit`),
    );

    for (;;) {
      const target = await this.nextTarget(ordered, tried, options);
      if (!target) break;
      tried.add(target);
      await this.limiter.acquire(`target:${target.providerId}`, target.requestsPerMinute ?? 0, options.signal, (ms) =>
        options.onWait?.(`waiting ${Math.ceil(ms / 1000)} s for ${target.providerLabel}'s requests-per-minute limit`),
      );
      const started = this.deps.clock.now();
      const chunks = streamChatCompletion(target, request, {
        ...(options.signal ? { signal: options.signal } : {}),
        timeoutMs: this.deps.timeoutMs ?? settings.llm_timeout_seconds * 1000,
        ...(this.deps.dispatcher ? { dispatcher: this.deps.dispatcher } : {}),
        now: () => this.deps.clock.now(),
      });
      try {
        const first = await chunks.next();
        attempts.push(attempt(target, 200, null, null, this.deps.clock.now() - started));
        this.health.recordSuccess(target);
        return this.served(target, attempts, first, chunks);
      } catch (error) {
        if (!(error instanceof ProviderFailure)) throw error;
        attempts.push(attempt(target, error.status, error.kind, error.message, this.deps.clock.now() - started));
        failures.push({ target, failure: error });
        this.health.recordFailure(target, error.kind, error.retryAfterMs, error.message);
        if (NOT_FAILED_OVER.has(error.kind)) break;
      }
    }
    throw this.finalError(failures, targets);
  }

  private order(targets: Target[], mode: Settings['open_interpreter_registry_mode']): Target[] {
    if (mode !== 'round_robin' || targets.length < 2) return targets;
    const start = this.roundRobinCursor++ % targets.length;
    return [...targets.slice(start), ...targets.slice(0, start)];
  }

  /** The first untried healthy target; if all untried ones are cooling, waits (≤ 60 s) for the soonest. */
  private async nextTarget(ordered: Target[], tried: Set<Target>, options: StreamOptions): Promise<Target | undefined> {
    const untried = ordered.filter((t) => !tried.has(t));
    const healthy = untried.find((t) => this.health.isAvailable(t));
    if (healthy || tried.size > 0) return healthy;
    const cooling = untried
      .map((t) => ({ t, h: this.health.get(t) }))
      .filter(({ h }) => h.state === 'cooling' && h.until !== undefined)
      .sort((a, b) => (a.h.until as number) - (b.h.until as number))[0];
    if (!cooling) return undefined;
    const wait = (cooling.h.until as number) - this.deps.clock.now();
    if (wait > MAX_COOLDOWN_WAIT_MS) return undefined;
    options.onWait?.(`waiting ${Math.ceil(wait / 1000)} s: every key is cooling down after a rate limit`);
    await this.deps.clock.sleep(Math.max(0, wait), options.signal);
    return cooling.t;
  }

  private served(target: Target, attempts: Attempt[], first: IteratorResult<ChatChunk>, rest: AsyncGenerator<ChatChunk>): RoutedStream {
    let usage: Usage | undefined;
    const note = (chunk: ChatChunk) => {
      const reported = chunk.usage ?? chunk.x_groq?.usage;
      if (reported) usage = reported;
    };
    async function* chunks(): AsyncGenerator<ChatChunk> {
      try {
        if (first.done) return;
        note(first.value);
        yield first.value;
        for (;;) {
          let next: IteratorResult<ChatChunk>;
          try {
            next = await rest.next();
          } catch (error) {
            if (error instanceof ProviderFailure) throw failureToAppError(error, target);
            throw error;
          }
          if (next.done) return;
          note(next.value);
          yield next.value;
        }
      } finally {
        await rest.return(undefined);
      }
    }
    return {
      servedBy: { providerId: target.providerId, providerLabel: target.providerLabel, model: target.model, keyFingerprint: target.keyFingerprint },
      attempts,
      chunks: chunks(),
      usage: () => usage,
    };
  }

  private finalError(failures: Array<{ target: Target; failure: ProviderFailure }>, targets: Target[]): AppError {
    const last = failures[failures.length - 1];
    if (!last) {
      const soonest = targets.map((t) => this.health.get(t)).find((h) => h.until !== undefined);
      return new AppError(
        'provider_rate_limited',
        `Every key is cooling down or unusable${soonest?.until ? ` until ${new Date(soonest.until).toLocaleTimeString()}` : ''}.`,
        soonest?.until ? { retryAfterMs: Math.max(0, soonest.until - this.deps.clock.now()) } : {},
      );
    }
    if (failures.length === 1) return failureToAppError(last.failure, last.target);
    const kinds = new Set(failures.map((f) => f.failure.kind));
    const summary = failures.map((f) => `${f.target.providerLabel} ${f.target.keyFingerprint}: ${f.failure.message}`).join('; ');
    const only = kinds.size === 1 ? [...kinds][0] : undefined;
    const retryAfters = failures.map((f) => f.failure.retryAfterMs).filter((v): v is number => v !== null);
    return new AppError(only ? FAILURE_CODES[only] : 'all_targets_failed', `All ${failures.length} targets failed — ${summary}`, retryAfters.length ? { retryAfterMs: Math.min(...retryAfters) } : {});
  }
}

function attempt(target: Target, status: number | null, failure: FailureKind | null, message: string | null, latencyMs: number): Attempt {
  return { providerId: target.providerId, keyFingerprint: target.keyFingerprint, model: target.model, status, failure, message, latencyMs };
}

/** Maps a provider failure to the stable error code callers see. */
export function failureToAppError(failure: ProviderFailure, target: Target): AppError {
  const who = `${target.providerLabel} (key ${target.keyFingerprint})`;
  return new AppError(FAILURE_CODES[failure.kind], `${who}: ${failure.message}`, failure.retryAfterMs !== null ? { retryAfterMs: failure.retryAfterMs } : {});
}
