import type { CaseEventBus, Clock, ContactChannel } from '../ports.js';
import type { AuditTrail, FollowUpCheckIns, StaffIdentity } from './ports.js';
import { ConsoleError } from './errors.js';

/**
 * A number that wrote without an open case, as the coordinators' review shows it: never the number
 * itself (revealed only with a reason, audited).
 *
 * @example
 * { id: '0193…', firstSeenAt: 2026-12-01T17:00Z, lastSeenAt: 2026-12-02T09:10Z, messageCount: 3,
 *   emergencyAt: 2026-12-02T09:10Z, reviewedAt: null }
 */
export interface UnknownSenderSummary {
  id: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** Her messages, answered or not. */
  messageCount: number;
  /** When the number last wrote an emergency word, or `null`. */
  emergencyAt: Date | null;
  /** When the number last wrote a risk signal («tengo miedo»…), or `null`. */
  riskAt: Date | null;
  /** When a coordinator marked it reviewed (cleared when it writes again), or `null`. */
  reviewedAt: Date | null;
}

/** One message of the number's conversation with the service, decrypted for the coordinator. */
export interface UnknownSenderMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  /** `text`, or what she sent instead (a voice note, a photo…: its file is not shown here). */
  kind: string;
  /** The text or caption, or `null` (a file without caption, or removed by retention). */
  text: string | null;
  /** Who wrote it: the number (`survivor`), the service's automatic reply (`system`), or a coordinator (`staff`). */
  author: 'survivor' | 'bot' | 'staff' | 'system';
  /** `received` for hers; for the service's, how far it went (`queued` … `read`, or `failed`). */
  status: string;
  at: Date;
  /** Hers edited on her phone: when, and the new text (`null` once retention removed it). */
  edited: { at: Date; text: string | null } | null;
  /** When she deleted it for everyone on her phone. */
  deletedAt: Date | null;
}

/** When, and on which channel, a number without a case last wrote to the service. */
export interface LastWritten {
  channel: ContactChannel;
  at: Date;
}

/**
 * The follow-up that ended of the woman this number belongs to (her survivor record still has it):
 * she writes again after her case was closed.
 */
export interface ClosedCaseOfNumber {
  caseId: string;
  alias: string;
  folio: string | null;
  closedAt: Date | null;
}

/** Why linking a number to a case was refused. */
export type LinkRefusal = 'not_found' | 'case_not_found' | 'case_closed' | 'number_taken';

/** The numbers without a case, as the review reads and changes them. */
export interface UnknownSenderQueries {
  /** Those not reviewed, an emergency word first, then a risk signal, then the latest to write; and the latest reviewed; at most `limit` each. */
  list(limit: number): Promise<{ pending: UnknownSenderSummary[]; reviewed: UnknownSenderSummary[] }>;
  /** How many are not reviewed, and how many of those wrote an emergency word, or else a risk signal. */
  pendingCount(): Promise<{ pending: number; emergency: number; risk: number }>;
  /** One number's summary and its messages, oldest first; `null` when there is none (linked, or removed by retention). */
  find(id: string): Promise<{ sender: UnknownSenderSummary; messages: UnknownSenderMessage[] } | null>;
  /** The number, decrypted; `null` when there is none. Only {@link revealUnknownNumber} calls this. */
  phoneOf(id: string): Promise<string | null>;
  /** The case `caseRef` (its id or its folio) names, or `null`. */
  caseToLink(caseRef: string): Promise<CaseToLink | null>;
  /** Marks it reviewed at `at`; false when there is none. */
  markReviewed(id: string, at: Date): Promise<boolean>;
  /**
   * Makes the number the one of the open case `caseRef` (its id or its folio), in one transaction
   * under the case's lock: her survivor record takes the number, the number's messages join the case,
   * and the number leaves the review. Refused when another survivor has the number (a closed case of
   * hers, or someone else's).
   */
  linkToCase(id: string, caseRef: string): Promise<{ linked: true; caseId: string } | { linked: false; refusal: LinkRefusal }>;
  /**
   * Under the number's lock: `check` sees when and on which channel it last wrote (`null` when none of
   * its messages is left) and throws to refuse; then `text` is recorded as a message from `staffId` to
   * the number, on that channel, queued under a fresh batch key. `null` when there is no such number
   * (linked to a case meanwhile, or removed by retention), with nothing recorded.
   */
  recordStaffMessage(
    id: string,
    message: { text: string; staffId: string },
    check: (last: LastWritten | null) => void,
  ): Promise<{ contactId: string; batchKey: string } | null>;
  /** Her newest case, when the number is a survivor's whose newest case is closed; otherwise `null`. */
  closedCaseOf(id: string): Promise<ClosedCaseOfNumber | null>;
  /**
   * Opens again the newest case of the survivor the number belongs to, in one transaction under the
   * case's lock, when it is closed: it waits for a person (`attention` with `reason`, urgent when the
   * number wrote an emergency word or a risk signal), the number's messages join it, and the number leaves the
   * review. Refused, with nothing changed, when the number is gone (`not_found`) or is no survivor's
   * whose newest case is closed (`no_closed_case`).
   */
  reopenClosedCase(id: string, options: { at: Date; reason: string }): Promise<{ caseId: string } | { refusal: 'not_found' | 'no_closed_case' }>;
}

