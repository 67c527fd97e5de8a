import { ConsoleError } from './errors.js';
import { assertCanSee } from './policy.js';
import type { AuditTrail, ChangedCheckIn, ConsoleCaseStore, FollowUpCheckIns, StaffIdentity } from './ports.js';

/** What the check-in changes from the conversation page need. */
export interface CaseCheckInDeps {
  cases: Pick<ConsoleCaseStore, 'facts'>;
  checkIns: Pick<FollowUpCheckIns, 'add' | 'move' | 'cancel'>;
  audit: AuditTrail;
}

/** A change to one of the case's check-ins, as the conversation page asks for it. */
export type CheckInChange =
  | { kind: 'add'; flowId: string; at: Date }
  | { kind: 'move'; checkInId: string; at: Date; reason: string }
  | { kind: 'cancel'; checkInId: string; reason: string };

const ACTIONS = { add: 'case.checkin_added', move: 'case.checkin_moved', cancel: 'case.checkin_cancelled' } as const;

/**
 * Adds, moves or cancels a check-in of the case from its conversation page. Coordinators schedule (the
 * unit's rule); the check-in use cases move a time outside her safe hours to her next safe moment.
 * Audited with the check-in's id and when it is due (a reason she gave stays in the check-in row).
 *
 * @throws ConsoleError `forbidden` (not a coordinator), `case_not_found`; the check-in use cases'
 *   `CheckInChangeError` (not scheduled, no safe moment, not reachable, unknown flow).
 */
export async function changeCaseCheckIn(
  deps: CaseCheckInDeps,
  staff: StaffIdentity,
  caseId: string,
  change: CheckInChange,
): Promise<ChangedCheckIn> {
  if (staff.role !== 'coordinator') throw new ConsoleError('forbidden', 'Solo coordinación programa seguimientos.');
  assertCanSee(staff, await deps.cases.facts(caseId));
  const changed =
    change.kind === 'add'
      ? await deps.checkIns.add({ caseId, flowId: change.flowId, at: change.at, staffId: staff.id })
      : change.kind === 'move'
        ? await deps.checkIns.move(caseId, change.checkInId, change.at, change.reason)
        : await deps.checkIns.cancel(caseId, change.checkInId, change.reason);
  await deps.audit.record({
    staffId: staff.id,
    action: ACTIONS[change.kind],
    subject: `case:${caseId}`,
    detail: { checkInId: changed.id, flowId: changed.flowId, dueAt: changed.dueAt.toISOString() },
  });
  return changed;
}
