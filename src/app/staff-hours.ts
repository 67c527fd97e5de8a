import { DateTime } from 'luxon';
import { UNIT_TIME_ZONE } from '../engine/index.js';
import { wordAppointmentTime } from './appointments/appointment-wording.js';
import { allowedUntil, nextAllowedMoment } from './safe-hours/next-allowed.js';
import type { WeeklyWindow } from './safe-hours/policy.js';

/**
 * When a person of the unit reads the inbox and answers her (`STAFF_HOURS`): weekly windows in the
 * unit's time zone, or null when someone always is.
 */
export type StaffHours = readonly WeeklyWindow[] | null;

/** Whether a person is on duty, and when nobody is, when one next is (`atencion_hora`), as a run's context carries them. */
export interface StaffDutyAt {
  readonly staffOnDuty: boolean;
  readonly fields: { readonly atencion_hora?: string };
}

const ON_DUTY: StaffDutyAt = Object.freeze({ staffOnDuty: true, fields: Object.freeze({}) });

/**
 * The last answer for each configured hours, and the span of instants it holds for: until the window
 * opens or closes, or until local midnight (when «mañana» becomes «hoy»). Every message asks, and
 * working it out from the windows costs tens of microseconds; the answer changes a few times a day.
 */
const lastAnswer = new WeakMap<readonly WeeklyWindow[], { from: number; until: number; duty: StaffDutyAt }>();

/**
 * Whether a person is on duty at `now` and, when nobody is, when one next is, worded as a message
 * says it (`atencion_hora`: "mañana a las 9:00", "el lunes 14 de diciembre a las 9:00"): what a run's
 * context and the reply to her request for a person need. `undefined` or null hours: always on duty.
 * The object returned is shared: read it, do not change it.
 *
 * @example
 * // STAFF_HOURS "1-5 09:00-18:00", Friday 23:00 in Cancún
 * staffDuty(hours, new Date('2026-12-12T04:00:00Z')) // { staffOnDuty: false, fields: { atencion_hora: 'el lunes 14 de diciembre a las 9:00' } }
 */
export function staffDuty(hours: StaffHours | undefined, now: Date): StaffDutyAt {
  if (!hours) return ON_DUTY;
  const t = now.getTime();
  const kept = lastAnswer.get(hours);
  if (kept && kept.from <= t && t < kept.until) return kept.duty;
  const answer = workOutDuty(hours, now);
  lastAnswer.set(hours, { from: t, ...answer });
  return answer.duty;
}

/** {@link staffDuty} from the windows, with the instant until which it holds. */
function workOutDuty(hours: readonly WeeklyWindow[], now: Date): { duty: StaffDutyAt; until: number } {
  const policy = { windows: hours, blocked: [], quiet: null };
  const closes = allowedUntil(policy, now);
  if (closes !== null) return { duty: ON_DUTY, until: closes.getTime() };
  const next = nextAllowedMoment(policy, now);
  // A weekly window opens again within a week; only windows that never open (none) could give null.
  if (next === null) return { duty: ON_DUTY, until: now.getTime() };
  const midnight = DateTime.fromJSDate(now, { zone: UNIT_TIME_ZONE }).plus({ days: 1 }).startOf('day').toMillis();
  const duty = Object.freeze({ staffOnDuty: false, fields: Object.freeze({ atencion_hora: wordAppointmentTime(next, now) }) });
  return { duty, until: Math.min(next.getTime(), midnight) };
}

/** Monday 7 December 2026, 00:00 in Cancún (UTC−5 all year): a week to place a local weekday and minute in. */
const REFERENCE_MONDAY_MS = Date.parse('2026-12-07T05:00:00Z');

/**
 * Whether a person is on duty at a local weekday (ISO, 1 = Monday) and minute of the day (0–1439),
 * America/Cancun: the same answer {@link staffDuty} gives at any instant that falls there (the zone has
 * no daylight saving). `undefined` or null hours: always.
 *
 * @example
 * onDutyAt([{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }], 5, 23 * 60) // false: Friday 23:00
 */
export function onDutyAt(hours: StaffHours | undefined, isoDay: number, minute: number): boolean {
  return staffDuty(hours, new Date(REFERENCE_MONDAY_MS + ((isoDay - 1) * 1440 + minute) * 60_000)).staffOnDuty;
}
