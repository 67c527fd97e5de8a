import type { FlowEvent } from '../engine/index.js';
import type { CaseEventBus } from './ports.js';
import { publishTurnAlerts, type TurnEffects } from './turn-effects.js';

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

/**
 * What a committed turn asks of the rest of the service, in order: its alerts published live, the
 * case's check-ins cancelled, the ones she asked for created (relative to `now`), and a video-call
 * session her answer changed announced.
 */
export async function followUpTurn(
  deps: { events: Pick<CaseEventBus, 'publish'>; checkIns: TurnCheckIns; appointments?: AppointmentAnswers | undefined },
  caseId: string,
  effects: TurnEffects,
  now: Date,
): Promise<void> {
  await publishTurnAlerts(deps.events, caseId, effects);
  if (effects.cancelCheckIns) await deps.checkIns.cancelAll(caseId, effects.cancelCheckIns);
  for (const request of effects.schedule) await deps.checkIns.requested(caseId, request, now);
  if (effects.appointmentId) await deps.appointments?.answered(caseId, effects.appointmentId);
}
