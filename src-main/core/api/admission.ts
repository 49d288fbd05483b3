import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Settings } from '../../../src-shared/settings';
import type { AppError } from '../errors';
import type { CallAdmission, ProviderRouter } from '../router/router';
import { parseModel } from './models';
import type { FixedWindowLimiter, RateDecision } from './rate-limit';

/** Routed requests whose per-client count (with their global RPM slot) is on its way to Redis. */
const pending = new WeakMap<FastifyRequest, Promise<CallAdmission>>();

/**
 * The pending admission of a routed request, for the router's `admission` option (undefined
 * when the request was counted before its handler). Taken once.
 */
export function admissionOf(request: FastifyRequest): Promise<CallAdmission> | undefined {
  const admission = pending.get(request);
  pending.delete(request);
  return admission;
}

/** What the deferred count needs from the server. */
export interface AdmissionDeps {
  limiter: FixedWindowLimiter;
  router: ProviderRouter;
  settings: () => Settings;
  perClient: () => number;
  /** Sets the `X-RateLimit-*` headers; answers the 429 error for a refused request, else null. */
  limited: (decision: RateDecision | null, reply: FastifyReply) => AppError | null;
}

/**
 * The per-client count of `POST /v1/chat/completions` while the router state is shared through
 * Redis, where a count may be a round trip (unless a lease answers it, see redis-admission.ts): it
 * is made once the body is parsed (preHandler)
 * instead of on arrival, so that for a routed model (`<provider>/<model>`) the count and the
 * call's slot in the global requests-per-minute window go to Redis as one script — one round
 * trip on the way to the provider instead of two — and the handler prepares the call while
 * the answer travels: the router waits for it before the call takes a slot or reaches a
 * provider (`admissionOf`). The limit is the same: a refused request takes no slot, reaches no
 * provider and is answered 429 (unless its body is invalid: then 400, counted all the same);
 * a request that fails before its handler (bad JSON) is counted when its answer is sent.
 * Other requests, and every request with in-process state, are counted on arrival as before.
 */
export class DeferredAdmission {
  private readonly deferred = new WeakSet<FastifyRequest>();

  constructor(private readonly deps: AdmissionDeps) {}

  /** Defers `request`'s count when it is one of those described above; answers whether it did. */
  defer(request: FastifyRequest): boolean {
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') return false;
    if (this.deps.perClient() <= 0 || !this.deps.limiter.remote()) return false;
    if (this.deps.router.globalSlot() === null) return false;
    this.deferred.add(request);
    return true;
  }

  /**
   * Counts a deferred request (once; null when it is not deferred or already counted). When
   * its body names a routed model, the count goes with the global RPM slot and is left pending
   * for the router (answers null: the handler runs at once); else answers the error to send,
   * or null.
   */
  count(request: FastifyRequest, reply: FastifyReply): Promise<AppError | null> | null {
    if (!this.deferred.delete(request)) return null;
    const { limiter, limited } = this.deps;
    const slot = this.routed(request.body) ? this.deps.router.globalSlot() : null;
    if (!slot)
      return Promise.resolve(limiter.hit(request.ip, this.deps.perClient())).then((d) => limited(d, reply));
    const admission = Promise.resolve(limiter.hitAndTakeSlot(request.ip, this.deps.perClient(), slot)).then(
      ({ decision, slotWait }): CallAdmission => ({
        error: limited(decision, reply),
        rpmSlotTaken: decision.allowed && slotWait === 0,
      }),
      (error: unknown): CallAdmission => ({
        error: error instanceof Error ? error : new Error(String(error)),
        rpmSlotTaken: false,
      }),
    );
    pending.set(request, admission);
    return null;
  }

  private routed(body: unknown): boolean {
    const model = (body as { model?: unknown } | null | undefined)?.model;
    if (typeof model !== 'string') return false;
    try {
      return parseModel(model, this.deps.settings()).kind === 'routed';
    } catch {
      return false;
    }
  }
}
