import { z } from 'zod';
import type { WeeklyWindow } from '../../app/safe-hours/policy.js';
import { RequestError } from '../request-error.js';
import { tickedBox } from './route-helpers.js';

/** ISO weekdays, Monday first, as the forms name their fields (`dia1_desde` … `dia7_hasta`). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** A time of day as a `time` input sends it, or empty (not that day). */
const timeOfDay = z.union([z.literal(''), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'debe ser una hora como 09:30')]).default('');

/**
 * A form of weekly hours: a from and a to per day (`dia1_desde`, `dia1_hasta`, … in Cancún time), or
 * `general=si` for the service's hours instead.
 */
export const weeklyWindowsBody = z.object({
  general: tickedBox,
  ...Object.fromEntries(WEEKDAYS.flatMap((d) => [[`dia${d}_desde`, timeOfDay], [`dia${d}_hasta`, timeOfDay]])),
});

/** A 400 naming `field`, in the form every console refusal of a request takes (`campo: problema`). */
export function refused(field: string, problem: string): RequestError {
  return new RequestError(400, 'invalid_request', field, `${field}: ${problem}`);
}

/**
 * The weekly windows of a {@link weeklyWindowsBody} form: one per day with both times, grouped by equal
 * times (`lun–vie, 10:00 a 13:00`); "hasta 00:00" is the end of the day. A day with one time but not
 * the other, or with the same time twice, is refused naming its field; a form with no day at all too,
 * with `noDay` as its problem (choose the service's hours instead).
 */
export function windowsOf(body: Record<string, string | undefined>, noDay: string): WeeklyWindow[] {
  const byTimes = new Map<string, WeeklyWindow>();
  for (const day of WEEKDAYS) {
    const from = body[`dia${day}_desde`] ?? '';
    // A time input cannot say 24:00: "hasta 00:00" is the end of the day.
    const to = body[`dia${day}_hasta`] === '00:00' && from !== '' ? '24:00' : (body[`dia${day}_hasta`] ?? '');
    if (from === '' && to === '') continue;
    if (from === '' || to === '') throw refused(from === '' ? `dia${day}_desde` : `dia${day}_hasta`, 'falta la otra hora de ese día');
    if (from === to) throw refused(`dia${day}_hasta`, 'debe ser distinta de la hora de inicio');
    const key = `${from}-${to}`;
    const window = byTimes.get(key) ?? { days: [], from, to };
    window.days.push(day);
    byTimes.set(key, window);
  }
  if (byTimes.size === 0) throw refused('dia1_desde', noDay);
  return [...byTimes.values()];
}
