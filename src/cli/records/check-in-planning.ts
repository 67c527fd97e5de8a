import type { CheckInPlanning } from '../../app/checkins/plan-check-ins.js';
import { loadPlan, PlanValidationError } from '../../app/checkins/load-plan.js';
import type { Config } from '../../config/schema.js';
import { indexFlowDirectory } from '../../engine/index.js';

/**
 * The check-in plan (`CHECKIN_PLAN`, checked against the flows in `FLOWS_DIR`) and the contact hours
 * (`CONTACT_WINDOWS`, `QUIET_HOURS`) a command enrols cases with: the same the service uses.
 *
 * @returns the planning, or the problems (`file:line:column: message`) that make the plan unusable.
 */
export async function loadCheckInPlanning(config: Config): Promise<{ ok: true; planning: CheckInPlanning } | { ok: false; problems: string[] }> {
  const flowIds = new Set((await indexFlowDirectory(config.FLOWS_DIR)).keys());
  try {
    const plan = await loadPlan(config.CHECKIN_PLAN, flowIds);
    return { ok: true, planning: { plan, policyDefaults: { windows: config.CONTACT_WINDOWS, quiet: config.QUIET_HOURS } } };
  } catch (error) {
    if (error instanceof PlanValidationError) return { ok: false, problems: error.problems };
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, problems: [`${config.CHECKIN_PLAN}: no such file (CHECKIN_PLAN)`] };
    throw error;
  }
}
