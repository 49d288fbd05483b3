import type { ApiStatus } from '../../../src-shared/http-api';
import type { Settings } from '../../../src-shared/settings';
import { AppError } from '../errors';
import type { SettingsStore } from '../settings/settings-store';
import type { ApiDefaults, ApiServices } from './context';
import { isLoopbackHost } from './guard';
import { startApiServer, type ApiServer } from './server';
import { createServerLog, type ServerLog } from './server-log';
import { maskToken, type ApiTokenStore } from './token';

/** Settings the headless server may override for one run (flags, environment, `.env`). */
export interface ApiOverrides {
  /** Start the API at launch even when the saved switch is off (`serve --api`). */
  enabled?: boolean;
  /** Address to bind instead of 127.0.0.1 / 0.0.0.0 from `api_allow_network`. */
  host?: string;
  /** Port instead of `api_port`; 0 = a free port. */
  port?: number;
  /** `API_KEY`: the bearer token for this run instead of the stored one. */
  token?: string;
  rateLimitPerMinute?: number;
  sessionRateLimitPerMinute?: number;
  maxTokens?: number;
  temperature?: number;
  /** pino level of the server log (`LOG_LEVEL`). */
  logLevel?: string;
  /** `--redis-url` / `REDIS_URL`: router state shared through this Redis instead of `api_redis_url`. */
  redisUrl?: string;
}

/** Writes text to the system clipboard (Electron's `clipboard`); absent under `serve`. */
export interface Clipboard {
  writeText(text: string): void;
}

export interface ApiServiceDependencies extends ApiServices {
  settingsStore: SettingsStore;
  tokens: ApiTokenStore;
  dataDir: string;
  overrides?: ApiOverrides;
  clipboard?: Clipboard;
  /** Called with every new status (the bus's `api.status` event). */
  onStatus: (status: ApiStatus) => void;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Runs the local HTTP API server as the settings say: on while `api_enabled` (or `serve
 * --api`), on 127.0.0.1 — or 0.0.0.0 with `api_allow_network` — at `api_port`, restarted when
 * the port or the network choice changes. Keeps the status the Local API tab shows, the bearer
 * token (created on the first start), and stops the kernels of API sessions idle for
 * `api_session_idle_minutes` (their messages stay). Works the same in Electron and `serve`.
 */
export class ApiService {
  private server: ApiServer | null = null;
  private log: ServerLog | null = null;
  private current: ApiStatus;
  private queue: Promise<unknown> = Promise.resolve();
  /** `serve --api` until the person uses the switch; then the saved setting rules. */
  private forcedOn: boolean;
  private readonly activity = new Map<string, number>();
  private sweeper: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;
  private unfollowState: (() => void) | null = null;

  constructor(private readonly deps: ApiServiceDependencies) {
    this.forcedOn = deps.overrides?.enabled === true;
    const desired = this.desired();
    this.current = {
      state: 'stopped',
      host: desired.host,
      port: desired.port,
      url: null,
      error: null,
      token: this.maskedToken(),
      overridden: this.overriddenNames(),
    };
  }

