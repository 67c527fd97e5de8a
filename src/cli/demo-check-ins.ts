import { planCheckIns } from '../app/checkins/plan-check-ins.js';
import { loadPlan } from '../app/checkins/load-plan.js';
import type { Config } from '../config/schema.js';
import { loadFlowDirectoryOrThrow } from '../engine/index.js';
import { prismaCheckInStore } from '../persistence/checkin-store.js';
import type { PrivacyTools } from '../persistence/conversation-store.js';
import type { Database } from '../persistence/database.js';

/**
 * Enrols the demo case in the deployment's check-in plan (`CHECKIN_PLAN`): the plan's check-ins are
 * written as rows, each at her next safe moment; the service arms their jobs when it starts (and its
 * reconciler every few minutes), as after any loss of Redis. Enrolling again adds nothing.
 *
 * @returns the case's scheduled check-ins, soonest first.
 */
export async function enrolDemoCase(
  config: Pick<Config, 'FLOWS_DIR' | 'CHECKIN_PLAN' | 'CONTACT_WINDOWS' | 'QUIET_HOURS'>,
  db: Database,
  privacy: PrivacyTools,
  caseId: string,
  now: Date,
): Promise<{ planItem: string | null; flowId: string; dueAt: Date }[]> {
  const flows = await loadFlowDirectoryOrThrow(config.FLOWS_DIR);
  const plan = await loadPlan(config.CHECKIN_PLAN, new Set(flows.keys()));
  const store = prismaCheckInStore(db, privacy);
  const facts = await store.enrollmentFacts(caseId);
  if (!facts) throw new Error(`no case ${caseId}`);
  const { planned } = planCheckIns(
    { plan, policyDefaults: { windows: config.CONTACT_WINDOWS, quiet: config.QUIET_HOURS } },
    { baseAt: facts.baseAt, safeHours: facts.state.safeHours },
    now,
  );
  await store.createMissing(caseId, planned);
  const rows = await db.checkIn.findMany({ where: { caseId, status: 'scheduled' }, orderBy: { dueAt: 'asc' }, select: { planItem: true, flowId: true, dueAt: true } });
  return rows;
}
