import type { CaseEventBus } from '../ports.js';
import { assertAssignable, assertCoordinates } from './assign-case.js';
import { ConsoleError } from './errors.js';
import type { ConsoleCaseStore, StaffAccounts, StaffIdentity, VideoCallSessions } from './ports.js';

/** What {@link reassignOpenCases} and {@link distributeUnassignedCases} need. */
export interface ReassignCasesDeps {
  cases: Pick<ConsoleCaseStore, 'withCase' | 'openCaseIdsAssignedTo' | 'openCaseCountsByAssignee'>;
  staff: Pick<StaffAccounts, 'find'>;
  events: Pick<CaseEventBus, 'publish'>;
  videoCalls: Pick<VideoCallSessions, 'giveUpcoming'>;
}

/** What {@link reassignOpenCases} did. */
export interface ReassignedCases {
  /** Open cases that moved. */
  moved: number;
  /** Video-call sessions still to happen of those cases given to the new psychologist with them. */
  sessionsGiven: number;
  /** Those that stay with the psychologist the cases left: not asked for, nobody to give them to, or the new one busy then. */
  sessionsKept: number;
}

/**
 * Moves every open case assigned to the psychologist `fromId` to the active psychologist `toId`, or
 * leaves them unassigned (`toId` null): what coordination does when a psychologist leaves, goes on
 * leave, or carries too many cases. Each case moves in its own transaction under its lock, only if
 * it is still open and hers then (one reassigned or closed meanwhile stays as it is), audited
 * `case.assigned` like a single assignment (`assigneeId`, with `fromId` and `together: true`), and
 * announced as `attention_changed`. A chat someone holds stays with whoever holds it. With
 * `withSessions`, each moved case's video-call sessions still to happen that `fromId` holds go to
 * `toId` too (same time and link; one `toId` cannot take stays, counted as kept); otherwise they stay
 * with `fromId`, counted as kept, for the calendar.
 *
 * @throws ConsoleError `forbidden` (not a coordinator), `psychologist_not_found` (`fromId` is no
 *   psychologist's account), `invalid_assignee`.
 */
export async function reassignOpenCases(
  deps: ReassignCasesDeps,
  staff: StaffIdentity,
  fromId: string,
  toId: string | null,
  options: { withSessions: boolean },
): Promise<ReassignedCases> {
  assertCoordinates(staff);
  const from = await deps.staff.find(fromId);
  if (!from || from.role !== 'psychologist') throw new ConsoleError('psychologist_not_found', 'No existe esa psicóloga.');
  await assertAssignable(deps.staff, toId);
  const result: ReassignedCases = { moved: 0, sessionsGiven: 0, sessionsKept: 0 };
  if (toId === fromId) return result;
  for (const caseId of await deps.cases.openCaseIdsAssignedTo(fromId)) {
    if (!(await moveCase(deps, staff, caseId, { fromId, toId }))) continue;
    result.moved += 1;
    const sessions = await deps.videoCalls.giveUpcoming(caseId, fromId, options.withSessions ? toId : null, { staffId: staff.id, via: 'console' });
    result.sessionsGiven += sessions.given;
    result.sessionsKept += sessions.kept;
  }
  return result;
}

/**
 * Shares out every open case nobody is assigned (an import brings hundreds, and a psychologist sees
 * only hers and the urgent ones): oldest first, each to whichever of the chosen active psychologists
 * has the fewest open cases at that moment (the first chosen on a tie). Each case moves as in
 * {@link reassignOpenCases}, audited `case.assigned` with `together: true`. Returns how many each got.
 *
 * @throws ConsoleError `forbidden`, `invalid_assignee` (one chosen is no active psychologist).
 */
export async function distributeUnassignedCases(deps: ReassignCasesDeps, staff: StaffIdentity, psychologistIds: readonly string[]): Promise<{ moved: number; given: Map<string, number> }> {
  assertCoordinates(staff);
  const chosen = [...new Set(psychologistIds)];
  for (const id of chosen) await assertAssignable(deps.staff, id);
  const given = new Map(chosen.map((id) => [id, 0]));
  if (chosen.length === 0) return { moved: 0, given };
  const counts = await deps.cases.openCaseCountsByAssignee();
  const load = new Map(chosen.map((id) => [id, counts.get(id) ?? 0]));
  let moved = 0;
  for (const caseId of await deps.cases.openCaseIdsAssignedTo(null)) {
    const toId = chosen.reduce((least, id) => (load.get(id)! < load.get(least)! ? id : least));
    if (!(await moveCase(deps, staff, caseId, { fromId: null, toId }))) continue;
    load.set(toId, load.get(toId)! + 1);
    given.set(toId, given.get(toId)! + 1);
    moved += 1;
  }
  return { moved, given };
}

/** Moves one case from `fromId` to `toId` under its lock, if it is still open and assigned to `fromId`; announced live. */
async function moveCase(deps: ReassignCasesDeps, staff: StaffIdentity, caseId: string, move: { fromId: string | null; toId: string | null }): Promise<boolean> {
  const changed = await deps.cases.withCase(caseId, async (locked) => {
    const facts = await locked.facts();
    if (facts.status !== 'open' || facts.assignedStaffId !== move.fromId) return false;
    await locked.assign(move.toId);
    await locked.audit({ staffId: staff.id, action: 'case.assigned', subject: `case:${caseId}`, detail: { assigneeId: move.toId, fromId: move.fromId, together: true } });
    return true;
  });
  if (changed) await deps.events.publish({ type: 'attention_changed', caseId });
  return changed;
}
