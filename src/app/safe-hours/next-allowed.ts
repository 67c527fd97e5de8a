import { allowedIntervals } from './allowed-intervals.js';
import type { ContactPolicy } from './policy.js';

/** How far ahead a safe moment is looked for before giving up (and telling a person). */
export const SEARCH_DAYS = 60;

/** Whether `at` falls inside her safe hours. */
export function isAllowed(policy: ContactPolicy, at: Date): boolean {
  const t = at.getTime();
  return allowedIntervals(policy, t, 1).some((i) => i.start <= t && t < i.end);
}

/**
 * When the safe hours `at` falls in end (windows that touch, such as two days' all-day windows, count
 * as one), or `null` when `at` is outside them: a message initiated at `at` may go out until then.
 *
 * @example
 * // windows every day 10:00–19:00; 18:59:57 → 19:00 the same day (America/Cancun)
 * allowedUntil(policy, new Date('2026-12-07T23:59:57Z')) // 2026-12-08T00:00:00.000Z
 */
export function allowedUntil(policy: ContactPolicy, at: Date): Date | null {
  const t = at.getTime();
  const intervals = allowedIntervals(policy, t, 2);
  const index = intervals.findIndex((i) => i.start <= t && t < i.end);
  if (index < 0) return null;
  let end = intervals[index]!.end;
  for (const next of intervals.slice(index + 1)) {
    if (next.start > end) break;
    end = Math.max(end, next.end);
  }
  return new Date(end);
}

/**
 * The first moment at or after `at` when a message may be initiated to her, or `null` when there is
 * none in the next {@link SEARCH_DAYS} days (her windows are all blocked).
 *
 * @example
 * // windows Mon–Fri 10:00–13:00; Friday 14:00 → Monday 10:00 (America/Cancun)
 * nextAllowedMoment(policy, new Date('2026-11-27T19:00:00Z')) // 2026-11-30T15:00:00.000Z
 */
export function nextAllowedMoment(policy: ContactPolicy, at: Date): Date | null {
  const t = at.getTime();
  // Most moments are found within a few days: look there first, and over the whole span only when
  // needed (working out 60 days of windows for every check-in an import plans took minutes). A moment
  // found before the short span's last day is the one the whole span gives: a window is at most a
  // day long, so every quiet hour or window that could change it was worked out too.
  for (const days of [...SHORT_SEARCH_DAYS, SEARCH_DAYS]) {
    for (const interval of allowedIntervals(policy, t, days)) {
      if (interval.end <= t) continue;
      const moment = Math.max(interval.start, t);
      if (days === SEARCH_DAYS || moment < t + (days - 1) * DAY_MS) return new Date(moment);
      break;
    }
  }
  return null;
}

/** The first, shorter looks ahead of {@link nextAllowedMoment}, in days. */
const SHORT_SEARCH_DAYS = [2, 8];
const DAY_MS = 24 * 3600 * 1000;

/**
 * The latest moment at or before `at`, and not before `notBefore`, when a message may be initiated to
 * her, or `null` if there is none in that span. Used for reminders that must arrive before an
 * appointment. A window's last `roomBeforeEndMs` (default one minute) are avoided where the window
 * allows: a send that pacing or a retry delays past the end is held back. In a window shorter than
 * that, its start; never in its last minute.
 *
 * @example
 * // windows Mon–Fri 10:00–13:00; Monday 09:00, 15 minutes of room → Friday 12:45 (America/Cancun)
 * latestAllowedMoment(policy, new Date('2026-11-30T14:00:00Z'), thursday, 15 * 60_000) // 2026-11-27T17:45:00.000Z
 */
export function latestAllowedMoment(policy: ContactPolicy, at: Date, notBefore: Date, roomBeforeEndMs = 60_000): Date | null {
  const t = at.getTime();
  const floor = notBefore.getTime();
  const days = Math.ceil((t - floor) / (24 * 3600 * 1000)) + 1;
  const intervals = allowedIntervals(policy, floor, days).filter((i) => i.start <= t && i.end > floor);
  for (let k = intervals.length - 1; k >= 0; k -= 1) {
    const i = intervals[k]!;
    const earliest = Math.max(i.start, floor);
    if (Math.min(t, i.end - 60_000) < earliest) continue;
    return new Date(Math.max(earliest, Math.min(t, i.end - Math.max(roomBeforeEndMs, 60_000))));
  }
  return null;
}
