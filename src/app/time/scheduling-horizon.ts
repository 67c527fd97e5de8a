/**
 * How far ahead staff may schedule a check-in or a video-call session: two years. Later dates are a
 * typing mistake, and dates near year 9999 break date arithmetic (moving into safe hours, job delays).
 */
export const SCHEDULING_HORIZON_MS = 2 * 366 * 24 * 3600 * 1000;

/**
 * Whether `at` is a real date no further than {@link SCHEDULING_HORIZON_MS} after `now`.
 *
 * @example
 * withinSchedulingHorizon(new Date('9999-12-31T23:59:00Z'), new Date('2026-12-01T00:00:00Z')) // false
 */
export function withinSchedulingHorizon(at: Date, now: Date): boolean {
  const t = at.getTime();
  return Number.isFinite(t) && t <= now.getTime() + SCHEDULING_HORIZON_MS;
}

/**
 * The earliest year a date typed by staff may name (a report's period, a calendar's day, a session's
 * start): earlier ones hold no records of the unit and are typing mistakes, and year 0 is no date
 * PostgreSQL stores.
 */
export const EARLIEST_YEAR = 2000;
