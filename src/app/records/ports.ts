/**
 * What the records use cases (import, reports, BANAVIM, retention) need from the world. Implemented
 * in src/persistence/records/; use cases depend only on these.
 */
import type { ImportProblem } from './import-problem.js';
import type { InterventionRow } from './intervention-row.js';
import type { BanavimDetail } from './banavim-detail.js';
import type { PlannedCheckIn } from '../checkins/ports.js';

import type { Actor } from '../audit/ports.js';
import type { TextEncoding } from './decode-text.js';

export type { Actor, AuditEntry, AuditTrail } from '../audit/ports.js';

/** What one import changed, for the operator and the audit log. */
export interface ImportOutcome {
  /** Interventions created. */
  created: number;
  /** Rows whose folio was already imported: left exactly as they were. */
  unchanged: number;
  casesCreated: number;
  survivorsCreated: number;
  consentsRecorded: number;
  banavimRegistered: number;
  /**
   * Cases enrolled in follow-up by this import (consent in force granted, a number to write to, case
   * open, not opted out), whose check-ins were created in the same transaction.
   */
  enrollCaseIds: string[];
  /** Check-in rows created for them (their delayed jobs are armed by the check-in reconciler). */
  checkInsCreated: number;
}

/**
 * Plans the check-ins of a case the import enrols, from when her intervention happened and her safe
 * hours (pure; see `planCheckIns` in src/app/checkins/plan-check-ins.ts).
 */
export type CaseCheckInPlanner = (facts: { baseAt: Date; safeHours: unknown }) => PlannedCheckIn[];

/** Writes a validated file in one transaction, or refuses it whole. */
export interface InterventionImportStore {
  /**
   * Imports the rows in one transaction, recording the audit entry in it too, and enrols the cases
   * that gained follow-up consent: their plan's check-ins (from `planCheckIns`) are created in the same
   * transaction, skipping any plan item the case already has. Rows whose folio exists are skipped.
   * Returns the problems instead, writing nothing, when a row conflicts with the database (a BANAVIM
   * folio already used by another case, say). With `dryRun`, everything is done and counted, then
   * rolled back; only an `interventions.import_check` audit entry stays.
   *
   * `rows` is read once, as it comes (a file streamed from disk need never be held whole); whatever it
   * throws is thrown on, after the transaction is rolled back.
   */
  importRows(
    rows: Iterable<InterventionRow> | AsyncIterable<InterventionRow>,
    context: {
      actor: Actor;
      now: Date;
      fileDigest: string;
      planCheckIns: CaseCheckInPlanner;
      /** The flows whose check-ins invite her to a video call: cancelled with her sessions when she refuses them. */
      invitationFlows: readonly string[];
      dryRun?: boolean;
    },
  ): Promise<{ ok: true; outcome: ImportOutcome } | { ok: false; problems: ImportProblem[] }>;
}

/** A file checked on the *Importar* page, as *Confirmar* needs it again. */
export interface CheckedImportFile {
  file: Uint8Array;
  sheet?: string | undefined;
  encoding?: TextEncoding | undefined;
}

/**
 * Where checked files wait for *Confirmar*, shared by every console process, each bound to the staff
 * member who checked it and kept only for a while.
 */
export interface CheckedImports {
  /** Keeps the file for `staffId`; returns the random id that takes it back. */
  keep(staffId: string, file: CheckedImportFile): Promise<string>;
  /**
   * Takes the file back, at most once: `undefined` when the id is unknown, expired, already taken or
   * was checked by another staff member (then it stays for its owner).
   */
  take(staffId: string, id: string): Promise<CheckedImportFile | undefined>;
}

/** A half-open period of instants, `[start, end)`. */
export interface Instants {
  start: Date;
  end: Date;
}

