/**
 * The ports of the staff console's use cases: what they need from persistence, declared here and
 * implemented in src/persistence/console/. Each use case takes only the part it needs (`Pick<…>`).
 */
import type { Language } from '../../engine/index.js';
import type { Attention, CaseConversation, ContactChannel, ContactKind, SharedLocation } from '../ports.js';
import type { Actor, AuditEntry } from '../audit/ports.js';
import type { InboxGroup } from './inbox-groups.js';
import type { SafeHours } from '../safe-hours/policy.js';

export type { AuditAction, AuditEntry, AuditTrail } from '../audit/ports.js';

/** What a staff member may do: psychologists follow their cases, coordinators see all and assign, admins manage accounts. */
export type StaffRole = 'psychologist' | 'coordinator' | 'admin';

/** Every role, in the order screens list them. */
export const STAFF_ROLES: readonly StaffRole[] = ['psychologist', 'coordinator', 'admin'];

/** Who is acting: enough to decide what they may see and do. */
export interface StaffIdentity {
  id: string;
  role: StaffRole;
}

/** A staff account as the console shows it (never its password hash). */
export interface StaffMember extends StaffIdentity {
  email: string;
  displayName: string;
  active: boolean;
  /** An admin set a temporary password: she must choose her own before anything else. */
  mustChangePassword: boolean;
  createdAt: Date;
}

/** How soon a person must look at a case. */
export type Urgency = 'none' | 'normal' | 'urgent';

/**
 * What the visibility rule and the console's actions need to know about one case.
 *
 * @example
 * { "id": "0193…", "status": "open", "attention": "waiting_person", "urgency": "urgent", "heldById": null,
 *   "heldByName": null, "assignedStaffId": null, "hasOpenUrgentAlert": true, "followUpConsent": true,
 *   "videoCallConsent": false, "optedOut": false, "alias": "Luz", "language": "es-MX" }
 */
export interface CaseFacts {
  id: string;
  status: 'open' | 'closed';
  attention: Attention;
  urgency: Urgency;
  heldById: string | null;
  /** Display name of the staff member holding the chat, for "la tiene Ana". */
  heldByName: string | null;
  assignedStaffId: string | null;
  hasOpenUrgentAlert: boolean;
  /** The newest follow-up consent decision is a yes. */
  followUpConsent: boolean;
  /** The newest video-call consent decision is a yes. */
  videoCallConsent: boolean;
  /** She opted out and has not written since. */
  optedOut: boolean;
  alias: string;
  language: Language;
}

/** The unit's risk assessment of a case. */
export type RiskLevel = 'low' | 'medium' | 'high';

/**
 * What staff keep about her besides the conversation: the alias her messages call her by (`NO_ALIAS`
 * when she has none), the language of her texts, and the case's risk.
 */
export interface HerDetails {
  alias: string;
  language: Language;
  risk: RiskLevel;
}

