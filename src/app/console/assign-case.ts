import type { CaseEventBus } from '../ports.js';
import { ConsoleError } from './errors.js';
import { assertCanSee } from './policy.js';
import type { ConsoleCaseStore, StaffAccounts, StaffIdentity } from './ports.js';

/** What {@link assignCase} needs. */
export interface AssignCaseDeps {
  cases: Pick<ConsoleCaseStore, 'facts' | 'withCase'>;
  staff: Pick<StaffAccounts, 'find'>;
  events: Pick<CaseEventBus, 'publish'>;
}

/** Refuses anyone but coordination: only coordinators assign cases. */
export function assertCoordinates(staff: StaffIdentity): void {
  if (staff.role !== 'coordinator') throw new ConsoleError('forbidden', 'Solo coordinación asigna casos.');
}

/**
 * Refuses an assignee who is not a psychologist with an active account; `null` (no one) is always
 * allowed.
 *
 * @throws ConsoleError `invalid_assignee`.
 */
export async function assertAssignable(staff: Pick<StaffAccounts, 'find'>, assigneeId: string | null): Promise<void> {
  if (assigneeId === null) return;
  const assignee = await staff.find(assigneeId);
  if (!assignee || !assignee.active || assignee.role !== 'psychologist') {
    throw new ConsoleError('invalid_assignee', 'Solo se asigna a una psicóloga con cuenta activa.');
  }
}

/**
 * Assigns the case to an active psychologist, or leaves it unassigned (`assigneeId` null). Only
 * coordinators assign. Announced as `attention_changed` (who attends her changed), so inboxes refresh.
 *
 * @throws ConsoleError `forbidden`, `invalid_assignee`, `case_not_found`.
 */
export async function assignCase(deps: AssignCaseDeps, staff: StaffIdentity, caseId: string, assigneeId: string | null): Promise<void> {
  assertCoordinates(staff);
  assertCanSee(staff, await deps.cases.facts(caseId));
  await assertAssignable(deps.staff, assigneeId);
  await deps.cases.withCase(caseId, async (locked) => {
    await locked.assign(assigneeId);
    await locked.audit({ staffId: staff.id, action: 'case.assigned', subject: `case:${caseId}`, detail: { assigneeId } });
  });
  await deps.events.publish({ type: 'attention_changed', caseId });
}