/** What the review's use cases need. */
export interface UnknownSenderDeps {
  unknownSenders: UnknownSenderQueries;
  audit: AuditTrail;
  /** Coordinators' screens redraw their count when a number is reviewed or linked; her case's page when linked. */
  events: Pick<CaseEventBus, 'publish'>;
  /** A case that had no number is enrolled in the plan once it has one (if she consented). */
  checkIns: Pick<FollowUpCheckIns, 'enroll'>;
}

/** The case a number would be linked to, as the confirmation names it. */
export interface CaseToLink {
  caseId: string;
  alias: string;
  folio: string | null;
  open: boolean;
}

/** How many numbers each part of the review lists. */
export const REVIEW_LIMIT = 200;

/** Why a case reopened from the review waits for a person, as her case shows it. */
export const REOPENED_REASON = 'Volvió a escribir después de terminar su seguimiento';

/**
 * She writes again after her follow-up ended, from the number her case has: a coordinator opens that
 * case again. It waits for a person (urgent if the number wrote an emergency word or a risk signal), her messages join
 * it, and the number leaves the review; audited as `case.reopened`. The bot does not write to her
 * until a person hands the chat back; check-ins are planned by hand, as the person decides.
 *
 * @throws ConsoleError `forbidden`, `unknown_sender_not_found`, `case_not_found` (no closed case of hers has the number).
 */
export async function reopenClosedCase(deps: UnknownSenderDeps & { clock: Clock }, staff: StaffIdentity, id: string): Promise<{ caseId: string }> {
  assertCoordinator(staff);
  const reopened = await deps.unknownSenders.reopenClosedCase(id, { at: deps.clock.now(), reason: REOPENED_REASON });
  if ('refusal' in reopened) {
    throw reopened.refusal === 'not_found'
      ? unknownSenderNotFound()
      : new ConsoleError('case_not_found', 'Este número no es de una mujer cuyo seguimiento terminó: no hay un caso que reabrir.');
  }
  await deps.audit.record({ staffId: staff.id, action: 'case.reopened', subject: `case:${reopened.caseId}`, detail: { unknownSenderId: id } });
  await deps.events.publish({ type: 'unknown_number', caseId: null });
  await deps.events.publish({ type: 'attention_changed', caseId: reopened.caseId });
  return reopened;
}

/**
 * Refuses anyone but a coordinator: only coordination reviews numbers without a case.
 *
 * @throws ConsoleError `forbidden`.
 */
export function assertCoordinator(staff: StaffIdentity): void {
  if (staff.role !== 'coordinator') throw new ConsoleError('forbidden', 'Solo coordinación revisa los números sin caso.');
}

/** The coordinators' review: numbers not reviewed (an emergency word first) and the latest reviewed. */
export async function listUnknownSenders(deps: UnknownSenderDeps, staff: StaffIdentity) {
  assertCoordinator(staff);
  return deps.unknownSenders.list(REVIEW_LIMIT);
}

/**
 * One number's messages, for a coordinator, audited as `unknown_sender.viewed`, with the case of the
 * woman it belongs to when her follow-up ended (`closedCase`, else `null`).
 *
 * @throws ConsoleError `forbidden`, `unknown_sender_not_found`.
 */
export async function viewUnknownSender(deps: UnknownSenderDeps, staff: StaffIdentity, id: string) {
  assertCoordinator(staff);
  const found = await deps.unknownSenders.find(id);
  if (!found) throw unknownSenderNotFound();
  await deps.audit.record({ staffId: staff.id, action: 'unknown_sender.viewed', subject: `unknown:${id}` });
  return { ...found, closedCase: await deps.unknownSenders.closedCaseOf(id) };
}

