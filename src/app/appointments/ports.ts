/** Ports of the video-call session use cases, implemented in persistence/ and scheduling/. */
import type { WeeklyWindow } from '../safe-hours/policy.js';

/** Where a session stands. `proposed`, `confirmed` and `rescheduled` hold the psychologist's time. */
export type AppointmentStatus = 'proposed' | 'confirmed' | 'rescheduled' | 'cancelled' | 'done' | 'no_show';

/** The statuses that hold the psychologist's time (the database refuses two of them overlapping). */
export const ACTIVE_STATUSES: readonly AppointmentStatus[] = ['proposed', 'confirmed', 'rescheduled'];

/** A session as the use cases see it (no notes, no outcome: those are encrypted and read apart). */
export interface AppointmentRow {
  id: string;
  caseId: string;
  staffId: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  videoRoom: string;
  reminderDaySentAt: Date | null;
  reminderHourSentAt: Date | null;
  linkSentAt: Date | null;
}

/** A new session to write. */
export interface NewAppointment {
  caseId: string;
  staffId: string;
  startsAt: Date;
  endsAt: Date;
  videoRoom: string;
  notes: string | null;
  createdById: string | null;
}

/** A psychologist as booking needs her: whether she can take sessions and her weekly hours. */
export interface PsychologistFacts {
  id: string;
  displayName: string;
  active: boolean;
  role: 'psychologist' | 'coordinator' | 'admin';
  /** Her stored weekly hours (validated by the caller), or null for the deployment's. */
  workingHours: unknown;
}

/** Persistence of sessions; the exclusion constraint is the last word on double booking. */
export interface AppointmentStore {
  /** Writes a new session; throws {@link SlotTakenError} when it overlaps one of hers. */
  create(input: NewAppointment): Promise<AppointmentRow>;
  find(id: string): Promise<AppointmentRow | null>;
  /**
   * Moves a session to a new time with a new status, only while it is in one of `from`; `null` when
   * it no longer is. Throws {@link SlotTakenError} when the new time overlaps one of hers.
   */
  move(id: string, change: { startsAt: Date; endsAt: Date; status: AppointmentStatus; from: readonly AppointmentStatus[] }): Promise<AppointmentRow | null>;
  /**
   * Gives a session to another psychologist, same time and status, only while it is in one of `from`;
   * `null` when it no longer is. Throws {@link SlotTakenError} when it overlaps one of hers.
   */
  reassign(id: string, change: { staffId: string; from: readonly AppointmentStatus[] }): Promise<AppointmentRow | null>;
  /** Sets the status (and the encrypted outcome, if given) only while it is in one of `from`; `null` otherwise. */
  setStatus(id: string, change: { status: AppointmentStatus; from: readonly AppointmentStatus[]; outcome?: string | undefined }): Promise<AppointmentRow | null>;
  /** The psychologist's sessions overlapping [from, to), every status, earliest first. */
  forStaff(staffId: string, from: Date, to: Date): Promise<AppointmentRow[]>;
  /** Sessions still to happen (active, ending after `after`), of every case or of `caseId`, earliest first. */
  upcoming(after: Date, caseId?: string): Promise<AppointmentRow[]>;
  psychologist(staffId: string): Promise<PsychologistFacts | null>;
  /** Stores the free times to offer her if she asks for another. */
  setOffers(id: string, slots: readonly { startsAt: Date; endsAt: Date }[]): Promise<void>;
  /** Records the session held as a contact of channel `video` against the case, by its psychologist. */
  recordVideoContact(appointment: AppointmentRow, at: Date): Promise<void>;
  /**
   * The session a message is a reminder of (the message's cause), with the message's flow and the
   * conversation it belongs to; `null` for any other message.
   */
  reminderOf(contactId: string): Promise<{ appointment: AppointmentRow; flowId: string | null; sessionId: string | null } | null>;
  /** Raises a `reminder_skipped` alert (normal urgency) on the case for the coordinator; returns its id. */
  raiseAlert(caseId: string, reason: string): Promise<string>;
}

/** The delayed jobs of sessions: reminders. Idempotent; ids derived from the session and its start. */
export interface AppointmentScheduler {
  /** Makes sure the reminder `kind` of `appointment` fires at `at`. */
  scheduleReminder(appointment: Pick<AppointmentRow, 'id' | 'startsAt'>, kind: ReminderKind, at: Date): Promise<void>;
  /** Removes the reminders of the session for its start `startsAt`. */
  unscheduleReminders(appointment: Pick<AppointmentRow, 'id' | 'startsAt'>): Promise<void>;
}

/** Which reminder: a day before, or an hour before. */
export type ReminderKind = 'day' | 'hour';

/** The deployment's settings of video calls. */
export interface VideoSettings {
  /** `VIDEO_BASE_URL`, without a trailing slash. */
  baseUrl: string;
  /** Which message carries the link. */
  linkSentWith: 'reminder_hour' | 'reminder_day';
  /** Psychologists' weekly hours when none are on their account. */
  defaultWorkingHours: readonly WeeklyWindow[];
  /** Length of a session booked without an end. */
  sessionMinutes: number;
}

/**
 * The psychologist already has a session at that time: the database refused the overlap.
 *
 * @example
 * throw new SlotTakenError();
 */
export class SlotTakenError extends Error {
  constructor() {
    super('the psychologist already has a session at that time');
    this.name = 'SlotTakenError';
  }
}
