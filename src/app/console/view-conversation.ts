import { caseNotFound } from './errors.js';
import { assertCanSee } from './policy.js';
import { mayHaveUrgentLocation, urgentLocation } from './urgent-location.js';
import type { AuditTrail, ConsoleCaseStore, ConversationQueries, ConversationRecord, HistoryMessage, StaffIdentity } from './ports.js';
import type { Clock } from '../ports.js';

/** What {@link viewConversation} needs. */
export interface ViewConversationDeps {
  cases: Pick<ConsoleCaseStore, 'facts'>;
  conversations: ConversationQueries;
  audit: AuditTrail;
  clock: Clock;
}

/** Messages a conversation page shows at first, and adds with each "ver mensajes anteriores". */
export const HISTORY_PAGE_SIZE = 50;

/** The conversation view: the case, and the part of her history in and out shown (the latest messages). */
export interface ConversationView {
  record: ConversationRecord;
  /** Oldest first: the latest {@link HISTORY_PAGE_SIZE}, or more when earlier ones were asked for. */
  history: HistoryMessage[];
  /** Earlier messages exist than the first shown. */
  hasEarlier: boolean;
}

/**
 * Opens a case's conversation for `staff` at her latest messages (with `before`, a message id: from
 * {@link HISTORY_PAGE_SIZE} messages before it on), writing `case.viewed` to the audit log first
 * (safety rule 13). The live refreshes of an open view use {@link conversationParts} and are not
 * audited again.
 *
 * @throws ConsoleError `case_not_found`, `forbidden`.
 */
export async function viewConversation(deps: ViewConversationDeps, staff: StaffIdentity, caseId: string, before?: string): Promise<ConversationView> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  await deps.audit.record({ staffId: staff.id, action: 'case.viewed', subject: `case:${caseId}` });
  return load(deps, caseId, before);
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

async function load(deps: Omit<ViewConversationDeps, 'audit'>, caseId: string, before?: string): Promise<ConversationView> {
  const [record, page] = await Promise.all([
    deps.conversations.record(caseId, deps.clock.now()),
    deps.conversations.history(caseId, { limit: HISTORY_PAGE_SIZE, before }),
  ]);
  if (!record) throw caseNotFound();
  // The place she shared may be older than the messages shown: it is looked for among her own.
  const places = mayHaveUrgentLocation(record) ? await deps.conversations.sharedLocations(caseId, HISTORY_PAGE_SIZE) : [];
  return { record: { ...record, urgentLocation: urgentLocation(record, places) }, history: page.messages, hasEarlier: page.hasEarlier };
}