/**
 * The number itself, to a coordinator who gives a reason: audited (`unknown_sender.phone_revealed`,
 * the reason sealed) before it is returned.
 *
 * @throws ConsoleError `forbidden`, `unknown_sender_not_found`.
 */
export async function revealUnknownNumber(deps: UnknownSenderDeps, staff: StaffIdentity, id: string, reason: string): Promise<{ phone: string }> {
  assertCoordinator(staff);
  const phone = await deps.unknownSenders.phoneOf(id);
  if (!phone) throw unknownSenderNotFound();
  await deps.audit.record({ staffId: staff.id, action: 'unknown_sender.phone_revealed', subject: `unknown:${id}`, sealed: { reason } });
  return { phone };
}

/**
 * Marks the number reviewed (it leaves the list of those to review until it writes again), audited.
 *
 * @throws ConsoleError `forbidden`, `unknown_sender_not_found`.
 */
export async function markUnknownReviewed(deps: UnknownSenderDeps, staff: StaffIdentity, id: string, at: Date): Promise<void> {
  assertCoordinator(staff);
  if (!(await deps.unknownSenders.markReviewed(id, at))) throw unknownSenderNotFound();
  await deps.audit.record({ staffId: staff.id, action: 'unknown_sender.reviewed', subject: `unknown:${id}` });
  await deps.events.publish({ type: 'unknown_number', caseId: null });
}

/**
 * What linking the number to `caseRef` would do, for the coordinator to confirm: the open case it
 * names, with her alias (the bot and the staff would write to this number as hers). Changes nothing.
 *
 * @throws ConsoleError `forbidden`, `unknown_sender_not_found`, `case_not_found`, `case_closed`.
 */
export async function previewLink(deps: UnknownSenderDeps, staff: StaffIdentity, id: string, caseRef: string): Promise<CaseToLink> {
  assertCoordinator(staff);
  if (!(await deps.unknownSenders.find(id))) throw unknownSenderNotFound();
  const target = await deps.unknownSenders.caseToLink(caseRef);
  if (!target) throw LINK_REFUSALS.case_not_found();
  if (!target.open) throw LINK_REFUSALS.case_closed();
  return target;
}

const LINK_REFUSALS: Record<Exclude<LinkRefusal, 'not_found'>, () => ConsoleError> = {
  case_not_found: () => new ConsoleError('case_not_found', 'No hay un caso con ese folio o número de caso.'),
  case_closed: () => new ConsoleError('case_closed', 'Ese caso está cerrado: solo se puede vincular a un caso abierto.'),
  number_taken: () => new ConsoleError('number_taken', 'Ese número ya es de otra persona registrada (quizá de un caso cerrado). No se vinculó.'),
};

/**
 * Her new number: the number becomes the one of the open case `caseRef` (its id or folio; her
 * messages join it, the bot and the staff write to her there from now on), audited as
 * `unknown_sender.linked` on the case. A case with follow-up consent but no number until now is
 * enrolled in the check-in plan. Returns the case's id and how many check-ins that planned.
 *
 * @throws ConsoleError `forbidden`, `unknown_sender_not_found`, `case_not_found`, `case_closed`, `number_taken`.
 */
export async function linkUnknownSender(deps: UnknownSenderDeps, staff: StaffIdentity, id: string, caseRef: string): Promise<{ caseId: string; checkInsPlanned: number }> {
  assertCoordinator(staff);
  const result = await deps.unknownSenders.linkToCase(id, caseRef);
  if (!result.linked) throw result.refusal === 'not_found' ? unknownSenderNotFound() : LINK_REFUSALS[result.refusal]();
  await deps.audit.record({ staffId: staff.id, action: 'unknown_sender.linked', subject: `case:${result.caseId}`, detail: { unknownSenderId: id } });
  // A 911 call that left no number could not be followed up: with her number now, it can (items already planned are kept).
  const checkInsPlanned = await deps.checkIns.enroll(result.caseId);
  await deps.events.publish({ type: 'unknown_number', caseId: null });
  await deps.events.publish({ type: 'attention_changed', caseId: result.caseId });
  return { caseId: result.caseId, checkInsPlanned };
}

/** The refusal for a number no longer in the review (linked to a case, or removed by retention). */
export function unknownSenderNotFound(): ConsoleError {
  return new ConsoleError('unknown_sender_not_found', 'Ese número ya no está en la revisión (se vinculó a un caso o se borró por antigüedad).');
}
