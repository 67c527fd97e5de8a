import type { DenyList, FieldValue, RunContext } from '../engine/index.js';
import { wordAppointmentTime } from './appointments/appointment-wording.js';
import { videoLink } from './appointments/video-link.js';
import { aliasForHer } from './no-alias.js';
import { staffDuty, type StaffHours } from './staff-hours.js';

/** The fields flows stored on a case, by name (`set` with `case_field`). */
export type StoredCaseFields = Record<string, FieldValue>;

/**
 * What a turn reads about her case for the flow's context: the fields flows stored, and her next
 * video-call session still to happen (proposed, confirmed or moved), if any.
 */
export interface CaseFieldsSnapshot {
  stored: StoredCaseFields;
  appointment: {
    id: string;
    startsAt: Date;
    status: 'proposed' | 'confirmed' | 'rescheduled';
    videoRoom: string;
    reminderDaySentAt: Date | null;
    reminderHourSentAt: Date | null;
    /** The free times offered if she asks for another, in order (her "1", "2", "3"). */
    offers: readonly { startsAt: Date; endsAt: Date }[];
  } | null;
}

/** What the host needs to word the video link: the server and which reminder carries it. */
export interface LinkSettings {
  baseUrl: string;
  linkSentWith: 'reminder_hour' | 'reminder_day';
}

/** An offered time is listed only while it starts at least this long from now. */
export const OFFER_SHOWN_LEAD_MS = 60 * 60_000;
/** An offered time she picks is taken only while it starts at least this long from now. */
export const OFFER_TAKEN_LEAD_MS = 15 * 60_000;

/**
 * The `ctx.fields` of a run: the stored case fields, plus what the host knows itself: `tiene_cita`
 * (a session is booked), `cita_hora` (its time as a message says it, e.g. "el jueves 12 de junio
 * a las 10:00": a day and an hour, nothing else), `hay_opciones` and `cita_opciones` (the other free
 * times she may choose, one a line: "1) mañana a las 10:00"; the offers were worked out when the session
 * was booked, so one that starts within {@link OFFER_SHOWN_LEAD_MS} is left out, keeping the others'
 * numbers), and, once the reminder that carries the link has
 * gone out (`VIDEO_LINK_SENT`), `con_enlace: true` and `cita_enlace` (the video link). Host fields
 * win over stored ones of the same name.
 */
export function runFields(snapshot: CaseFieldsSnapshot, now: Date, link?: LinkSettings): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = { ...snapshot.stored, tiene_cita: snapshot.appointment !== null, con_enlace: false };
  const appointment = snapshot.appointment;
  if (!appointment) return fields;
  fields.cita_hora = wordAppointmentTime(appointment.startsAt, now);
  const open = appointment.offers.flatMap((o, i) => (o.startsAt.getTime() - now.getTime() >= OFFER_SHOWN_LEAD_MS ? [`${i + 1}) ${wordAppointmentTime(o.startsAt, now)}`] : []));
  fields.hay_opciones = open.length > 0;
  if (open.length > 0) fields.cita_opciones = open.join('\n');
  const carrierSent = link?.linkSentWith === 'reminder_day' ? appointment.reminderDaySentAt : appointment.reminderHourSentAt;
  if (link && carrierSent) {
    fields.con_enlace = true;
    fields.cita_enlace = videoLink(link.baseUrl, appointment.videoRoom);
  }
  return fields;
}

/** The `case_field_set` events of a step, folded into the changes to store (the last value of a name wins). */
export function caseFieldChanges(events: readonly { type: string; name?: string; value?: FieldValue }[]): StoredCaseFields {
  const changes: StoredCaseFields = {};
  for (const event of events) {
    if (event.type === 'case_field_set' && event.name !== undefined) changes[event.name] = event.value ?? null;
  }
  return changes;
}

/**
 * The run context of a turn of her case: the moment, her language and alias (none when the call left
 * her only the staff's label, or it holds a word of `deniedWords`: {@link aliasForHer}), whether now is inside
 * her safe hours, whether a person of the unit is on duty (`staffHours`, `STAFF_HOURS`: when nobody
 * is, `atencion_hora` says when one next is: {@link staffDuty}), and the fields read under the case's
 * lock (see {@link runFields}).
 */
export async function caseRunContext(
  conversation: { caseFields(now: Date): Promise<CaseFieldsSnapshot> },
  base: {
    now: Date;
    language: RunContext['language'];
    alias: string | null;
    deniedWords: Pick<DenyList, 'find'>;
    insideSafeHours?: boolean;
    staffHours?: StaffHours | undefined;
  },
  link?: LinkSettings,
  extra?: Record<string, FieldValue>,
): Promise<RunContext> {
  const duty = staffDuty(base.staffHours, base.now);
  return {
    now: base.now.toISOString(),
    language: base.language,
    alias: aliasForHer(base.alias, base.deniedWords),
    insideSafeHours: base.insideSafeHours,
    staffOnDuty: duty.staffOnDuty,
    fields: { ...runFields(await conversation.caseFields(base.now), base.now, link), ...duty.fields, ...extra },
  };
}
