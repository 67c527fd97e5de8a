import { createHash, randomBytes } from 'node:crypto';
import type { Actor, AuditTrail } from '../records/ports.js';
import type { AppointmentRow } from './ports.js';
import type { WeeklyWindow } from '../safe-hours/policy.js';

/** A session in a psychologist's calendar, with the alias staff know her by (never in the ICS feed). */
export interface CalendarEntry extends AppointmentRow {
  alias: string;
}

/** A psychologist in the calendar's picker. */
export interface CalendarPsychologist {
  id: string;
  displayName: string;
  hasFeed: boolean;
  /** False for a disabled account that still has sessions to happen. */
  active: boolean;
}

/** What the calendar pages and the ICS feed read. */
export interface CalendarQueries {
  /**
   * Active psychologists, by name, then those whose account is disabled and who still have sessions to
   * happen (`active: false`), so coordination can give those sessions to someone else.
   */
  psychologists(): Promise<CalendarPsychologist[]>;
  /** Her sessions overlapping [from, to), every status, with the survivor's alias. */
  entries(staffId: string, from: Date, to: Date): Promise<CalendarEntry[]>;
  /**
   * Cases a session can be booked for (open, with a number, not opted out, her follow-up and video-call
   * consents in force), alias and folio, newest first, at most 500.
   */
  bookableCases(): Promise<{ caseId: string; alias: string; folio: string | null }[]>;
  /** One case's alias, whatever its state (for a person chosen in the booking form); `null` when absent. */
  caseAlias(caseId: string): Promise<string | null>;
  /** Sets (or, with null, revokes) the SHA-256 of her feed token. */
  setFeedTokenHash(staffId: string, hash: string | null): Promise<boolean>;
  /** Stores a psychologist's weekly hours for sessions (`null`: the deployment's `WORKING_HOURS`); false when there is no such psychologist. */
  setWorkingHours(staffId: string, windows: readonly WeeklyWindow[] | null): Promise<boolean>;
  /** The psychologist whose feed token has this SHA-256, if active. */
  staffByFeedTokenHash(hash: string): Promise<{ id: string } | null>;
}

/** SHA-256 of a feed token, as stored. */
export function feedTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Issues a new private calendar-feed token for a psychologist (the old one stops working at once)
 * and audits it. The token is returned once; only its hash is kept.
 */
export async function issueFeedToken(queries: CalendarQueries, audit: AuditTrail, staffId: string, actor: Actor): Promise<string | null> {
  const token = randomBytes(32).toString('base64url');
  if (!(await queries.setFeedTokenHash(staffId, feedTokenHash(token)))) return null;
  await audit.record({ ...actor, action: 'calendar.feed_issued', subject: `staff:${staffId}` });
  return token;
}

/**
 * Sets a psychologist's weekly hours for video-call sessions (`null`: the deployment's), audited as
 * `calendar.working_hours_changed`; false when there is no such psychologist. Free times and new
 * bookings follow them at once; sessions already booked outside them stay as they are.
 */
export async function setWorkingHours(queries: CalendarQueries, audit: AuditTrail, staffId: string, windows: readonly WeeklyWindow[] | null, actor: Actor): Promise<boolean> {
  if (!(await queries.setWorkingHours(staffId, windows))) return false;
  await audit.record({ ...actor, action: 'calendar.working_hours_changed', subject: `staff:${staffId}`, detail: { change: windows ? 'windows' : 'service_windows' } });
  return true;
}

/** Revokes a psychologist's feed token, audited; false when there is no such psychologist. */
export async function revokeFeedToken(queries: CalendarQueries, audit: AuditTrail, staffId: string, actor: Actor): Promise<boolean> {
  if (!(await queries.setFeedTokenHash(staffId, null))) return false;
  await audit.record({ ...actor, action: 'calendar.feed_revoked', subject: `staff:${staffId}` });
  return true;
}
