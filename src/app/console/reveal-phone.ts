import { ConsoleError } from './errors.js';
import { assertCanSee } from './policy.js';
import type { AuditTrail, ConsoleCaseStore, StaffIdentity } from './ports.js';

/** What {@link revealPhone} needs. */
export interface RevealPhoneDeps {
  cases: Pick<ConsoleCaseStore, 'facts' | 'phoneOf'>;
  audit: AuditTrail;
}

/**
 * Reveals her phone number to a staff member who gives a reason (safety rule 10). The reveal is
 * written to the audit log, with the reason (encrypted: it is free text), before the number is returned; if that write fails,
 * nothing is revealed.
 *
 * @throws ConsoleError `no_phone`, `case_not_found`, `forbidden`.
 */
export async function revealPhone(deps: RevealPhoneDeps, staff: StaffIdentity, caseId: string, reason: string): Promise<{ phone: string }> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  const phone = await deps.cases.phoneOf(caseId);
  if (!phone) throw new ConsoleError('no_phone', 'Este caso no tiene número registrado.');
  await deps.audit.record({ staffId: staff.id, action: 'case.phone_revealed', subject: `case:${caseId}`, sealed: { reason } });
  return { phone };
}
