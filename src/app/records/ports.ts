/**
 * What the records use cases (import, reports, BANAVIM, retention) need from the world. Implemented
 * in src/persistence/records/; use cases depend only on these.
 */
import type { ImportProblem } from './import-problem.js';
import type { InterventionRow } from './intervention-row.js';
import type { BanavimDetail } from './banavim-detail.js';

import type { Actor } from '../audit/ports.js';

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
  /** Cases to enroll in follow-up: new consent granted, a number to write to, case open, not opted out. */
  enrollCaseIds: string[];
}

/** Writes a validated file in one transaction, or refuses it whole. */
export interface InterventionImportStore {
  /**
   * Imports the rows in one transaction, recording the audit entry in it too. Rows whose folio exists
   * are skipped. Returns the problems instead, writing nothing, when a row conflicts with the database
   * (a BANAVIM folio already used by another case, say).
   */
  importRows(
    rows: readonly InterventionRow[],
    context: { actor: Actor; now: Date; fileDigest: string },
  ): Promise<{ ok: true; outcome: ImportOutcome } | { ok: false; problems: ImportProblem[] }>;
}

/**
 * The seam to the check-in scheduler: called after the import has committed, with the cases newly
 * enrolled in follow-up. Implementations must be idempotent (a retried import calls it again).
 */
export interface Enroller {
  enroll(caseIds: readonly string[]): Promise<void>;
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
  /** Video-call contacts in the period that did not fail. */
  videoSessions: number;
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
  /** Closed cases whose texts were removed in this run. */
  casesPurged: number;
}

/** Persistence side of the retention job. */
export interface RetentionStore {
  /** Removes message texts and saved answers of cases closed before `closedBefore`; idempotent. */
  purgeClosedBefore(closedBefore: Date): Promise<RetentionOutcome>;
}
