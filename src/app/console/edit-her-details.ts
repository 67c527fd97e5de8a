import type { CaseEventBus } from '../ports.js';
import { assertCanSee } from './policy.js';
import type { ConsoleCaseStore, HerDetails, StaffIdentity } from './ports.js';

/** What {@link editHerDetails} needs. */
export interface EditHerDetailsDeps {
  cases: Pick<ConsoleCaseStore, 'facts' | 'withCase'>;
  events: Pick<CaseEventBus, 'publish'>;
}

/**
 * Changes her alias, the language of her texts and the case's risk, by whoever may see the case,
 * under the case's lock. Her alias and language are hers, on every case of hers; her next message
 * from the bot uses them. Audited `case.details_changed` with the names of the fields that changed
 * (`alias`, `language`, `risk`), never their values; a form that changes nothing writes nothing.
 * Returns the names of the fields changed.
 *
 * @throws ConsoleError `case_not_found`, `forbidden`.
 */
export async function editHerDetails(deps: EditHerDetailsDeps, staff: StaffIdentity, caseId: string, details: HerDetails): Promise<(keyof HerDetails)[]> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  const changed = await deps.cases.withCase(caseId, async (locked) => {
    const before = await locked.herDetails();
    const fields = (['alias', 'language', 'risk'] as const).filter((field) => before[field] !== details[field]);
    if (fields.length === 0) return fields;
    await locked.setHerDetails(details);
    await locked.audit({ staffId: staff.id, action: 'case.details_changed', subject: `case:${caseId}`, detail: { fields } });
    return fields;
  });
  if (changed.length > 0) await deps.events.publish({ type: 'attention_changed', caseId });
  return changed;
}
