import type { CaseEventBus } from '../ports.js';
import { assertAssignable, assertCoordinates } from './assign-case.js';
import { ConsoleError } from './errors.js';
import type { ConsoleCaseStore, StaffAccounts, StaffIdentity } from './ports.js';

/** What {@link reassignOpenCases} needs. */
export interface ReassignCasesDeps {
  cases: Pick<ConsoleCaseStore, 'withCase' | 'openCaseIdsAssignedTo'>;
  staff: Pick<StaffAccounts, 'find'>;
  events: Pick<CaseEventBus, 'publish'>;
}

/**
 * Moves every open case assigned to the psychologist `fromId` to the active psychologist `toId`, or
 * leaves them unassigned (`toId` null): what coordination does when a psychologist leaves, goes on
 * leave, or carries too many cases. Each case moves in its own transaction under its lock, only if
 * it is still open and hers then (one reassigned or closed meanwhile stays as it is), audited
 * `case.assigned` like a single assignment (`assigneeId`, with `fromId` and `together: true`), and
 * announced as `attention_changed`. A chat someone holds stays with whoever holds it.
 *
 * @throws ConsoleError `forbidden` (not a coordinator), `psychologist_not_found` (`fromId` is no
 *   psychologist's account), `invalid_assignee`.
 */
export async function reassignOpenCases(deps: ReassignCasesDeps, staff: StaffIdentity, fromId: string, toId: string | null): Promise<{ moved: number }> {
  assertCoordinates(staff);
  const from = await deps.staff.find(fromId);
  if (!from || from.role !== 'psychologist') throw new ConsoleError('psychologist_not_found', 'No existe esa psicóloga.');
  await assertAssignable(deps.staff, toId);
  if (toId === fromId) return { moved: 0 };
  let moved = 0;
  for (const caseId of await deps.cases.openCaseIdsAssignedTo(fromId)) {
    const changed = await deps.cases.withCase(caseId, async (locked) => {
      const facts = await locked.facts();
      if (facts.status !== 'open' || facts.assignedStaffId !== fromId) return false;
      await locked.assign(toId);
      await locked.audit({ staffId: staff.id, action: 'case.assigned', subject: `case:${caseId}`, detail: { assigneeId: toId, fromId, together: true } });
      return true;
    });
    if (!changed) continue;
    moved += 1;
    await deps.events.publish({ type: 'attention_changed', caseId });
  }
  return { moved };
}
