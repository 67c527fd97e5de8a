import type { CaseEventBus, Clock } from '../ports.js';
import { ConsoleError } from './errors.js';
import { assertCanSee } from './policy.js';
import type { ConsoleCaseStore, StaffIdentity } from './ports.js';

/** What {@link resolveAlert} needs. */
export interface ResolveAlertDeps {
  cases: Pick<ConsoleCaseStore, 'facts' | 'withCase'>;
  events: Pick<CaseEventBus, 'publish'>;
  clock: Clock;
}

/**
 * Marks one of the case's alerts attended ("Marcar como atendida"), by whoever may see the case, under
 * the case lock, audited as `case.alert_resolved`. When it was the case's last open alert and nobody
 * holds the chat, the case goes back to the bot as a hand-back leaves it (`LockedCase.releaseToBot`:
 * urgency and reason cleared, missed check-ins reset), so it leaves the inbox's urgent and waiting
 * sections; a held chat stays with its holder until she hands it back. Resolving an alert already
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
    const backToBot = outcome.openLeft === 0 && (await locked.facts()).heldById === null;
    if (backToBot) await locked.releaseToBot(staff.id, now);
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
