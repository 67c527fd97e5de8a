import { ConsoleError } from './errors.js';
import { assertHolds, assertMayMessage } from './message-gate.js';
import { assertCanSee } from './policy.js';
import type { CaseFacts, ConsoleCaseStore, LockedCase, StaffIdentity } from './ports.js';

/** What the holder's action needs checked before it runs. */
export interface HeldCaseChecks {
  /** The action sends her messages: the case must be open, she not opted out, her consent in force. */
  messages: boolean;
  /** A coordinator may act on a chat someone else holds (releasing it); the work is told it was forced. */
  coordinatorMayForce?: boolean;
}

/**
 * The prelude of every action of the person holding a chat (write to her, hand back): `staff` may see
 * the case; then, under the case's lock, it is open, she holds the chat (or a coordinator forces it,
 * when allowed) and, when the action sends messages, she may be messaged. Then `work` runs in the
 * same transaction with the facts read under the lock.
 *
 * @throws ConsoleError `case_not_found`, `forbidden`, `case_closed`, `not_holder`, `held_by_other`,
 *   `opted_out`, `no_follow_up_consent`.
 */
export async function withHeldCase<T>(
  cases: Pick<ConsoleCaseStore, 'facts' | 'withCase'>,
  staff: StaffIdentity,
  caseId: string,
  checks: HeldCaseChecks,
  work: (locked: LockedCase, held: { facts: CaseFacts; forced: boolean }) => Promise<T>,
): Promise<T> {
  assertCanSee(staff, await cases.facts(caseId));
  return cases.withCase(caseId, async (locked) => {
    const facts = await locked.facts();
    if (facts.status === 'closed') throw new ConsoleError('case_closed', 'El seguimiento de este caso ya terminó.');
    const forced =
      checks.coordinatorMayForce === true && staff.role === 'coordinator' && facts.heldById !== null && facts.heldById !== staff.id;
    if (!forced) assertHolds(facts, staff.id);
    if (checks.messages) assertMayMessage(facts);
    return work(locked, { facts, forced });
  });
}
