import { ConsoleError } from './errors.js';
import { assertCanSee } from './policy.js';
import type { Clock } from '../ports.js';
import type { AuditTrail, ChangedCheckIn, ConsoleCaseStore, FollowUpCheckIns, StaffIdentity } from './ports.js';

/** What sending a scheduled check-in at once needs. */
export interface SendNowDeps {
  cases: Pick<ConsoleCaseStore, 'facts'>;
  checkIns: Pick<FollowUpCheckIns, 'mayInitiateNow' | 'nextSafeMoment' | 'move'>;
  audit: AuditTrail;
  clock: Clock;
}

/**
 * What *Enviar ahora* did: the check-in is due now and goes out at once; or now is outside her safe
 * hours, nothing changed, and it says when her next safe moment is (`null`: none in 60 days).
 */
export type SendNowOutcome = { sent: true; checkIn: ChangedCheckIn } | { sent: false; nextSafeAt: Date | null };

/** The reason recorded on a check-in sent ahead of its time. */
export const SENT_NOW_REASON = 'enviado ahora por coordinación';

/**
 * *Enviar ahora*: a coordinator sends one of the case's scheduled check-ins at once, only when now is
 * inside her safe hours (and the deployment's quiet hours allow it); the firing job checks them again
 * before anything goes out. Outside them nothing changes. Audited either way.
 *
 * @throws ConsoleError `forbidden`, `case_not_found`; the check-in use cases' `CheckInChangeError`
 *   (`NOT_SCHEDULED` when it is not one of the case's scheduled check-ins).
 */
export async function sendCheckInNow(
  deps: SendNowDeps,
  staff: StaffIdentity,
  caseId: string,
  checkInId: string,
): Promise<SendNowOutcome> {
  if (staff.role !== 'coordinator') throw new ConsoleError('forbidden', 'Solo coordinación programa seguimientos.');
  assertCanSee(staff, await deps.cases.facts(caseId));
  if (!(await deps.checkIns.mayInitiateNow(caseId))) {
    const nextSafeAt = await deps.checkIns.nextSafeMoment(caseId);
    await deps.audit.record({ staffId: staff.id, action: 'case.checkin_send_now_refused', subject: `case:${caseId}`, detail: { checkInId } });
    return { sent: false, nextSafeAt };
  }
  const changed = await deps.checkIns.move(caseId, checkInId, deps.clock.now(), SENT_NOW_REASON);
  await deps.audit.record({
    staffId: staff.id,
    action: 'case.checkin_sent_now',
    subject: `case:${caseId}`,
    detail: { checkInId: changed.id, flowId: changed.flowId, dueAt: changed.dueAt.toISOString() },
  });
  return { sent: true, checkIn: changed };
}
