import type { PendingApproval } from '../../../src-shared/lmc';
import { cancelled } from './reply-stream';

/** A decision on a pending block. `code` replaces the block when the person edited it. */
export interface ApprovalDecision {
  decision: 'run' | 'skip';
  code?: string;
}

/** Where a waiting approval is parked so `AgentService.approve` can answer it. */
export interface ApprovalSlot {
  approval: { request: PendingApproval; resolve: (decision: ApprovalDecision) => void } | null;
}

/** How a wait ended: the person's decision, or `timed_out` when the policy's limit passed first. */
export type ApprovalOutcome = ApprovalDecision | { decision: 'timed_out' };

/**
 * Parks `request` in `slot` until the person answers (AgentService.approve), `declineAfterMs`
 * passes (then `timed_out`), or `signal` aborts (Stop, leaving the session, deleting it): then
 * the promise rejects with the abort reason (AppError `cancelled`). The slot is cleared in
 * every case. `onWaiting` runs once the request is parked (announce it then).
 */
export function waitForApproval(
  slot: ApprovalSlot,
  request: PendingApproval,
  signal: AbortSignal,
  declineAfterMs: number | undefined,
  onWaiting: () => void,
): Promise<ApprovalOutcome> {
  return new Promise<ApprovalOutcome>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason ?? cancelled());
    let timer: NodeJS.Timeout | undefined;
    const settle = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      slot.approval = null;
    };
    const onAbort = (): void => {
      settle();
      reject(signal.reason ?? cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (declineAfterMs !== undefined) {
      timer = setTimeout(() => {
        settle();
        resolve({ decision: 'timed_out' });
      }, declineAfterMs);
    }
    slot.approval = {
      request,
      resolve: (decision) => {
        settle();
        resolve(decision);
      },
    };
    onWaiting();
  });
}
