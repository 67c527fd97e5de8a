import { ConsoleError } from './errors.js';
import { assertCanSee } from './policy.js';
import type { AuditTrail, ConsoleCaseStore, ConversationQueries, StaffIdentity } from './ports.js';
import type { ContactKind } from '../ports.js';

/** What {@link viewMedia} needs. */
export interface ViewMediaDeps {
  cases: Pick<ConsoleCaseStore, 'facts'>;
  conversations: Pick<ConversationQueries, 'mediaFile'>;
  audit: AuditTrail;
}

/** A file she sent, decrypted for the one person allowed to see it now. */
export interface MediaForStaff {
  mime: string;
  kind: ContactKind;
  data: Buffer;
}

/**
 * Opens the voice note, image, video or document of one of her messages for `staff`, who must be
 * allowed to see the case; each opening is written to the audit log first (`case.media_viewed`,
 * naming the contact), as every view of personal data is.
 *
 * @throws ConsoleError `case_not_found` (no such case, or not hers to see), `media_not_found`.
 */
export async function viewMedia(deps: ViewMediaDeps, staff: StaffIdentity, caseId: string, contactId: string): Promise<MediaForStaff> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  const file = await deps.conversations.mediaFile(caseId, contactId);
  if (!file) throw new ConsoleError('media_not_found', 'Ese archivo ya no está guardado (o nunca se pudo descargar).');
  await deps.audit.record({ staffId: staff.id, action: 'case.media_viewed', subject: `case:${caseId}`, detail: { contactId } });
  return file;
}
