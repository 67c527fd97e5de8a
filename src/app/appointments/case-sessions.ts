/** What happens to all of a case's sessions still to happen at once: her consent withdrawn, her case moved. */
import type { Actor } from '../records/ports.js';
import { cancelAppointment, reassignAppointment } from './book-appointment.js';
import type { AppointmentDeps } from './deps.js';
import { AppointmentError } from './errors.js';

/**
 * Cancels every session of the case still to happen, as {@link cancelAppointment} does one (reminders
 * and invitations withdrawn, audited as `appointment.cancel`, she is not written to): what withdrawing
 * her video-call consent stops. A session that changed meanwhile (held, or cancelled by her) is left
 * as it is. Returns how many were cancelled.
 */
export async function cancelCaseSessions(deps: AppointmentDeps, caseId: string, actor: Actor): Promise<number> {
  let cancelled = 0;
  for (const session of await deps.store.upcoming(deps.clock.now(), caseId)) {
    try {
      await cancelAppointment(deps, session.id, actor);
      cancelled += 1;
    } catch (error) {
      if (!(error instanceof AppointmentError && error.code === 'WRONG_STATUS')) throw error;
    }
  }
  return cancelled;
}

/** What {@link giveCaseSessions} did with the case's sessions that `fromId` holds. */
export interface GivenSessions {
  /** Given to the other psychologist. */
  given: number;
  /** Still with `fromId`: nobody to give them to, or the other one cannot take them then. */
  kept: number;
}

/**
 * Gives each session of the case still to happen that the psychologist `fromId` holds to `toId`, as
 * {@link reassignAppointment} does one (same time and link, she is told nothing, audited
 * `appointment.reassign`): what moving her case to another psychologist should bring along. A session
 * `toId` cannot take (busy then, outside her hours or the survivor's) stays with `fromId` and is
 * counted as kept, for the calendar; with `toId` null (the case left unassigned) all are kept. A
 * session that changed meanwhile is skipped.
 */
export async function giveCaseSessions(deps: AppointmentDeps, caseId: string, fromId: string, toId: string | null, actor: Actor): Promise<GivenSessions> {
  const result: GivenSessions = { given: 0, kept: 0 };
  for (const session of await deps.store.upcoming(deps.clock.now(), caseId)) {
    if (session.staffId !== fromId) continue;
    if (toId === null) {
      result.kept += 1;
      continue;
    }
    try {
      await reassignAppointment(deps, session.id, toId, actor);
      result.given += 1;
    } catch (error) {
      if (!(error instanceof AppointmentError)) throw error;
      if (error.code !== 'WRONG_STATUS' && error.code !== 'NOT_FOUND') result.kept += 1;
    }
  }
  return result;
}
