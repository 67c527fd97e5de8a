import type { CheckInDeps } from './deps.js';

/**
 * Cancels every scheduled check-in of a case in one statement (she opted out, withdrew consent, or
 * the follow-up ended), then removes their jobs. A job that fires in between finds the check-in
 * cancelled and sends nothing.
 *
 * @returns how many were cancelled.
 */
export async function cancelCheckIns(
  deps: Pick<CheckInDeps, 'store' | 'scheduler' | 'log'>,
  caseId: string,
  reason: string,
): Promise<number> {
  const cancelled = await deps.store.cancelAllFor(caseId, reason);
  for (const checkIn of cancelled) await deps.scheduler.unschedule(checkIn);
  if (cancelled.length > 0) deps.log.info({ caseId, cancelled: cancelled.length }, 'check-ins cancelled');
  return cancelled.length;
}
