import type { Clock } from '../ports.js';
import { assertCanSee } from './policy.js';
import type { ConsoleCaseStore, StaffIdentity } from './ports.js';

/** What {@link addNote} needs. */
export interface AddNoteDeps {
  cases: Pick<ConsoleCaseStore, 'facts' | 'withCase'>;
  clock: Clock;
}

/**
 * Adds a private note to the case (encrypted at rest, never sent to her), audited by id.
 *
 * @throws ConsoleError `case_not_found`, `forbidden`.
 */
export async function addNote(deps: AddNoteDeps, staff: StaffIdentity, caseId: string, text: string): Promise<{ noteId: string }> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  return deps.cases.withCase(caseId, async (locked) => {
    const noteId = await locked.addNote(staff.id, text, deps.clock.now());
    await locked.audit({ staffId: staff.id, action: 'case.note_added', subject: `case:${caseId}`, detail: { noteId } });
    return { noteId };
  });
}