/** One case under its row lock, inside one transaction: everything done here commits together. */
export interface LockedCase {
  /** The case's facts as committed (read under the lock). */
  facts(): Promise<CaseFacts>;
  /** When she last wrote on the case (any channel), or `null`. */
  herLastMessageAt(): Promise<Date | null>;
  /** The ids of the case's alerts still open. */
  openAlertIds(): Promise<string[]>;
  /** Her safe hours as stored (`Survivor.safeHours`, unchecked), or `null`. */
  storedSafeHours(): Promise<unknown>;
  /** Stores her safe hours (`null`: the deployment's, with no blocked period). */
  setSafeHours(safeHours: SafeHours | null): Promise<void>;
  /** Stores the keyed hash of her code word (`null`: she has none). */
  setCodeWordHash(hash: string | null): Promise<void>;
  /** Her alias and language (hers, on every case of hers) and the case's risk, as stored. */
  herDetails(): Promise<HerDetails>;
  /** Stores her alias and language, and the case's risk. */
  setHerDetails(details: HerDetails): Promise<void>;
  /** The conversation writes shared with the inbound handler (sessions, outbound contacts). */
  readonly conversation: CaseConversation;
  /**
   * Takes the chat for `staffId` with one conditional update (`… WHERE heldById IS NULL OR heldById = me`):
   * `attention = with_person`, `heldById = staffId`, `attentionSince` kept or set to `at`. False when
   * someone else holds it or the case is closed.
   */
  tryHold(staffId: string, at: Date): Promise<boolean>;
  /**
   * Gives the chat back to the bot: `attention = bot`, nobody holds it, urgency and reason cleared,
   * missed check-ins reset, the case's open alerts resolved by `staffId`.
   */
  releaseToBot(staffId: string, at: Date): Promise<void>;
  /**
   * Marks the case's alert `alertId` attended by `staffId` (`resolvedAt = at`), only if it is still
   * open: `null` when the case has no such alert, else whether this call resolved it and how many of
   * the case's alerts are still open after it.
   */
  resolveAlert(alertId: string, staffId: string, at: Date): Promise<ResolvedAlert | null>;
  /**
   * Ends the follow-up: closed with `outcome`, waiting sessions ended, the bot's messages not sent yet
   * withdrawn (`CANCELLED_CASE_CLOSED`; a person's own still go); check-ins: {@link FollowUpCheckIns}.
   */
  close(outcome: string, at: Date): Promise<void>;
  /**
   * Opens the follow-up again, if it is closed: waiting for a person (`reason`), its outcome and
   * counters of missed and failed messages cleared. Returns whether it was closed.
   */
  reopen(at: Date, reason: string): Promise<boolean>;
  /** Sets (or clears) the assigned psychologist. */
  assign(staffId: string | null): Promise<void>;
  /** Stores a private note (encrypted); returns its id. */
  addNote(staffId: string, text: string, at: Date): Promise<string>;
  /** Writes an audit entry in the same transaction. */
  audit(entry: AuditEntry): Promise<void>;
  /** Records her decision on one purpose, given to `staffId` at `at` (source `console`). */
  recordConsent(decision: { purpose: ConsentPurpose; granted: boolean }, staffId: string, at: Date): Promise<void>;
}

/** What a consent covers: the follow-up on WhatsApp, video calls, her registration in BANAVIM. */
export type ConsentPurpose = 'follow_up' | 'video_call' | 'banavim';

/** Her video-call sessions, as the console changes them when her consent changes. */
export interface VideoCallSessions {
  /** Cancels her sessions still to happen (each audited by `actor`; she is not written to); returns how many. */
  cancelUpcoming(caseId: string, actor: Actor): Promise<number>;
  /**
   * Gives her sessions still to happen that `fromId` holds to `toId` (same time and link, she is told
   * nothing, each audited by `actor`); those `toId` cannot take then, or all with `toId` null, stay
   * with `fromId` and are counted as kept.
   */
  giveUpcoming(caseId: string, fromId: string, toId: string | null, actor: Actor): Promise<{ given: number; kept: number }>;
}

/** What {@link LockedCase.resolveAlert} did. */
export interface ResolvedAlert {
  /** False when the alert was already resolved (nothing changed). */
  resolved: boolean;
  /** The case's alerts still open afterwards. */
  openLeft: number;
}

/** The cases as the console acts on them. */
export interface ConsoleCaseStore {
  /** The case's facts without taking its lock; `null` when there is no such case. */
  facts(caseId: string): Promise<CaseFacts | null>;
  /** Runs `work` in one transaction holding the case's lock (the same lock the inbound handler takes). */
  withCase<T>(caseId: string, work: (locked: LockedCase) => Promise<T>): Promise<T>;
  /** Her decrypted number, or `null` when the case has none. Only {@link revealPhone} calls this. */
  phoneOf(caseId: string): Promise<string | null>;
  /** The open cases assigned to `staffId` (`null`: to nobody), oldest first. */
  openCaseIdsAssignedTo(staffId: string | null): Promise<string[]>;
  /** How many open cases each psychologist has assigned, by staff id (none: absent). */
  openCaseCountsByAssignee(): Promise<Map<string, number>>;
}

