import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Settings } from '../../../src-shared/settings';
import type { AppError } from '../errors';
import type { ProviderRouter } from '../router/router';
import { parseModel } from './models';
import type { FixedWindowLimiter, RateDecision } from './rate-limit';

/** Requests whose slot in the global RPM window was taken with their per-client count. */
const slotsTaken = new WeakSet<FastifyRequest>();

/** Whether `request`'s global RPM slot is already taken (pass as the router's `rpmSlotTaken`). */
export function rpmSlotTaken(request: FastifyRequest): boolean {
  return slotsTaken.has(request);
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
 * Redis, where every count is a round trip: it is made once the body is parsed (preHandler)
 * instead of on arrival, so that for a routed model (`<provider>/<model>`) the count and the
 * call's slot in the global requests-per-minute window go to Redis as one script — one round
 * trip on the way to the provider instead of two. The limit is the same: a refused request
 * takes no slot and is answered 429 before its handler runs; a request that fails before its
 * handler (bad JSON) is counted when its answer is sent. Other requests, and every request
 * with in-process state, are counted on arrival as before.
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
   * Counts a deferred request (once; null when it is not deferred or already counted): with
   * the global RPM slot when its body names a routed model. Answers the error to send, or null.
   */
  count(request: FastifyRequest, reply: FastifyReply): Promise<AppError | null> | null {
    if (!this.deferred.delete(request)) return null;
    const { limiter, limited } = this.deps;
    const slot = this.routed(request.body) ? this.deps.router.globalSlot() : null;
    if (!slot)
      return Promise.resolve(limiter.hit(request.ip, this.deps.perClient())).then((d) => limited(d, reply));
    return Promise.resolve(limiter.hitAndTakeSlot(request.ip, this.deps.perClient(), slot)).then(
      ({ decision, slotWait }) => {
        if (decision.allowed && slotWait === 0) slotsTaken.add(request);
        return limited(decision, reply);
      },
    );
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
