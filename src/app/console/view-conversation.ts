import { caseNotFound } from './errors.js';
import { assertCanSee } from './policy.js';
import { urgentLocation } from './urgent-location.js';
import type { AuditTrail, ConsoleCaseStore, ConversationQueries, ConversationRecord, HistoryMessage, StaffIdentity } from './ports.js';
import type { Clock } from '../ports.js';

/** What {@link viewConversation} needs. */
export interface ViewConversationDeps {
  cases: Pick<ConsoleCaseStore, 'facts'>;
  conversations: ConversationQueries;
  audit: AuditTrail;
  clock: Clock;
}

/** The conversation view: the case, and her whole history in and out. */
export interface ConversationView {
  record: ConversationRecord;
  history: HistoryMessage[];
}

/**
 * Opens a case's conversation for `staff`, writing `case.viewed` to the audit log first
 * (safety rule 13). The live refreshes of an open view use {@link conversationParts} and are not
 * audited again.
 *
 * @throws ConsoleError `case_not_found`, `forbidden`.
 */
export async function viewConversation(deps: ViewConversationDeps, staff: StaffIdentity, caseId: string): Promise<ConversationView> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  await deps.audit.record({ staffId: staff.id, action: 'case.viewed', subject: `case:${caseId}` });
  return load(deps, caseId);
}

/**
 * The same content for refreshing a view already open (and audited), after a live event.
 *
 * @throws ConsoleError `case_not_found`, `forbidden`.
 */
export async function conversationParts(
  deps: Omit<ViewConversationDeps, 'audit'>,
  staff: StaffIdentity,
  caseId: string,
): Promise<ConversationView> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  return load(deps, caseId);
}

/**
 * The case's record alone (no history), after the same visibility check: for the parts of the page
 * that show no messages, such as the check-in section.
 */
export async function conversationRecord(deps: Omit<ViewConversationDeps, 'audit'>, staff: StaffIdentity, caseId: string): Promise<ConversationView['record']> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  const record = await deps.conversations.record(caseId, deps.clock.now());
  if (!record) throw caseNotFound();
  return record;
}

async function load(deps: Omit<ViewConversationDeps, 'audit'>, caseId: string): Promise<ConversationView> {
  const [record, history] = await Promise.all([
    deps.conversations.record(caseId, deps.clock.now()),
    deps.conversations.history(caseId),
  ]);
  if (!record) throw caseNotFound();
  return { record: { ...record, urgentLocation: urgentLocation(record, history) }, history };
}
