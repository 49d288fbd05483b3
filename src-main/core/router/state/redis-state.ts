import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { Clock } from '../../clock';
import type { Logger } from '../../log';
import type { KeyHealth, ProviderHealth } from '../key-health';
import { InProcessRouterState } from './in-process-state';
import {
  AdmissionLeases,
  NO_COUNTER,
  NO_SLOT,
  admitArgs,
  admittedOf,
  decisionOf,
  type AdmissionAsk,
  type Admitted,
} from './redis-admission';
import { ADMIT, CLAIM_TURN, RETURN_LEASE, runScript, type Script } from './redis-scripts';
import type {
  Admission,
  MaybePromise,
  RateDecision,
  RouterState,
  RouterStateLabel,
  SlotRequest,
} from './router-state';
import { SharedRecordMap, type RecordChange } from './shared-records';

/** How `RedisRouterState` reaches Redis. */
export interface RedisStateOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  clock: Clock;
  logger?: Logger;
  /** Longest wait for one Redis command before this instance answers from local state, in ms (default 1000). */
  commandTimeoutMs?: number;
  /** Prefix of every Redis key and the pub/sub channel (default `switchboard:`); instances sharing state use the same. */
  prefix?: string;
}

/** Longest wait for one Redis command, in ms: a slow Redis must not hold up routing. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;
/** Reconnect delays grow by this much per attempt up to RECONNECT_MAX_MS (ms). */
const RECONNECT_STEP_MS = 100;
const RECONNECT_MAX_MS = 1_000;

/**
 * Router state shared through Redis by every instance that names the same Redis (and prefix):
 * - RPM windows: a sorted set per window, taken by a Lua script (atomic: N instances together
 *   never let more than the limit through); a waiting call asks again when the shared window's
 *   oldest request leaves it, so it is released whichever instance freed the slot;
 * - key and provider health: hashes of records keyed by digest (never a key), held in memory
 *   and written through; changes are published so the other instances apply them at once;
 * - the round-robin turn and the local API's per-client / per-session counters: Lua scripts.
 * Counts and slots go through one script (ADMIT); far from the limits, an instance that keeps
 * asking for the same admission is granted a short lease of spare ones and hands them out
 * without a round trip (redis-leases.ts).
 * When Redis is unreachable (at start or lost mid-run) every answer comes from in-process
 * state, the log says so once, `label()` answers `local (redis unreachable)`, and ioredis keeps
 * reconnecting; once both connections are back the health records are joined and the state is
 * shared again. Every command has a timeout (`commandTimeoutMs`) and none is queued offline.
 * Clocks of the instances are assumed in sync (NTP): window times are the instances' own.
 */
