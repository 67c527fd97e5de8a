import { addCheckIn } from '../checkins/staff-check-ins.js';
import type { Actor } from '../records/ports.js';
import type { AppointmentDeps } from './deps.js';
import { AppointmentError } from './errors.js';
import { ACTIVE_STATUSES, type AppointmentRow } from './ports.js';

/** When the check-in proposed after a session held is due: a week later (then moved into her safe hours). */
const FOLLOW_UP_AFTER_MS = 7 * 86_400_000;

/** Who closes a session: its psychologist, or a coordinator. */
export interface Closer extends Actor {
  role: 'psychologist' | 'coordinator' | 'admin';
}

/**
 * After the session: its psychologist (or a coordinator) marks it `done` or `no_show` with an outcome
 * (stored encrypted). Only a session that has started and is still active. A session held records a
 * contact of channel `video` against the case (the reports count it) and proposes the next check-in
 * (the follow-up flow, a week later, in her safe hours).
 *
 * @throws AppointmentError `NOT_FOUND` (also for another psychologist's session), `NOT_YET`, `WRONG_STATUS`
 */
export async function closeAppointment(
  deps: AppointmentDeps,
  appointmentId: string,
  result: { status: 'done' | 'no_show'; outcome: string },
  closer: Closer,
): Promise<{ appointment: AppointmentRow; nextCheckInId: string | null }> {
  const current = await deps.store.find(appointmentId);
  if (!current || (closer.role === 'psychologist' && current.staffId !== closer.staffId)) throw new AppointmentError('NOT_FOUND', 'no such session');
  const now = deps.clock.now();
  if (current.startsAt.getTime() > now.getTime()) throw new AppointmentError('NOT_YET', 'the session has not started yet');
  const closed = await deps.store.setStatus(appointmentId, { status: result.status, from: ACTIVE_STATUSES, outcome: result.outcome });
  if (!closed) throw new AppointmentError('WRONG_STATUS', `a ${current.status} session cannot be closed`);
  await deps.scheduler.unscheduleReminders(closed);
  let nextCheckInId: string | null = null;
  if (result.status === 'done') {
    await deps.store.recordVideoContact(closed, now);
    const next = await addCheckIn(deps.checkIns, {
      caseId: closed.caseId,
      flowId: deps.flows.followUp,
      at: new Date(now.getTime() + FOLLOW_UP_AFTER_MS),
      staffId: closer.staffId,
    }).catch((error: unknown) => {
      // She may have opted out meanwhile: the session is still recorded; nobody is written to.
      deps.log.warn({ appointmentId, err: { name: (error as Error).name } }, 'no follow-up check-in after the session');
      return null;
    });
    nextCheckInId = next?.id ?? null;
  }
  await deps.audit.record({
    staffId: closer.staffId,
    via: closer.via,
    action: `appointment.${result.status}`,
    subject: `case:${closed.caseId}`,
    detail: { appointmentId, ...(nextCheckInId ? { checkInId: nextCheckInId } : {}) },
  });
  await deps.events.publish({ type: 'appointment_changed', caseId: closed.caseId, appointmentId });
  return { appointment: closed, nextCheckInId };
}
