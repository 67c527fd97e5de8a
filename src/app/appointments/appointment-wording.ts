import { DateTime } from 'luxon';
import { UNIT_TIME_ZONE } from '../../engine/index.js';

/**
 * A session's time as a message to her says it, in Spanish and in the unit's time zone: "hoy a las
 * 10:00", "mañana a las 17:30", or "el jueves 12 de junio a las 10:00". Only a day and an hour:
 * nothing that names her, the unit or what the call is about.
 *
 * @example
 * wordAppointmentTime(new Date('2026-06-11T15:00:00Z'), new Date('2026-06-01T15:00:00Z')) // "el jueves 11 de junio a las 10:00"
 */
export function wordAppointmentTime(startsAt: Date, now: Date): string {
  const at = DateTime.fromJSDate(startsAt, { zone: UNIT_TIME_ZONE }).setLocale('es-MX');
  const today = DateTime.fromJSDate(now, { zone: UNIT_TIME_ZONE }).startOf('day');
  const days = Math.round(at.startOf('day').diff(today, 'days').days);
  const hour = `${at.hour === 1 ? 'a la' : 'a las'} ${at.toFormat('H:mm')}`;
  if (days === 0) return `hoy ${hour}`;
  if (days === 1) return `mañana ${hour}`;
  return `el ${at.toFormat('cccc d')} de ${at.toFormat('LLLL')} ${hour}`;
}

/** Why an invitation still to be sent was cancelled: its session was (on a check-in, as staff read it). */
export const SESSION_CANCELLED_REASON = 'sesión cancelada';
