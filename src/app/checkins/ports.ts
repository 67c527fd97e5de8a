/** Ports of the check-in use cases, implemented in persistence/ and scheduling/. */
import type { CaseContactState, CaseConversation } from '../ports.js';

export type { CaseContactState } from '../ports.js';

/** A check-in row as the use cases see it. */
export interface CheckInRow {
  id: string;
  caseId: string;
  planItem: string | null;
  flowId: string;
  dueAt: Date;
  plannedAt: Date;
  status: 'scheduled' | 'sent' | 'answered' | 'missed' | 'cancelled' | 'moved' | 'failed';
  attempts: number;
  sentAt: Date | null;
}

/** Check-in writes done under the case's lock, in the same transaction as the conversation's. */
export interface CheckInUnit {
  conversation: CaseConversation;
  checkIn: CheckInRow;
  state: CaseContactState;
  /** `scheduled → sent`, counting the attempt; false if it was no longer scheduled. */
  markSent(at: Date): Promise<boolean>;
  /** Keeps it scheduled at a new due time, saying why; returns the updated row. */
  move(dueAt: Date, reason: string): Promise<CheckInRow>;
  /** `scheduled → cancelled`, saying why. */
  cancel(reason: string): Promise<void>;
  /** `sent → scheduled` at a new due time (its opening could not go out in time), saying why. */
  reopen(dueAt: Date, reason: string): Promise<CheckInRow | null>;
  /**
   * `sent → missed`, counting a miss in a row on the case, if it was sent at or before `sentBy` (its
   * answer window has passed: an expiry left from an earlier sending of a postponed check-in finds
   * it sent again since, and changes nothing); returns the new count (or null if not missed).
   */
  markMissed(sentBy: Date): Promise<number | null>;
  /** Stops automated outreach: the case waits for a person, with an urgent alert. Returns the alert id. */
  escalate(reason: string, kind: 'missed_checkins' | 'reminder_skipped'): Promise<string>;
  /**
   * Raises a normal `reminder_skipped` alert for a person to look at (in `reason`'s words), leaving who
   * talks with her as it is: a problem of the service, not a sign about her. Returns the alert id.
   */
  notice(reason: string): Promise<string>;
}

/** New check-ins of a plan, already moved into safe slots. */
export interface PlannedCheckIn {
  planItem: string | null;
  flowId: string;
  plannedAt: Date;
  dueAt: Date;
  movedReason: string | null;
  createdById?: string | null;
}

/**
 * Why a check-in that fell due while her follow-up consent was withdrawn was cancelled: planned again
 * when she gives it again (in the console or in a later file).
 */
export const NO_FOLLOW_UP_CONSENT = 'sin consentimiento de seguimiento';

/** Why a check-in that fell due on a closed case was cancelled. */
export const CASE_CLOSED = 'caso cerrado';

/** Why the check-ins of a case whose follow-up was ended by staff were cancelled. */
export const ENDED_BY_STAFF = 'seguimiento terminado por el personal';

/** Persistence of check-ins: the database is the truth behind the delayed jobs. */
export interface CheckInStore {
  /** Her contact state, read without a lock (for checks just before sending). */
  contactState(caseId: string): Promise<CaseContactState>;
  /** What enrolment needs: when the episode's intervention happened and how to reach her. */
  enrollmentFacts(caseId: string): Promise<{ baseAt: Date; state: CaseContactState } | null>;
  /**
   * Creates the plan's check-ins that do not exist yet (by case and plan item), and schedules again
   * those cancelled for one of the reasons in `revive` (their row keeps its id); returns the rows
   * created or scheduled again.
   */
  createMissing(caseId: string, planned: readonly PlannedCheckIn[], options?: { revive?: readonly string[] }): Promise<CheckInRow[]>;
  /** Runs `work` under the case's lock with the check-in; `null` when the check-in does not exist. */
  withCheckIn<T>(checkInId: string, work: (unit: CheckInUnit) => Promise<T>): Promise<T | null>;
  /** The check-in she is expected to answer (sent, not yet answered or missed), if any. */
  openSentFor(caseId: string): Promise<CheckInRow | null>;
  /** Every check-in still `scheduled` or `sent`, for the reconciler. */
  pending(): Promise<CheckInRow[]>;
  /** Cancels every scheduled check-in of the case in one statement; returns the cancelled rows. */
  cancelAllFor(caseId: string, reason: string): Promise<CheckInRow[]>;
  /** The case's check-ins still scheduled (not sent yet), of `flowId` if given. */
  scheduledFor(caseId: string, flowId?: string): Promise<CheckInRow[]>;
  /** Finds one check-in. */
  find(checkInId: string): Promise<CheckInRow | null>;
  /** Reschedules a scheduled check-in (staff or her request); the reason, typed by staff, is kept encrypted. */
  reschedule(checkInId: string, dueAt: Date, reason: string): Promise<CheckInRow | null>;
  /** Cancels one scheduled check-in; the reason, typed by staff, is kept encrypted. */
  cancel(checkInId: string, reason: string): Promise<CheckInRow | null>;
}

/** The delayed jobs that shadow check-ins. Every method is idempotent. */
export interface CheckInScheduler {
  /** Makes sure the check-in fires at its due time (replacing a job for an older due time). */
  schedule(checkIn: CheckInRow): Promise<void>;
  /** Makes sure a sent check-in is declared missed after the answer window. */
  scheduleExpiry(checkIn: CheckInRow, at: Date): Promise<void>;
  /** Removes the fire job for `dueAt` and the expiry job of the check-in. */
  unschedule(checkIn: Pick<CheckInRow, 'id' | 'dueAt'>): Promise<void>;
  /** Every fire job waiting in Redis, for the reconciler. */
  scheduledJobs(): Promise<{ checkInId: string; dueAt: number }[]>;
}
