import type { FieldValue, RunContext } from '../engine/index.js';
import { wordAppointmentTime } from './appointments/appointment-wording.js';

/** The fields flows stored on a case, by name (`set` with `case_field`). */
export type StoredCaseFields = Record<string, FieldValue>;

/**
 * What a turn reads about her case for the flow's context: the fields flows stored, and her next
 * video-call session still to happen (proposed, confirmed or moved), if any.
 */
export interface CaseFieldsSnapshot {
  stored: StoredCaseFields;
  appointment: { id: string; startsAt: Date; status: 'proposed' | 'confirmed' | 'rescheduled' } | null;
}

/**
 * The `ctx.fields` of a run: the stored case fields, plus what the host knows itself: `tiene_cita`
 * (a session is booked) and `cita_hora` (its time as a message says it, e.g. "el jueves 12 de junio
 * a las 10:00": a day and an hour, nothing else). Host fields win over stored ones of the same name.
 */
export function runFields(snapshot: CaseFieldsSnapshot, now: Date): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = { ...snapshot.stored, tiene_cita: snapshot.appointment !== null };
  if (snapshot.appointment) fields.cita_hora = wordAppointmentTime(snapshot.appointment.startsAt, now);
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
 * The run context of a turn of her case: the moment, her language and alias, whether now is inside
 * her safe hours, and the fields read under the case's lock (see {@link runFields}).
 */
export async function caseRunContext(
  conversation: { caseFields(): Promise<CaseFieldsSnapshot> },
  base: { now: Date; language: RunContext['language']; alias: string | null; insideSafeHours?: boolean },
): Promise<RunContext> {
  return {
    now: base.now.toISOString(),
    language: base.language,
    alias: base.alias,
    insideSafeHours: base.insideSafeHours,
    fields: runFields(await conversation.caseFields(), base.now),
  };
}
