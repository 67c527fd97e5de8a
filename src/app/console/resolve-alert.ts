import type { FlowRegistry } from '../flow-registry.js';
import type { CaseEventBus, Clock } from '../ports.js';
import { ConsoleError } from './errors.js';
import { assertCanSee } from './policy.js';
import type { ConsoleCaseStore, StaffIdentity } from './ports.js';
import { rearmLapsedTimeout } from './rearm-lapsed-timeout.js';

/** What {@link resolveAlert} needs. */
export interface ResolveAlertDeps {
  cases: Pick<ConsoleCaseStore, 'facts' | 'withCase'>;
  events: Pick<CaseEventBus, 'publish'>;
  clock: Clock;
  /** For the timeout of the question she is left waiting on, when the case goes back to the bot. */
  flows: FlowRegistry;
}

/**
 * Marks one of the case's alerts attended ("Marcar como atendida"), by whoever may see the case, under
 * the case lock, audited as `case.alert_resolved`. When it was the case's last open alert and nobody
 * is talking with her, the case goes back to the bot as a hand-back that resumes leaves it
 * (`LockedCase.releaseToBot`: urgency and reason cleared, missed check-ins reset; the timeout of her
 * waiting question armed again), so it leaves the inbox's urgent and waiting sections. A chat a person
 * holds, from the console or from the linked phone (`with_person` without a holder), stays with them. Resolving an alert already
 * resolved changes nothing, writes no audit entry and publishes nothing (`alreadyResolved`).
 *
 * @throws ConsoleError `alert_not_found` (no such alert on this case), `case_not_found`, `forbidden`.
 */
export async function resolveAlert(
  deps: ResolveAlertDeps,
  staff: StaffIdentity,
  caseId: string,
  alertId: string,
): Promise<{ alreadyResolved: boolean; backToBot: boolean }> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  const now = deps.clock.now();
  const result = await deps.cases.withCase(caseId, async (locked) => {
    const outcome = await locked.resolveAlert(alertId, staff.id, now);
    if (!outcome) throw new ConsoleError('alert_not_found', 'Esa alerta no existe en este caso.');
    if (!outcome.resolved) return { alreadyResolved: true, backToBot: false };
    const facts = await locked.facts();
    const backToBot = outcome.openLeft === 0 && facts.heldById === null && facts.attention !== 'with_person';
    if (backToBot) {
      await locked.releaseToBot(staff.id, now);
      await rearmLapsedTimeout(locked.conversation, deps.flows, now);
    }
    await locked.audit({
      staffId: staff.id,
      action: 'case.alert_resolved',
      subject: `case:${caseId}`,
      detail: { alertId, ...(backToBot ? { backToBot: true } : {}) },
    });
    return { alreadyResolved: false, backToBot };
  });
  if (!result.alreadyResolved) await deps.events.publish({ type: 'attention_changed', caseId });
  return result;
}
