import { Duration } from 'luxon';
import { nextAllowedMoment } from '../safe-hours/next-allowed.js';
import { contactPolicy, safeHoursUnreadable, type ContactPolicy, type WeeklyWindow } from '../safe-hours/policy.js';
import type { CheckInPlan } from './plan.js';
import type { PlannedCheckIn } from './ports.js';

/** What planning a case's check-ins needs besides the case: the plan and the deployment's defaults. */
export interface CheckInPlanning {
  plan: CheckInPlan;
  /** The deployment's default windows (for survivors without their own) and quiet hours. */
  policyDefaults: { windows: readonly WeeklyWindow[]; quiet: ContactPolicy['quiet'] };
}

/**
 * {@link nextAllowedMoment} remembering its answers, for planning many cases at once (an import): cases
 * enrolled late all get their check-in at the same next safe moment after now, worked out once per
 * policy. Pure; the memory lives as long as the returned function.
 */
export function rememberedNextAllowed(): (policy: ContactPolicy, at: Date) => Date | null {
  const answers = new Map<string, Date | null>();
  return (policy, at) => {
    const key = `${at.getTime()}|${JSON.stringify(policy)}`;
    if (!answers.has(key)) answers.set(key, nextAllowedMoment(policy, at));
    const answer = answers.get(key)!;
    return answer && new Date(answer.getTime());
  };
}

/** Why a plan item was left out, for the log (ids only). */
export interface SkippedPlanItem {
  planItem: string;
  reason: 'past_its_limit' | 'superseded_by_a_later_overdue_one' | 'no_safe_moment';
}

/**
 * Turns the plan into the check-ins of one case, pure: each item is due its offset after `baseAt` (the
 * intervention), moved into her next safe moment. Items whose `before` limit has passed are left out;
 * of the items already overdue at `now` only the latest is kept (a case enrolled late, as from an import
 * of past interventions, gets one check-in now, not a burst of them).
 *
 * @example
 * planCheckIns(planning, { baseAt: new Date('2026-01-10T14:00:00Z'), safeHours: null }, new Date('2026-01-11T15:00:00Z'))
 * // { planned: [{ planItem: 'primer_contacto', dueAt: 2026-01-11T15:00:00Z, … }, { planItem: 'dia_3', … }, …], skipped: [] }
 */
export function planCheckIns(
  planning: CheckInPlanning,
  facts: { baseAt: Date; safeHours: unknown },
  now: Date,
  nextAllowed: (policy: ContactPolicy, at: Date) => Date | null = nextAllowedMoment,
): { planned: PlannedCheckIn[]; skipped: SkippedPlanItem[] } {
  // Planning only picks when each is due: each is checked again when due, and with her stored hours
  // unreadable it goes to a person then. Planned on the default windows meanwhile, none is lost.
  const policy = contactPolicy(safeHoursUnreadable(facts.safeHours) ? null : facts.safeHours, planning.policyDefaults);
  const base = facts.baseAt.getTime();
  const at = now.getTime();
  const items = planning.plan.checkins.map((item) => ({
    item,
    plannedAt: base + Duration.fromISO(item.after).toMillis(),
    latest: item.before ? base + Duration.fromISO(item.before).toMillis() : null,
  }));
  const skipped: SkippedPlanItem[] = [];
  const live = items.filter(({ item, latest }) => {
    if (latest !== null && at >= latest) {
      skipped.push({ planItem: item.id, reason: 'past_its_limit' });
      return false;
    }
    return true;
  });
  const overdue = live.filter((i) => i.plannedAt < at);
  const lastOverdue = overdue.reduce<(typeof overdue)[number] | null>((last, i) => (!last || i.plannedAt >= last.plannedAt ? i : last), null);

  const planned: PlannedCheckIn[] = [];
  for (const { item, plannedAt } of live) {
    if (plannedAt < at && item !== lastOverdue?.item) {
      skipped.push({ planItem: item.id, reason: 'superseded_by_a_later_overdue_one' });
      continue;
    }
    const target = Math.max(plannedAt, at);
    const due = nextAllowed(policy, new Date(target));
    if (!due) {
      skipped.push({ planItem: item.id, reason: 'no_safe_moment' });
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
  return { planned, skipped };
}