/** A case as an inbox row needs it. */
export interface InboxCase {
  id: string;
  /** The 911 unit's folio, when the case came from an intervention. */
  folio?: string | null;
  alias: string;
  status: 'open' | 'closed';
  attention: Attention;
  urgency: Urgency;
  attentionReason: string | null;
  attentionSince: Date | null;
  heldById: string | null;
  heldByName: string | null;
  assignedStaffId: string | null;
  assignedName: string | null;
  /** Open alerts of the case, oldest first. */
  openAlerts: { kind: string; urgency: Urgency; reason: string; createdAt: Date }[];
  /** A flow session waits for her answer. */
  botConversation: boolean;
  lastContactAt: Date | null;
  createdAt: Date;
}

/** A check-in as a staff change left it: when it is due, and whether her safe hours moved it. */
export interface ChangedCheckIn {
  id: string;
  caseId: string;
  flowId: string;
  dueAt: Date;
  status: string;
}

/**
 * The case's scheduled check-ins, as the check-in use cases manage them (rows and their delayed jobs).
 * A time outside her safe hours moves to her next safe moment. Refusals are the check-in use cases'
 * `CheckInChangeError` (src/app/checkins/staff-check-ins.ts).
 */
export interface FollowUpCheckIns {
  /** Cancels every scheduled check-in of the case, saying why; returns how many. */
  cancelAll(caseId: string, reason: string): Promise<number>;
  /** Enrols the case in the check-in plan when she may be contacted; returns how many check-ins were created. */
  enroll(caseId: string): Promise<number>;
  /**
   * For a follow-up opened again: plans again, from now, the plan items cancelled when it ended (or
   * for want of her consent) whose time has not passed; returns how many.
   */
  resumePlan(caseId: string): Promise<number>;
  /** Whether now is inside her safe hours (hers, and the deployment's quiet hours): the bot may write first. */
  mayInitiateNow(caseId: string): Promise<boolean>;
  /** Her next safe moment from now (now itself when inside her safe hours); `null` when none in 60 days. */
  nextSafeMoment(caseId: string): Promise<Date | null>;
  /** Adds a check-in of `flowId` at `at` (or her next safe moment). */
  add(request: { caseId: string; flowId: string; at: Date; staffId: string }): Promise<ChangedCheckIn>;
  /**
   * Moves the case's scheduled check-ins due before `until` to `until` (or her next safe moment after
   * it), saying why; returns how many moved.
   */
  deferDue(caseId: string, until: Date, reason: string): Promise<number>;
  /** Moves a scheduled check-in of case `caseId`, saying why. */
  move(caseId: string, checkInId: string, at: Date, reason: string): Promise<ChangedCheckIn>;
  /** Cancels one scheduled check-in of case `caseId`, saying why. */
  cancel(caseId: string, checkInId: string, reason: string): Promise<ChangedCheckIn>;
}

/** What an inbox search narrows the open cases to (both parts optional). */
export interface InboxCaseFilter {
  /** A piece of a folio or an alias, or the start of a case id. */
  text?: string | undefined;
  /** Only cases assigned to this psychologist; `null`: only unassigned ones. */
  assignedTo?: string | null | undefined;
}

/**
 * Which rows of the inbox a page shows: the same page of each section shown (one section shown alone
 * is paged; every section shown: page 1 of each).
 *
 * @example
 * { "sections": ["bot"], "page": 3, "size": 50 }
 */
export interface InboxWindow {
  /** The sections shown. */
  sections: readonly InboxGroup[];
  /** 1-based page; past a section's last page, its last page. */
  page: number;
  /** Rows per page. */
  size: number;
}

