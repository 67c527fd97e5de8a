import type { CaseEventBus, Clock } from '../ports.js';
import { CANCELLED_BY_TAKEOVER } from '../handle-takeover.js';
import { ConsoleError } from './errors.js';
import { assertCanSee } from './policy.js';
import type { ConsoleCaseStore, StaffIdentity } from './ports.js';

/** What {@link takeOver} needs. */
export interface TakeOverDeps {
  cases: Pick<ConsoleCaseStore, 'facts' | 'withCase'>;
  events: Pick<CaseEventBus, 'publish'>;
  clock: Clock;
}

/**
 * Takes the chat: the bot goes silent for the case (its waiting session stays as it is, to be resumed
 * later; what it had queued and not sent yet is withdrawn, as when a person writes from the linked
 * phone) and automated check-ins are held while `attention` is not `bot`. One conditional update, so
 * two people cannot hold the same chat; taking it again when already holding it changes nothing.
 * A psychologist who takes a case nobody is assigned to (an unassigned urgent one) is assigned to it
 * in the same transaction (audited as `case.assigned`, `via: takeover`), so it stays in her inbox
 * after she hands it back; a coordinator taking it assigns nobody.
 *
 * @throws ConsoleError `held_by_other` (with `heldBy`, the holder's name), `case_closed`,
 *   `case_not_found`, `forbidden`.
 */
export async function takeOver(deps: TakeOverDeps, staff: StaffIdentity, caseId: string): Promise<{ alreadyHeld: boolean }> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  const now = deps.clock.now();
  const result = await deps.cases.withCase(caseId, async (locked) => {
    const before = await locked.facts();
    if (before.status === 'closed') throw new ConsoleError('case_closed', 'El seguimiento de este caso ya terminó.');
    if (before.heldById === staff.id) return { alreadyHeld: true };
    if (!(await locked.tryHold(staff.id, now))) {
      const holder = (await locked.facts()).heldByName ?? 'otra persona';
      throw new ConsoleError('held_by_other', `La conversación la tiene ${holder}.`, { heldBy: holder });
    }
    // What the bot queued and has not sent (a paced channel, an unlinked phone) would arrive in the middle of her talk with a person.
    await locked.conversation.cancelQueuedAutomatic(CANCELLED_BY_TAKEOVER, now);
    await locked.audit({ staffId: staff.id, action: 'case.taken_over', subject: `case:${caseId}` });
    if (staff.role === 'psychologist' && before.assignedStaffId === null) {
      await locked.assign(staff.id);
      await locked.audit({ staffId: staff.id, action: 'case.assigned', subject: `case:${caseId}`, detail: { assigneeId: staff.id, via: 'takeover' } });
    }
    return { alreadyHeld: false };
  });
  if (!result.alreadyHeld) await deps.events.publish({ type: 'attention_changed', caseId });
  return result;
}
