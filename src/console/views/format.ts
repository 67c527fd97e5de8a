import { DateTime } from 'luxon';
import { UNIT_TIME_ZONE } from '../../engine/index.js';

const DATE_TIME = new Intl.DateTimeFormat('es-MX', {
  timeZone: UNIT_TIME_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const TIME = new Intl.DateTimeFormat('es-MX', { timeZone: UNIT_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const DATE = new Intl.DateTimeFormat('es-MX', { timeZone: UNIT_TIME_ZONE, day: 'numeric', month: 'short', year: 'numeric' });

/** What a date no calendar can show (a corrupt row) reads as, so one bad row never breaks a page. */
const NO_DATE = 'fecha no válida';

/** A date and time in Cancún, e.g. `28 nov 2026, 12:05`. */
export function dateTime(at: Date): string {
  return Number.isFinite(at.getTime()) ? DATE_TIME.format(at) : NO_DATE;
}

/** The day of a moment in Cancún, e.g. `28 nov 2026` (at 21:00 in Cancún, still that day, not the next one as in UTC). */
export function dayOf(at: Date): string {
  return Number.isFinite(at.getTime()) ? DATE.format(at) : NO_DATE;
}

/** A time of day in Cancún, e.g. `12:05`. */
export function timeOfDay(at: Date): string {
  return Number.isFinite(at.getTime()) ? TIME.format(at) : NO_DATE;
}

/**
 * A moment as a `datetime-local` input's value in Cancún, e.g. `2026-12-07T10:00`; the inverse of
 * {@link parseLocalInput}.
 */
export function localInputValue(at: Date): string {
  return DateTime.fromJSDate(at, { zone: UNIT_TIME_ZONE }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** A `datetime-local` input's value (`2026-12-07T10:00`) read as Cancún time, or `null` when it is not one. */
export function parseLocalInput(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const parsed = DateTime.fromISO(value, { zone: UNIT_TIME_ZONE });
  return parsed.isValid ? parsed.toJSDate() : null;
}
