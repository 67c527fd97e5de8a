import { DateTime } from 'luxon';
/** The unit's time zone (UTC−5, no daylight saving). */
const ZONE = 'America/Cancun';

const DATE_TIME = new Intl.DateTimeFormat('es-MX', {
  timeZone: ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const TIME = new Intl.DateTimeFormat('es-MX', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false });

/** What a date no calendar can show (a corrupt row) reads as, so one bad row never breaks a page. */
const NO_DATE = 'fecha no válida';

/** A date and time in Cancún, e.g. `28 nov 2026, 12:05`. */
export function dateTime(at: Date): string {
  return Number.isFinite(at.getTime()) ? DATE_TIME.format(at) : NO_DATE;
}

/** A time of day in Cancún, e.g. `12:05`. */
export function timeOfDay(at: Date): string {
  return Number.isFinite(at.getTime()) ? TIME.format(at) : NO_DATE;
}

/**
 * How long ago, in Spanish: `hace un momento`, `hace 5 min`, `hace 3 h`, `hace 2 días`. The browser
 * script keeps the same wording up to date (src/console/public/console.js, `relativeTime`).
 */
export function timeAgo(since: Date, now: Date): string {
  const minutes = Math.floor(Math.max(0, now.getTime() - since.getTime()) / 60_000);
  if (minutes < 1) return 'hace un momento';
  if (minutes < 60) return `hace ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `hace ${hours} h`;
  const days = Math.floor(hours / 24);
  return days === 1 ? 'hace 1 día' : `hace ${days} días`;
}

/**
 * A moment as a `datetime-local` input's value in Cancún, e.g. `2026-12-07T10:00`; the inverse of
 * {@link parseLocalInput}.
 */
export function localInputValue(at: Date): string {
  return DateTime.fromJSDate(at, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** A `datetime-local` input's value (`2026-12-07T10:00`) read as Cancún time, or `null` when it is not one. */
export function parseLocalInput(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const parsed = DateTime.fromISO(value, { zone: ZONE });
  return parsed.isValid ? parsed.toJSDate() : null;
}
