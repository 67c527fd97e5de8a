import { Duration } from 'luxon';
import { nextAllowedMoment } from '../safe-hours/next-allowed.js';
import { contactPolicy } from '../safe-hours/policy.js';
import type { CheckInDeps } from './deps.js';
import type { CheckInRow, PlannedCheckIn } from './ports.js';

/**
 * Enrols a case with follow-up consent in the check-in plan: each plan item becomes a check-in row,
 * due its offset after the intervention and moved into her next safe slot, and a delayed job.
 * Items whose `before` limit has already passed are not created. Enrolling again creates nothing new.
 *
 * @returns the check-ins created now (empty when she has no consent, no number, or all exist).
 */
export async function enrollCase(deps: CheckInDeps, caseId: string): Promise<CheckInRow[]> {
  const facts = await deps.store.enrollmentFacts(caseId);
  if (!facts) throw new Error(`no case ${caseId}`);
  const { state, baseAt } = facts;
  if (!state.caseOpen || !state.followUpConsent || !state.hasPhone || state.optedOut) return [];

  const policy = contactPolicy(state.safeHours, deps.policyDefaults);
  const now = deps.clock.now().getTime();
  const planned: PlannedCheckIn[] = [];
  for (const item of deps.plan.checkins) {
    const plannedAt = baseAt.getTime() + Duration.fromISO(item.after).toMillis();
    const latest = item.before ? baseAt.getTime() + Duration.fromISO(item.before).toMillis() : null;
    const target = Math.max(plannedAt, now);
    if (latest !== null && target >= latest) continue;
    const due = nextAllowedMoment(policy, new Date(target));
    if (!due) {
      deps.log.warn({ caseId, planItem: item.id }, 'no safe moment for a planned check-in within the search horizon');
      continue;
    }
    planned.push({
      planItem: item.id,
      flowId: item.flow,
      plannedAt: new Date(plannedAt),
      dueAt: due,
      movedReason: due.getTime() > target ? 'fuera de su horario' : target > plannedAt ? 'inscrita después de la hora planeada' : null,
    });
  }
  const created = await deps.store.createMissing(caseId, planned);
  for (const checkIn of created) await deps.scheduler.schedule(checkIn);
  if (created.length > 0) deps.log.info({ caseId, checkIns: created.length }, 'case enrolled in follow-up');
  return created;
}
