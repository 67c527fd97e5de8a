import type { FlowEvent } from '../engine/index.js';

/*
 * What a turn asks of other parts of the service once its transaction has committed: ports that both
 * her message (`handle-inbound.ts`) and a question's timeout (`session-timeouts.ts`) use, kept here so
 * neither of them imports the other.
 */

/** What a turn asks of check-in scheduling, after its transaction committed. */
export interface TurnCheckIns {
  /** Cancels every scheduled check-in of the case. */
  cancelAll(caseId: string, reason: string): Promise<unknown>;
  /** Creates the check-in a flow asked for (she said "más tarde", "mañana a las 5"…). */
  requested(caseId: string, request: Extract<FlowEvent, { type: 'schedule_checkin' }>, now: Date): Promise<unknown>;
}

/** What follows, after the commit, her answer about a video-call session. */
export interface AppointmentAnswers {
  answered(caseId: string, appointmentId: string): Promise<unknown>;
}
