import { allowedUntil, isAllowed, nextAllowedMoment } from '../safe-hours/next-allowed.js';
import { contactPolicy } from '../safe-hours/policy.js';
import type { CheckInDeps } from './deps.js';
import { LAST_START_BEFORE_END_MS } from '../send-outbound.js';

/**
 * Whether a message initiated by a check-in may go out now: inside her safe hours and the
 * deployment's quiet hours. Called just before each send, so a retry that drifts out of her window
 * is caught.
 */
export async function mayInitiateNow(deps: Pick<CheckInDeps, 'store' | 'policyDefaults' | 'clock'>, caseId: string): Promise<boolean> {
  const state = await deps.store.contactState(caseId);
  return isAllowed(contactPolicy(state.safeHours, deps.policyDefaults), deps.clock.now());
}

/**
 * Until when a message initiated by a check-in may go out, if it may now (`null` otherwise): the end
 * of her safe hours under way. A send that waits for its turn checks the clock against it afterwards.
 * Without a case (`caseId` `null`: a number that wrote without one), the deployment's hours.
 */
export async function mayInitiateUntil(deps: Pick<CheckInDeps, 'store' | 'policyDefaults' | 'clock'>, caseId: string | null): Promise<Date | null> {
  const safeHours = caseId === null ? null : (await deps.store.contactState(caseId)).safeHours;
  return allowedUntil(contactPolicy(safeHours, deps.policyDefaults), deps.clock.now());
}

/**
 * Puts back a sent check-in whose opening could not go out inside her safe hours (a retry drifted out
 * of her window): it is scheduled again at her next safe moment and the conversation it began is
 * ended, so it starts afresh then. A message held back in the last seconds of her window (see
 * {@link LAST_START_BEFORE_END_MS}) moves to her next window, not to the seconds left of this one.
 */
export async function postponeCheckIn(deps: CheckInDeps, checkInId: string): Promise<Date | null> {
  const reopened = await deps.store.withCheckIn(checkInId, async (unit) => {
    const policy = contactPolicy(unit.state.safeHours, deps.policyDefaults);
    const due = nextAllowedMoment(policy, new Date(deps.clock.now().getTime() + LAST_START_BEFORE_END_MS));
    if (!due) return null;
    const row = await unit.reopen(due, 'envío pospuesto: se salió de su horario');
    if (row) await unit.conversation.endActiveSession('pospuesta');
    return row;
  });
  if (!reopened) return null;
  await deps.scheduler.schedule(reopened);
  deps.log.info({ checkInId }, 'check-in postponed to her next safe moment');
  return reopened.dueAt;
}
