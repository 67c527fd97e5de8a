import type { CheckInDeps } from './deps.js';
import { planCheckIns } from './plan-check-ins.js';
import type { CheckInRow } from './ports.js';
import { mayBeContacted } from '../may-be-contacted.js';
import { NO_FOLLOW_UP_CONSENT } from './ports.js';

/**
 * Enrols a case with follow-up consent in the check-in plan: each plan item becomes a check-in row,
 * due its offset after the intervention and moved into her next safe slot ({@link planCheckIns}), and a
 * delayed job. Enrolling again creates nothing new, except that a plan item cancelled when due because
 * her follow-up consent was withdrawn (`NO_FOLLOW_UP_CONSENT`) is scheduled again, as planned from now
 * (one whose time has passed stays cancelled, as late enrolment would skip it); `revive` names other
 * reasons whose cancelled items are planned again so (a follow-up reopened: `ENDED_BY_STAFF`, `CASE_CLOSED`).
 *
 * @returns the check-ins created or scheduled again now (empty when she has no consent, no number, or all exist).
 */
export async function enrollCase(deps: CheckInDeps, caseId: string, options: { revive?: readonly string[] } = {}): Promise<CheckInRow[]> {
  const facts = await deps.store.enrollmentFacts(caseId);
  if (!facts) throw new Error(`no case ${caseId}`);
  const { state, baseAt } = facts;
  if (!mayBeContacted(state)) return [];

  const { planned, skipped } = planCheckIns(deps, { baseAt, safeHours: state.safeHours }, deps.clock.now());
  for (const item of skipped.filter((s) => s.reason === 'no_safe_moment')) {
    deps.log.warn({ caseId, planItem: item.planItem }, 'no safe moment for a planned check-in within the search horizon');
  }
  // Given again after a withdrawal: what was cancelled for want of it is planned again from now.
  const created = await deps.store.createMissing(caseId, planned, { revive: options.revive ?? [NO_FOLLOW_UP_CONSENT] });
  for (const checkIn of created) await deps.scheduler.schedule(checkIn);
  if (created.length > 0) deps.log.info({ caseId, checkIns: created.length }, 'case enrolled in follow-up');
  return created;
}