/** The raw counts behind a report, all within one period. */
export interface PeriodCounts {
  interventions: number;
  byService: Record<string, number>;
  byLine: Record<string, number>;
  byChannel: Record<string, number>;
  /** Cases with an intervention in the period whose BANAVIM record is registered. */
  banavimRegisteredCases: number;
  /** Check-ins sent in the period, and of those how many were answered and how many missed. */
  checkInsSent: number;
  checkInsAnswered: number;
  checkInsMissed: number;
  /** Alerts of kind `handoff` raised in the period. */
  handoffs: number;
  /**
   * The same alerts by the weekday (ISO, 1 = Monday) and minute of the day (0–1439) they were raised at
   * in America/Cancun, in any order: enough to tell those raised outside the staff's hours.
   */
  handoffsByLocalMinute: { isoDay: number; minute: number; count: number }[];
  /** Video-call contacts in the period that did not fail. */
  videoSessions: number;
  /**
   * Named results the flows saved in the period, counted by name and category (`null`: she answered
   * with free text, a number or a date), in any order.
   */
  results: { name: string; category: string | null; count: number }[];
}

/** Counts the figures of a period. */
export interface ReportCountsSource {
  counts(period: Instants): Promise<PeriodCounts>;
}

/** A case not registered in BANAVIM yet, as the store reads it. */
export interface PendingBanavimRow {
  caseId: string;
  folio: string | null;
  /** The earliest intervention of the case, if any. */
  firstInterventionAt: Date | null;
  /** Whether her newest `banavim` consent is granted (false when she never gave one). */
  consentGranted: boolean;
  /** The collected fields; read (decrypted) only when `consentGranted`. */
  detail: BanavimDetail | null;
  /** Whether fields were collected, without reading them. */
  detailCollected: boolean;
}

/** What happened when a case was marked registered. */
export type RegisterOutcome =
  | { kind: 'registered'; caseId: string; folio: string }
  | { kind: 'already_registered'; caseId: string; folio: string }
  | { kind: 'case_not_found' }
  | { kind: 'registered_with_other_folio'; caseId: string; folio: string }
  | { kind: 'folio_in_use'; caseId: string };

/** Persistence of BANAVIM records. */
export interface BanavimStore {
  /** Every case without a registered record, oldest intervention first. */
  pending(): Promise<PendingBanavimRow[]>;
  /** Marks the case (by id or by the unit's folio) registered with the national folio; audited in the same transaction. */
  register(input: { caseRef: string; folio: string; actor: Actor; at: Date }): Promise<RegisterOutcome>;
  /** Stores (encrypted) the fields collected for a case not yet registered; audited in the same transaction. */
  saveDetail(input: { caseId: string; detail: BanavimDetail; actor: Actor }): Promise<'saved' | 'case_not_found' | 'already_registered'>;
}

/** What a retention run removed. */
export interface RetentionOutcome {
  /** Contacts whose text was removed (the rows stay, so every count stays). */
  contactTextsRemoved: number;
  /** Flow sessions whose saved answers were removed. */
  sessionStatesRemoved: number;
  /** Files (voice notes, images…) and shared locations removed with the texts. */
  filesRemoved: number;
  /** Closed cases whose texts were removed in this run. */
  casesPurged: number;
}

/** What a retention run removed of numbers that wrote without a case. */
export interface UnknownSenderPurge {
  /** Numbers removed (no case, silent since the cut-off). */
  unknownSendersRemoved: number;
  /** Their messages removed with them, in and out. */
  unknownSenderMessagesRemoved: number;
}

/** Persistence side of the retention job. */
export interface RetentionStore {
  /** Removes message texts and saved answers of cases closed before `closedBefore`; idempotent. */
  purgeClosedBefore(closedBefore: Date): Promise<RetentionOutcome>;
  /**
   * Deletes every number without a case that last wrote before `lastSeenBefore`, with its messages
   * (no case, no consent: nothing of it is kept); idempotent.
   */
  purgeUnknownSendersBefore(lastSeenBefore: Date): Promise<UnknownSenderPurge>;
}
