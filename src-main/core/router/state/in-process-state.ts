import type { KeyHealth, ProviderHealth } from '../key-health';
import type { Admission, RateDecision, RouterState, RouterStateLabel, SlotRequest } from './router-state';

/**
 * Router state in this process only (the default, and the Redis state's fallback while Redis
 * is unreachable). Every answer is synchronous. Expired windows are pruned as time passes, so
 * memory stays bounded by the scopes active in the last window.
 */
export class InProcessRouterState implements RouterState {
  readonly keys = new Map<string, KeyHealth>();
  readonly providers = new Map<string, ProviderHealth>();
  /** Request times (ms) per window scope, oldest first; those before `head` have left the window. */
  private readonly slots = new Map<string, { times: number[]; head: number }>();
  private readonly counters = new Map<string, { count: number; resetAt: number }>();
  private nextPrune = 0;
  private last: string | null = null;

  takeSlot(scope: string, limit: number, windowMs: number, now: number): number {
    let window = this.slots.get(scope);
    if (!window) {
      window = { times: [], head: 0 };
      this.slots.set(scope, window);
    }
    // Times are taken in order, so the expired ones are at the front: skip them, compact rarely.
    const { times } = window;
    while (window.head < times.length && (times[window.head] as number) <= now - windowMs) window.head += 1;
    if (window.head > 1024 && window.head * 2 > times.length) {
      times.splice(0, window.head);
      window.head = 0;
    }
    const count = times.length - window.head;
    if (count < limit) {
      times.push(now);
      return 0;
    }
    return Math.max(1, (times[times.length - limit] as number) + windowMs - now);
  }

  hit(scope: string, limit: number, windowMs: number, now: number): RateDecision {
    if (now >= this.nextPrune) {
      for (const [name, window] of this.counters) if (now >= window.resetAt) this.counters.delete(name);
      this.nextPrune = now + windowMs;
    }
    let window = this.counters.get(scope);
    if (!window || now >= window.resetAt) {
      window = { count: 0, resetAt: now + windowMs };
      this.counters.set(scope, window);
    }
    const resetMs = window.resetAt - now;
    if (window.count >= limit) return { allowed: false, limit, remaining: 0, resetMs };
    window.count += 1;
    return { allowed: true, limit, remaining: limit - window.count, resetMs };
  }

  hitAndTakeSlot(scope: string, limit: number, windowMs: number, slot: SlotRequest, now: number): Admission {
    const decision = this.hit(scope, limit, windowMs, now);
    const slotWait = decision.allowed ? this.takeSlot(slot.scope, slot.limit, slot.windowMs, now) : 1;
    return { decision, slotWait };
  }

  claimTurn(ids: string[]): number {
    const at = this.last === null ? -1 : ids.indexOf(this.last);
    const start = at < 0 || at === ids.length - 1 ? 0 : at + 1;
    this.last = ids[start] ?? null;
    return start;
  }

  picked(id: string): void {
    this.last = id;
  }

  label(): RouterStateLabel {
    return 'in-process';
  }

  onLabelChange(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {}
}
