import type { Actor } from '../records/ports.js';
import { cancelAppointment } from './book-appointment.js';
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
