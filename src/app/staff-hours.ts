import { wordAppointmentTime } from './appointments/appointment-wording.js';
import { isAllowed, nextAllowedMoment } from './safe-hours/next-allowed.js';
import type { WeeklyWindow } from './safe-hours/policy.js';

/**
 * When a person of the unit reads the inbox and answers her (`STAFF_HOURS`): weekly windows in the
 * unit's time zone, or null when someone always is.
 */
export type StaffHours = readonly WeeklyWindow[] | null;

/**
 * Whether a person is on duty at `now` and, when nobody is, when one next is, worded as a message
 * says it (`atencion_hora`: "mañana a las 9:00", "el lunes 14 de diciembre a las 9:00"): what a run's
 * context and the reply to her request for a person need. `undefined` or null hours: always on duty.
 *
 * @example
 * // STAFF_HOURS "1-5 09:00-18:00", Friday 23:00 in Cancún
 * staffDuty(hours, new Date('2026-12-12T04:00:00Z')) // { staffOnDuty: false, fields: { atencion_hora: 'el lunes 14 de diciembre a las 9:00' } }
 */
export function staffDuty(hours: StaffHours | undefined, now: Date): { staffOnDuty: boolean; fields: { atencion_hora?: string } } {
  if (!hours) return { staffOnDuty: true, fields: {} };
  const policy = { windows: hours, blocked: [], quiet: null };
  if (isAllowed(policy, now)) return { staffOnDuty: true, fields: {} };
  const next = nextAllowedMoment(policy, now);
  // A weekly window opens again within a week; only windows that never open (none) could give null.
  if (next === null) return { staffOnDuty: true, fields: {} };
  return { staffOnDuty: false, fields: { atencion_hora: wordAppointmentTime(next, now) } };
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