export class RedisRouterState implements RouterState {
  readonly keys: SharedRecordMap<KeyHealth>;
  readonly providers: SharedRecordMap<ProviderHealth>;
  private readonly local = new InProcessRouterState();
  private readonly leases: AdmissionLeases;
  /**
   * Scripts go out on `client` at once when none is in flight (a lone request waits for no
   * one), and on `batched` while others are (auto-pipelining: the calls of one tick share a
   * write and a read, measured at about a sixth of the CPU per call with 32 in flight; alone,
   * its setImmediate hop and pipeline cost 1.6× the latency and 1.8× the CPU of a plain call).
   */
  private readonly client: Redis;
  private readonly batched: Redis;
  private inFlight = 0;
  private readonly subscriber: Redis;
  private readonly instance = randomUUID();
  private readonly prefix: string;
  private readonly channel: string;
  private shared = false;
  private joining: Promise<void> | null = null;
  private slotCounter = 0;
  /** The last round-robin pick this instance knows of (claimed or written). */
  private lastPick: string | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly labelListeners = new Set<() => void>();
  private closed = false;
  /** The log already says Redis is unreachable (said once per outage). */
  private reported = false;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: RedisStateOptions) {
    this.prefix = options.prefix ?? 'switchboard:';
    this.channel = `${this.prefix}health`;
    const publish = (change: Omit<RecordChange, 'from'>) => this.publishChange(change);
    this.keys = new SharedRecordMap<KeyHealth>('keys', publish);
    this.providers = new SharedRecordMap<ProviderHealth>('providers', publish);
    this.leases = new AdmissionLeases({
      clock: options.clock,
      member: (now) => this.member(now),
      admit: (ask, now, member, take, want) => this.runAdmit(ask, now, member, take, want),
      giveBack: (ask, resetAt, member, first, count) => {
        if (!this.shared) return;
        runScript(this.client, RETURN_LEASE, 2, [
          ask.counterKey,
          ask.slotKey,
          resetAt ?? '',
          member,
          first,
          count,
        ]).catch((error: Error) => this.slow(error));
      },
    });
    const redisOptions: RedisOptions = {
      commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      connectTimeout: 1_000,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(times * RECONNECT_STEP_MS, RECONNECT_MAX_MS),
    };
    this.client = new Redis(options.url, redisOptions);
    this.batched = new Redis(options.url, { ...redisOptions, enableAutoPipelining: true });
    this.subscriber = new Redis(options.url, redisOptions);
    for (const connection of [this.client, this.batched, this.subscriber]) {
      connection.on('ready', () => void this.join());
      connection.on('close', () => this.lose('connection closed'));
      connection.on('error', (error: Error) => this.lose(error.message));
    }
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) this.receive(text);
    });
  }

  /** Resolves once the state is shared, or after `timeoutMs` (then it serves locally and keeps trying). */
  async whenShared(timeoutMs: number): Promise<boolean> {
    if (this.shared) return true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.listeners.add(done);
    });
    return this.shared;
  }

  label(): RouterStateLabel {
    return this.shared ? 'redis' : 'local (redis unreachable)';
  }

  onLabelChange(listener: () => void): () => void {
    this.labelListeners.add(listener);
    return () => this.labelListeners.delete(listener);
  }

  private labelChanged(): void {
    for (const listener of this.labelListeners) listener();
  }

  takeSlot(scope: string, limit: number, windowMs: number, now: number): MaybePromise<number> {
    if (!this.shared) return this.local.takeSlot(scope, limit, windowMs, now);
    return this.admit(
      { ...NO_COUNTER, slotKey: `${this.prefix}rpm:${scope}`, slotLimit: limit, slotWindowMs: windowMs },
      now,
      (admitted) => admitted.slotWait,
      () => this.local.takeSlot(scope, limit, windowMs, now),
    );
  }

  hit(scope: string, limit: number, windowMs: number, now: number): MaybePromise<RateDecision> {
    if (!this.shared) return this.local.hit(scope, limit, windowMs, now);
    return this.admit(
      {
        ...NO_SLOT,
        counterKey: `${this.prefix}limit:${scope}`,
        counterLimit: limit,
        counterWindowMs: windowMs,
      },
      now,
      (admitted) => decisionOf(admitted, limit),
      () => this.local.hit(scope, limit, windowMs, now),
    );
  }

  hitAndTakeSlot(
    scope: string,
    limit: number,
    windowMs: number,
    slot: SlotRequest,
    now: number,
  ): MaybePromise<Admission> {
    if (!this.shared) return this.local.hitAndTakeSlot(scope, limit, windowMs, slot, now);
    return this.admit(
      {
        counterKey: `${this.prefix}limit:${scope}`,
        counterLimit: limit,
        counterWindowMs: windowMs,
        slotKey: `${this.prefix}rpm:${slot.scope}`,
        slotLimit: slot.limit,
        slotWindowMs: slot.windowMs,
      },
      now,
      (admitted) => ({ decision: decisionOf(admitted, limit), slotWait: admitted.slotWait }),
      () => this.local.hitAndTakeSlot(scope, limit, windowMs, slot, now),
    );
  }

  /** An admission from a lease (synchronous) or by ADMIT; from local state when Redis does not answer. */
  private admit<T>(
    ask: AdmissionAsk,
    now: number,
    read: (admitted: Admitted) => T,
    fallback: () => T,
  ): MaybePromise<T> {
    const admitted = this.leases.admit(ask, now);
    if (!(admitted instanceof Promise)) return admitted ? read(admitted) : fallback();
    return admitted.then((answer) => (answer ? read(answer) : fallback()));
  }

  private runAdmit(ask: AdmissionAsk, now: number, member: string, take: boolean, want: number) {
    return this.run(ADMIT, 2, admitArgs(ask, now, member, take, want), admittedOf, () => null);
  }

  /** A window member unique across instances and calls. */
  private member(now: number): string {
    return `${now}:${this.instance}:${(this.slotCounter += 1)}`;
  }

  claimTurn(ids: string[]): MaybePromise<number> {
    if (!this.shared) return this.local.claimTurn(ids);
    return this.run(
      CLAIM_TURN,
      1,
      [`${this.prefix}round-robin`, ...ids],
      (reply) => {
        const start = Number(reply);
        this.lastPick = ids[start] ?? null;
        this.local.picked(this.lastPick ?? '');
        return start;
      },
      () => this.local.claimTurn(ids),
    );
  }

  picked(id: string): void {
    this.local.picked(id);
    if (id === this.lastPick) return;
    this.lastPick = id;
    if (this.shared)
      this.client.set(`${this.prefix}round-robin`, id).catch((error: Error) => this.slow(error));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.shared = false;
    this.leases.clear();
    if (this.retry) clearTimeout(this.retry);
    this.client.disconnect();
    this.batched.disconnect();
    this.subscriber.disconnect();
  }

  /** Runs a script; a failure or timeout answers from local state for this call. */
  private async run<T>(
    s: Script,
    keyCount: number,
    keysAndArgs: Array<string | number>,
    read: (reply: unknown) => T,
    fallback: () => T,
  ): Promise<T> {
    const connection = this.inFlight === 0 ? this.client : this.batched;
    this.inFlight += 1;
    try {
      return read(await runScript(connection, s, keyCount, keysAndArgs));
    } catch (error) {
      this.slow(error as Error);
      return fallback();
    } finally {
      this.inFlight -= 1;
    }
  }

  private publishChange(change: Omit<RecordChange, 'from'>): void {
    if (!this.shared) return;
    const hash = `${this.prefix}${change.map}`;
    const message = JSON.stringify({ ...change, from: this.instance });
    const pipeline = this.client.pipeline();
    if (change.value === null) pipeline.hdel(hash, change.id);
    else pipeline.hset(hash, change.id, JSON.stringify(change.value));
    pipeline.publish(this.channel, message);
    pipeline.exec().catch((error: Error) => this.slow(error));
  }

  private receive(text: string): void {
    let change: RecordChange;
    try {
      change = JSON.parse(text) as RecordChange;
    } catch {
      return;
    }
    if (change.from === this.instance) return;
    const map = change.map === 'keys' ? this.keys : change.map === 'providers' ? this.providers : null;
    map?.apply(change.id, change.value);
  }

  /** Both connections ready: subscribe, join the health records, and share from now on. */
  private join(): Promise<void> {
    if (
      this.closed ||
      this.client.status !== 'ready' ||
      this.batched.status !== 'ready' ||
      this.subscriber.status !== 'ready'
    )
      return Promise.resolve();
    this.joining ??= (async () => {
      try {
        await this.subscriber.subscribe(this.channel);
        const now = this.options.clock.now();
        for (const map of [this.keys, this.providers] as const) {
          const hash = `${this.prefix}${map.name}`;
          // What this instance learned while Redis was away goes to Redis and to the others.
          const pipeline = this.client.pipeline();
          for (const [id, value] of map.merge(await this.client.hgetall(hash), now)) {
            pipeline.hset(hash, id, JSON.stringify(value));
            pipeline.publish(this.channel, JSON.stringify({ map: map.name, id, value, from: this.instance }));
          }
          await pipeline.exec();
        }
        if (!this.shared && !this.closed) {
          this.shared = true;
          this.reported = false;
          this.options.logger?.info('router state: shared through Redis');
          this.labelChanged();
        }
      } catch (error) {
        this.slow(error as Error);
      } finally {
        this.joining = null;
        for (const listener of this.listeners) listener();
        this.listeners.clear();
      }
    })();
    return this.joining;
  }

  private lose(why: string): void {
    if (this.closed || (!this.shared && this.reported)) return;
    const was = this.shared;
    this.shared = false;
    this.leases.clear();
    this.reported = true;
    this.options.logger?.warn(
      { reason: why },
      'router state: Redis unreachable, serving on local state until it is back',
    );
    if (was) this.labelChanged();
  }

  /**
   * A command failed or timed out (this call used local state): Redis may be stalled with its
   * connection still open, so serve locally and try to join again shortly.
   */
  private slow(error: Error): void {
    this.lose(error.message);
    this.retryJoin();
  }

  private retryJoin(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.join();
    }, RECONNECT_MAX_MS);
    this.retry.unref();
  }
}
