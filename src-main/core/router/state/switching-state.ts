import type { Clock } from '../../clock';
import type { Logger } from '../../log';
import type { KeyHealth, ProviderHealth } from '../key-health';
import { InProcessRouterState } from './in-process-state';
import { RedisRouterState } from './redis-state';
import type {
  Admission,
  MaybePromise,
  RateDecision,
  RecordMap,
  RouterState,
  RouterStateLabel,
  SlotRequest,
} from './router-state';

/** How long opening a Redis state waits for the first connection before serving locally (ms). */
export const FIRST_CONNECT_WAIT_MS = 1_000;

/**
 * Opens the router state for a Redis URL: in process when `url` is empty, else shared through
 * Redis — waiting up to FIRST_CONNECT_WAIT_MS for it, then serving locally while it keeps
 * trying (an unreachable Redis never stops the app from starting).
 */
export async function openRouterState(
  url: string,
  deps: { clock: Clock; logger?: Logger },
): Promise<RouterState> {
  if (url.trim() === '') return new InProcessRouterState();
  const state = new RedisRouterState({
    url: url.trim(),
    clock: deps.clock,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  await state.whenShared(FIRST_CONNECT_WAIT_MS);
  return state;
}

/** A RecordMap that reads and writes whichever map `current()` answers. */
function follow<V>(current: () => RecordMap<V>): RecordMap<V> {
  return {
    get: (id) => current().get(id),
    set: (id, value) => current().set(id, value),
    delete: (id) => current().delete(id),
    get size() {
      return current().size;
    },
  };
}

/**
 * The router state the app holds: one of the two implementations, replaceable while running
 * (the desktop app's Redis field in Settings → Local API applies at once). What the old state
 * knew is not carried over: a new Redis state starts from what Redis holds.
 */
export class SwitchingRouterState implements RouterState {
  readonly keys: RecordMap<KeyHealth> = follow(() => this.current.keys);
  readonly providers: RecordMap<ProviderHealth> = follow(() => this.current.providers);

  private readonly listeners = new Set<() => void>();
  private unfollow: () => void;

  constructor(private current: RouterState) {
    this.unfollow = current.onLabelChange(() => this.changed());
  }

  /** Uses `next` from now on and closes the previous state. */
  async use(next: RouterState): Promise<void> {
    const previous = this.current;
    this.unfollow();
    this.current = next;
    this.unfollow = next.onLabelChange(() => this.changed());
    this.changed();
    await previous.close();
  }

  onLabelChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  takeSlot(scope: string, limit: number, windowMs: number, now: number): MaybePromise<number> {
    return this.current.takeSlot(scope, limit, windowMs, now);
  }

  hit(scope: string, limit: number, windowMs: number, now: number): MaybePromise<RateDecision> {
    return this.current.hit(scope, limit, windowMs, now);
  }

  hitAndTakeSlot(
    scope: string,
    limit: number,
    windowMs: number,
    slot: SlotRequest,
    now: number,
  ): MaybePromise<Admission> {
    return this.current.hitAndTakeSlot(scope, limit, windowMs, slot, now);
  }

  claimTurn(ids: string[]): MaybePromise<number> {
    return this.current.claimTurn(ids);
  }

  picked(id: string): void {
    this.current.picked(id);
  }

  label(): RouterStateLabel {
    return this.current.label();
  }

  close(): Promise<void> {
    this.unfollow();
    return this.current.close();
  }
}
