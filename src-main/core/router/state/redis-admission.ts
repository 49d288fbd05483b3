import type { Clock } from '../../clock';
import type { MaybePromise, RateDecision } from './router-state';

/**
 * One admission as the ADMIT script takes it: a count in a fixed window and/or a slot in a
 * sliding window (a limit of 0 leaves that part out). Keys are full Redis keys.
 */
export interface AdmissionAsk {
  counterKey: string;
  /** Requests allowed per counter window; 0 = no counter. */
  counterLimit: number;
  counterWindowMs: number;
  slotKey: string;
  /** Slots per sliding window; 0 = no slot. */
  slotLimit: number;
  slotWindowMs: number;
}

/** ADMIT's answer (see redis-scripts.ts). */
export interface Admitted {
  allowed: boolean;
  /** ms until the counter's window resets. */
  resetMs: number;
  /** The counter's count after this request (leased admissions included). */
  count: number;
  /** 0: the slot was taken (or there is none); else ms until the window may have room. */
  slotWait: number;
  /** Admissions leased along with this one. */
  leased: number;
}

/** What the leases need from the Redis state. */
export interface LeaseDependencies {
  clock: Clock;
  /** A member unique across instances and calls (leased slots are `member#1` … `member#n`). */
  member(now: number): string;
  /** Runs ADMIT; null when Redis did not answer (the caller answers from local state). */
  admit(
    ask: AdmissionAsk,
    now: number,
    member: string,
    take: boolean,
    want: number,
  ): Promise<Admitted | null>;
  /** Runs RETURN_LEASE without waiting: uncounts `count` admissions from `first` and frees their slots. */
  giveBack(ask: AdmissionAsk, resetAt: number | null, member: string, first: number, count: number): void;
}

/** How long a lease may be drawn on, in ms (as stale as shared key health may be: instances obey a change within 100 ms). */
export const LEASE_MS = 100;
/** Admissions asked for per lease (the script grants fewer near a limit, none for small limits). */
export const LEASE_SIZE = 32;
/** A new lease is asked for in the background when this many are left. */
const REFILL_AT = LEASE_SIZE / 4;
/** Scopes whose last ask is remembered (for "asked recently"); the memory is cleared beyond this. */
const MAX_TRACKED = 4096;

interface Lease {
  member: string;
  granted: number;
  used: number;
  /** Clock ms until which it may be drawn on. */
  until: number;
  /** Clock ms when the counter's window resets (never, without a counter). */
  resetAt: number;
  /** The counter's count right after the grant. */
  countAfter: number;
}

/**
 * Leased admissions: when one instance keeps asking for the same admission (a client's count
 * with the global RPM slot, say) while the limits are far from reached, Redis grants it a small
 * batch along with one answer — counted and slotted in Redis at once, so the instances together
 * still never pass a limit — and the instance hands them out without a round trip for up to
 * LEASE_MS, asking for the next batch in the background before this one runs out. What is not
 * used by then is given back. The price: up to LEASE_SIZE admissions (never more than 1/32 of
 * what is left under a limit; none for limits under 32) are held by one instance for up to
 * 100 ms, and a leased slot stays in the window until a full window after the lease ends
 * rather than after its use. Near a limit, every request asks Redis, exactly as without leases.
 */