/** A window of the inbox: how many cases each section holds in all, and the cases of the rows shown. */
export interface InboxWindowCases {
  counts: Record<InboxGroup, number>;
  /** The cases of the rows shown, in no particular order (the use case orders them). */
  cases: InboxCase[];
}

/** Reads for the inbox. */
export interface InboxQueries {
  /**
   * The open cases `staff` may see (the store filters; the use case checks again), narrowed by
   * `filter`, sorted into the inbox's sections and ordered as `compareInboxRows` orders them, by the
   * store: every section counted, and only the cases of the rows in `window` read. `text` matches a
   * part of the folio or the alias (case-insensitive) or the start of the case id, never a phone
   * number or a message; `assignedTo` keeps the cases of one psychologist (`null`: none).
   */
  openCasesWindow(staff: StaffIdentity, filter: InboxCaseFilter, window: InboxWindow): Promise<InboxWindowCases>;
  /** One case as an inbox row, whatever its visibility (the use case decides); `null` when absent. */
  inboxCase(caseId: string): Promise<InboxCase | null>;
}

/** One message of the history, decrypted. */
export interface HistoryMessage {
  id: string;
  /** The case it belongs to (for links to its file). */
  caseId: string;
  direction: 'inbound' | 'outbound';
  author: 'survivor' | 'bot' | 'staff' | 'system';
  staffName: string | null;
  /** `null` once retention removed the text, and for a non-text message without a caption. */
  text: string | null;
  status: string;
  at: Date;
  flowId: string | null;
  /** What it is: `text`, or `voice`, `image`, `location`… (a caption is the `text` of an image). */
  kind: ContactKind;
  /** The file that came with it, if any: `kept` while its encrypted bytes are in the database. */
  media: { status: 'stored' | 'too_large' | 'unavailable'; mime: string; byteSize: number; kept: boolean } | null;
  /** The place she shared, decrypted; `null` when none, or once retention removed it. */
  location: SharedLocation | null;
  /** Her edit of it on her phone: when, and the new text (`null` once retention removed it). */
  edited: { at: Date; text: string | null } | null;
  /** When she deleted it for everyone on her phone (the record keeps it). */
  deletedAt: Date | null;
}

/** Everything the conversation view shows about a case. */
export interface ConversationRecord {
  id: string;
  folio: string | null;
  status: 'open' | 'closed';
  risk: RiskLevel;
  attention: Attention;
  urgency: Urgency;
  attentionReason: string | null;
  attentionSince: Date | null;
  outcome: string | null;
  createdAt: Date;
  closedAt: Date | null;
  missedInARow: number;
  heldBy: { id: string; name: string } | null;
  assigned: { id: string; name: string } | null;
  /** `hasCodeWord`: a code word was agreed with her (only its keyed hash is stored). */
  survivor: { alias: string; language: string; safeHours: unknown; optedOutAt: Date | null; hasPhone: boolean; hasCodeWord: boolean };
  /** The decision in force for each purpose that has one. */
  consents: { purpose: ConsentPurpose; granted: boolean; source: string; recordedAt: Date }[];
  /** Check-ins still to come, soonest first. */
  upcomingCheckIns: { id: string; flowId: string; dueAt: Date; status: string; movedReason: string | null }[];
  notes: { id: string; staffName: string; text: string; at: Date }[];
  openAlerts: { id: string; kind: string; urgency: Urgency; reason: string; createdAt: Date }[];
  activeSession: { flowId: string; since: Date } | null;
  /** When she last wrote on each channel (her last inbound message there), e.g. `{ cloud_api: 2026-12-01T17:00Z }`. */
  lastInboundAt: Partial<Record<ContactChannel, Date>>;
  /** The place to show atop the urgent alert (see `urgent-location.ts`); set by the conversation view. */
  urgentLocation?: (SharedLocation & { at: Date; contactId: string }) | null;
}

