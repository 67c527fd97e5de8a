import type { CaseEventBus, Clock } from '../ports.js';
import { ConsoleError } from './errors.js';
import { assertCanSee } from './policy.js';
import type { ConsoleCaseStore, FollowUpCheckIns, StaffIdentity } from './ports.js';

/** What {@link reopenCase} needs. */
export interface ReopenCaseDeps {
  cases: Pick<ConsoleCaseStore, 'facts' | 'withCase'>;
  checkIns: Pick<FollowUpCheckIns, 'resumePlan'>;
  events: Pick<CaseEventBus, 'publish'>;
  clock: Clock;
}

/** Why a follow-up opened again from its case page waits for a person, as the case shows it. */
export const REOPENED_FROM_CASE = 'Seguimiento reabierto desde el caso';

/**
 * Opens again a follow-up that was ended (by mistake, or because she needs it again), by whoever may
 * see the case, under the case's lock, audited as `case.reopened`. The case waits for a person: the bot
 * does not write to her until someone takes the chat and hands it back. The plan items cancelled when
 * it ended whose time has not passed are planned again from now. Returns how many.
 *
 * @throws ConsoleError `case_not_found`, `forbidden`, `case_open` (it was not closed).
 */
export async function reopenCase(deps: ReopenCaseDeps, staff: StaffIdentity, caseId: string): Promise<{ checkInsPlanned: number }> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  const now = deps.clock.now();
  await deps.cases.withCase(caseId, async (locked) => {
    if (!(await locked.reopen(now, REOPENED_FROM_CASE))) throw new ConsoleError('case_open', 'El seguimiento de este caso sigue abierto.');
    await locked.audit({ staffId: staff.id, action: 'case.reopened', subject: `case:${caseId}` });
  });
  const checkInsPlanned = await deps.checkIns.resumePlan(caseId);
  await deps.events.publish({ type: 'attention_changed', caseId });
  return { checkInsPlanned };
}