export class AdmissionLeases {
  private readonly leases = new Map<string, Lease[]>();
  private readonly lastAsked = new Map<string, number>();
  /** Lease requests in flight, by admission. */
  private readonly asking = new Map<string, Promise<Admitted | null>>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly deps: LeaseDependencies) {}

  /**
   * Admits one request: from a lease when one is at hand (synchronously); else, while a lease
   * is being asked for, after that answer (from the new lease, or by its own ADMIT when none
   * came); else by ADMIT, asking for a lease too when the same admission was asked for within
   * LEASE_MS. Null when Redis did not answer.
   */
  admit(ask: AdmissionAsk, now: number): MaybePromise<Admitted | null> {
    // The limits belong to the key: a changed limit never draws on a lease granted under the old one.
    const key = `${ask.counterKey}\n${ask.counterLimit}\n${ask.slotKey}\n${ask.slotLimit}`;
    const recent = (this.lastAsked.get(key) ?? Number.NEGATIVE_INFINITY) > now - LEASE_MS;
    if (this.lastAsked.size >= MAX_TRACKED) this.lastAsked.clear();
    this.lastAsked.set(key, now);
    const leased = this.draw(key, ask, now);
    if (leased) return leased;
    const asking = this.asking.get(key);
    if (asking) return this.after(asking, key, ask, now);
    return this.ask(key, ask, now, true, recent ? LEASE_SIZE : 0);
  }

  /** Drops every lease without giving it back (Redis is gone; its windows expire on their own). */
  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.leases.clear();
    this.asking.clear();
  }

  private draw(key: string, ask: AdmissionAsk, now: number): Admitted | null {
    const queue = this.leases.get(key);
    if (!queue) return null;
    const lease = queue.find((l) => l.used < l.granted && now < l.until && now < l.resetAt);
    if (!lease) return null;
    lease.used += 1;
    const left = queue.reduce((sum, l) => sum + (now < l.until ? l.granted - l.used : 0), 0);
    if (left <= REFILL_AT) this.refill(key, ask, now);
    return {
      allowed: true,
      resetMs: lease.resetAt - now,
      count: lease.countAfter - (lease.granted - lease.used),
      slotWait: 0,
      leased: 0,
    };
  }

  /** Waits for a lease asked for; draws on it, or on the next one while leases keep coming; else asks alone. */
  private after(
    asking: Promise<Admitted | null>,
    key: string,
    ask: AdmissionAsk,
    now: number,
  ): Promise<Admitted | null> {
    return asking.then((answer) => {
      const leased = this.draw(key, ask, now);
      if (leased) return leased;
      const next = this.asking.get(key);
      if (next && answer && answer.leased > 0) return this.after(next, key, ask, now);
      return this.ask(key, ask, now, true, 0);
    });
  }

  private refill(key: string, ask: AdmissionAsk, now: number): void {
    if (!this.asking.has(key)) void this.ask(key, ask, now, false, LEASE_SIZE);
  }

  /** Runs ADMIT (`take`: for this request too); a lease asked for is kept, and awaited by others meanwhile. */
  private ask(
    key: string,
    ask: AdmissionAsk,
    now: number,
    take: boolean,
    want: number,
  ): Promise<Admitted | null> {
    const member = this.deps.member(now);
    const answer = this.deps.admit(ask, now, member, take, want).then((admitted) => {
      if (this.asking.get(key) === answer) this.asking.delete(key);
      if (admitted) this.keep(key, ask, member, admitted, now);
      return admitted;
    });
    if (want > 0) this.asking.set(key, answer);
    return answer;
  }

  private keep(key: string, ask: AdmissionAsk, member: string, admitted: Admitted, now: number): void {
    if (admitted.leased <= 0) return;
    const lease: Lease = {
      member,
      granted: admitted.leased,
      used: 0,
      until: now + LEASE_MS,
      resetAt: ask.counterLimit > 0 ? now + admitted.resetMs : Number.POSITIVE_INFINITY,
      countAfter: admitted.count,
    };
    let queue = this.leases.get(key);
    if (!queue) {
      queue = [];
      this.leases.set(key, queue);
    }
    queue.push(lease);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const at = queue.indexOf(lease);
      if (at >= 0) queue.splice(at, 1);
      if (queue.length === 0 && this.leases.get(key) === queue) this.leases.delete(key);
      const unused = lease.granted - lease.used;
      if (unused > 0)
        this.deps.giveBack(
          ask,
          ask.counterLimit > 0 ? lease.resetAt : null,
          ask.slotLimit > 0 ? member : '',
          lease.used + 1,
          unused,
        );
    }, LEASE_MS);
    timer.unref();
    this.timers.add(timer);
  }
}

/** ADMIT's keys and arguments (see redis-scripts.ts). */
export function admitArgs(
  ask: AdmissionAsk,
  now: number,
  member: string,
  take: boolean,
  want: number,
): Array<string | number> {
  return [
    ask.counterKey,
    ask.slotKey,
    now,
    ask.counterWindowMs,
    ask.counterLimit,
    ask.slotWindowMs,
    ask.slotLimit,
    member,
    take ? 1 : 0,
    want,
    LEASE_MS,
  ];
}

/** Placeholders for an admission without a counter or without a slot (a limit of 0 leaves the key alone). */
export const NO_COUNTER = { counterKey: '', counterLimit: 0, counterWindowMs: 0 };
export const NO_SLOT = { slotKey: '', slotLimit: 0, slotWindowMs: 0 };

/** ADMIT's reply {allowed 0/1, ms until reset, count, slot wait, leased}. */
export function admittedOf(reply: unknown): Admitted {
  const [allowed, resetMs, count, slotWait, leased] = (reply as unknown[]).map(Number);
  return {
    allowed: allowed === 1,
    resetMs: resetMs ?? 0,
    count: count ?? 0,
    slotWait: slotWait ?? 1,
    leased: leased ?? 0,
  };
}

/** A fixed-window decision from an admission. */
export function decisionOf(admitted: Admitted, limit: number): RateDecision {
  return {
    allowed: admitted.allowed,
    limit,
    remaining: Math.max(0, limit - admitted.count),
    resetMs: admitted.resetMs,
  };
}