/**
 * Which messages of a history to read: the latest `limit`; with `before` (a message of the case), the
 * `limit` before it and every one from it on (what "ver mensajes anteriores" adds to the page).
 *
 * @example
 * { "limit": 50, "before": "0193…" }
 */
export interface HistoryWindow {
  limit: number;
  before?: string | undefined;
}

/** Messages of a history, oldest first, and whether there are earlier ones than the first. */
export interface HistoryPage {
  messages: HistoryMessage[];
  hasEarlier: boolean;
}

/** Reads for the conversation view. */
export interface ConversationQueries {
  /** The case's record (without the history); `null` when there is no such case. */
  record(caseId: string, now: Date): Promise<ConversationRecord | null>;
  /** The messages in and out that `window` asks for, oldest first, and whether earlier ones exist. */
  history(caseId: string, window: HistoryWindow): Promise<HistoryPage>;
  /** Her latest `limit` messages that shared a place, oldest first: what the urgent alert's place is chosen from. */
  sharedLocations(caseId: string, limit: number): Promise<HistoryMessage[]>;
  /** The decrypted file of one contact of this case; `null` when there is none (or no longer). */
  mediaFile(caseId: string, contactId: string): Promise<{ mime: string; kind: ContactKind; data: Buffer } | null>;
}

/** A staff account with what signing in needs. */
export interface StaffCredentials extends StaffMember {
  passwordHash: string | null;
}

/** Staff accounts. */
export interface StaffAccounts {
  findByEmail(email: string): Promise<StaffCredentials | null>;
  find(staffId: string): Promise<StaffMember | null>;
  list(): Promise<StaffMember[]>;
  /** Active psychologists, for assigning cases. */
  activePsychologists(): Promise<StaffMember[]>;
  /** Psychologists whose account is disabled and who still have open cases assigned: coordination moves them. */
  disabledPsychologistsWithOpenCases(): Promise<StaffMember[]>;
  /** Creates an account; `null` when the email is taken. The audit entry commits with it. */
  create(account: { email: string; displayName: string; role: StaffRole; passwordHash: string }, audit: Omit<AuditEntry, 'subject'>): Promise<string | null>;
  /**
   * Disables an account, deletes its sessions and puts the chats it held back in the queue for a
   * person (`waiting_person`); returns those cases' ids. The audit entry commits with it.
   */
  disable(staffId: string, audit: AuditEntry): Promise<string[]>;
  /** Lets a disabled account sign in again. The audit entry commits with it. */
  enable(staffId: string, audit: AuditEntry): Promise<void>;
  /** The account with its password hash, by id (to check her current password). */
  credentials(staffId: string): Promise<StaffCredentials | null>;
  /**
   * Stores a new password hash and whether it is temporary (`mustChange`), and ends every session of
   * the account except `keepSessionId`. The audit entry commits with it.
   */
  setPassword(staffId: string, password: { hash: string; mustChange: boolean }, keepSessionId: string | null, audit: AuditEntry): Promise<void>;
}

/** A signed-in session, as resolved from its cookie. */
export interface ResolvedSession {
  sessionId: string;
  staff: StaffMember;
}

/** Staff sessions: the table keeps the SHA-256 of the cookie's token, never the token. */
export interface StaffSessions {
  create(staffId: string, tokenHash: string, now: Date, expiresAt: Date): Promise<string>;
  /** The session of an active account with this token hash, or `null`. */
  find(tokenHash: string): Promise<(ResolvedSession & { createdAt: Date; expiresAt: Date; lastSeenAt: Date }) | null>;
  touch(sessionId: string, at: Date): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  deleteById(sessionId: string): Promise<void>;
}

/** Password hashing (argon2id). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends what a verify costs and answers false: for unknown accounts, so timing does not tell them apart. */
  verifyNothing(password: string): Promise<false>;
}