  /** Starts following the settings (and starts the server if it should run). */
  async init(): Promise<void> {
    this.unsubscribe = this.deps.settingsStore.onChange((next, previous) => {
      if (
        next.api_enabled !== previous.api_enabled ||
        next.api_port !== previous.api_port ||
        next.api_allow_network !== previous.api_allow_network
      )
        void this.reconcile(false);
    });
    this.unfollowState = this.deps.router.state.onLabelChange(() => this.publish({}));
    this.sweeper = setInterval(() => void this.sweepIdleSessions(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
    await this.reconcile(false);
  }

  /** The server's current status. */
  status(): ApiStatus {
    return { ...this.current, token: this.maskedToken(), routerState: this.deps.router.state.label() };
  }

  /** Saves `api_enabled: true` and resolves with the outcome (listening, or an error such as `api_port_in_use`). */
  async start(): Promise<ApiStatus> {
    if (!this.deps.settings().api_enabled) await this.deps.settingsStore.update({ api_enabled: true });
    await this.reconcile(true);
    return this.status();
  }

  /** Saves `api_enabled: false` and resolves once the server stopped. */
  async stop(): Promise<ApiStatus> {
    this.forcedOn = false;
    if (this.deps.settings().api_enabled) await this.deps.settingsStore.update({ api_enabled: false });
    await this.reconcile(false);
    return this.status();
  }

  /** A new token; clients with the old one get 401 from the next request on. Throws when `API_KEY` sets it. */
  async regenerateToken(): Promise<ApiStatus> {
    await this.deps.tokens.regenerate();
    this.publish({});
    return this.status();
  }

  /** Puts the token on the system clipboard when there is one, else answers it to the caller (see the contract's `api.copyToken`). */
  copyToken(): { delivery: 'clipboard' } | { delivery: 'caller'; token: string } {
    const token = this.deps.tokens.current();
    if (!token)
      throw new AppError(
        'api_token_required',
        'There is no token yet: turn the API on once, or press Regenerate.',
      );
    if (this.deps.clipboard) {
      this.deps.clipboard.writeText(token.value);
      return { delivery: 'clipboard' };
    }
    return { delivery: 'caller', token: token.value };
  }

  /** Notes that the API used a session now (its kernels are kept while it is used). */
  touch(sessionId: string): void {
    this.activity.set(sessionId, this.deps.clock.now());
  }

  /**
   * Stops the kernels of sessions the API used that have been idle (no request, no running
   * turn) for `api_session_idle_minutes` (0 = never); their messages stay. Runs every minute;
   * returns the ids it cleaned up.
   */
  async sweepIdleSessions(): Promise<string[]> {
    const minutes = this.deps.settings().api_session_idle_minutes;
    if (minutes <= 0) return [];
    const cutoff = this.deps.clock.now() - minutes * 60_000;
    const idle = [...this.activity]
      .filter(([id, last]) => last <= cutoff && this.deps.agent.status(id).state === 'idle')
      .map(([id]) => id);
    for (const id of idle) {
      this.activity.delete(id);
      await this.deps.exec.disposeSession(id).catch(() => undefined);
    }
    return idle;
  }

  /** Stops the server and the sweeper and closes the log files (app shutdown). */
  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unfollowState?.();
    if (this.sweeper) clearInterval(this.sweeper);
    this.forcedOn = false;
    await this.enqueue(() => this.stopServer());
    await this.log?.close();
    this.log = null;
  }

  private desired(): { enabled: boolean; host: string; port: number } {
    const settings: Settings = this.deps.settings();
    const o = this.deps.overrides ?? {};
    return {
      enabled: this.forcedOn || settings.api_enabled,
      host: o.host ?? (settings.api_allow_network ? '0.0.0.0' : '127.0.0.1'),
      port: o.port ?? settings.api_port,
    };
  }

  /** Brings the server in line with the settings; `retry` starts again after a failed start. */
  private reconcile(retry: boolean): Promise<void> {
    return this.enqueue(async () => {
      const want = this.desired();
      const running = this.server;
      if (
        running &&
        (!want.enabled || running.host !== want.host || (want.port !== 0 && running.port !== want.port))
      )
        await this.stopServer();
      if (!want.enabled)
        return this.publish({ state: 'stopped', host: want.host, port: want.port, url: null, error: null });
      if (this.server) return;
      if (
        this.current.state === 'error' &&
        !retry &&
        this.current.port === want.port &&
        this.current.host === want.host
      )
        return;
      await this.startServer(want.host, want.port);
    });
  }

  private async startServer(host: string, port: number): Promise<void> {
    this.publish({ state: 'starting', host, port, url: null, error: null });
    try {
      // Loopback gets a token created on first use; a wider bind never runs without one already made.
      if (isLoopbackHost(host)) await this.deps.tokens.ensure();
      const o = this.deps.overrides ?? {};
      this.log ??= createServerLog(this.deps.dataDir, o.logLevel ?? 'info');
      const defaults: ApiDefaults = {
        ...(o.maxTokens !== undefined ? { maxTokens: o.maxTokens } : {}),
        ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
      };
      this.server = await startApiServer({
        ...this.deps,
        host,
        port,
        token: () => this.deps.tokens.current()?.value ?? null,
        limits: () => {
          const s = this.deps.settings();
          return {
            perClient: o.rateLimitPerMinute ?? s.api_rate_limit_per_minute,
            perSession: o.sessionRateLimitPerMinute ?? s.api_session_rate_limit_per_minute,
          };
        },
        defaults,
        logger: this.log.logger,
        requestLogger: this.log.requests,
        onSessionActivity: (id) => this.touch(id),
      });
      const shown =
        host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      this.publish({
        state: 'listening',
        host,
        port: this.server.port,
        url: `http://${shown}:${this.server.port}`,
        error: null,
      });
    } catch (error) {
      this.publish({ state: 'error', host, port, url: null, error: describeStartError(error, host, port) });
    }
  }

  private async stopServer(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await server.close();
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private publish(change: Partial<ApiStatus>): void {
    this.current = {
      ...this.current,
      ...change,
      token: this.maskedToken(),
      overridden: this.overriddenNames(),
    };
    this.deps.onStatus(this.status());
  }

  private maskedToken(): ApiStatus['token'] {
    try {
      return maskToken(this.deps.tokens.current());
    } catch {
      return null;
    }
  }

  private overriddenNames(): string[] {
    const o = this.deps.overrides ?? {};
    const names: Array<[unknown, string]> = [
      [o.port, 'api_port'],
      [o.host, 'api_allow_network'],
      [o.rateLimitPerMinute, 'api_rate_limit_per_minute'],
      [o.sessionRateLimitPerMinute, 'api_session_rate_limit_per_minute'],
      [o.token, 'token'],
      [o.redisUrl, 'api_redis_url'],
    ];
    return names.filter(([value]) => value !== undefined).map(([, name]) => name);
  }
}

/** A start failure in words: a busy port is said plainly. */
function describeStartError(error: unknown, host: string, port: number): NonNullable<ApiStatus['error']> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return {
      code: 'api_port_in_use',
      message: `Port ${port} is in use by another program. Choose another port.`,
    };
  if (code === 'EACCES')
    return { code: 'api_start_failed', message: `Not allowed to listen on port ${port}.` };
  if (code === 'EADDRNOTAVAIL')
    return { code: 'api_start_failed', message: `${host} is not an address of this machine.` };
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return {
    code: 'api_start_failed',
    message: `The local API could not start: ${error instanceof Error ? error.message : String(error)}`,
  };
}
