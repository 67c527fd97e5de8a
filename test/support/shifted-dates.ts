import { SCHEDULING_HORIZON_MS } from '../../src/app/time/scheduling-horizon.js';

const DAY_MS = 24 * 3600_000;
const WEEK_MS = 7 * DAY_MS;

/** How far ahead of today the earliest moved date falls, at least: clear of "now" and of today's own slots. */
export const MIN_LEAD_DAYS = 30;

const LITERAL = /^(\d{4}-\d{2}-\d{2})((?:T\d{2}:\d{2})(?::\d{2}(?:\.\d{3})?Z)?)?$/;
const MONTHS_ES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

/** A test's fixed dates, each moved by the same whole number of weeks; `weeks` is that number. */
export interface ShiftedDates {
  (fixed: string): string;
  readonly weeks: number;
}

/**
 * Lets a test that books sessions keep its dates as readable literals without ageing out.
 *
 * Bookings must start in the future and end within the two-year horizon
 * (src/app/time/scheduling-horizon.ts), so literal dates expire. A test file declares the span its
 * literals lie in (`first` and `last` day, `YYYY-MM-DD`) and passes every literal, input or expected,
 * through the returned function. All of them move by one whole number of weeks, the smallest that puts
 * `first` at least {@link MIN_LEAD_DAYS} days after `today` (so it lands 30–36 days ahead). Whole weeks
 * keep each weekday and each time of day, and America/Cancun has no daylight saving time, so a local
 * time and its UTC instant stay 5 hours apart: only the `YYYY-MM-DD` part of a literal changes.
 *
 * Accepted literals: a day `2028-01-03`, a local slot `2028-01-03T09:00`, and UTC instants
 * `2028-01-04T16:00:00Z` / `2028-01-04T16:00:00.000Z`. A literal outside the declared span, or of
 * another shape, throws, as does a span too long to fit in the horizon once moved.
 *
 * @example
 * const shift = shiftedByWeeks({ first: '2028-01-03', last: '2028-01-10' }); // 2028-01-03 is a Monday
 * shift('2028-01-03T09:00'); // a Monday 09:00, 30 to 36 days from today
 */
export function shiftedByWeeks(span: { first: string; last: string }, today: Date = new Date()): ShiftedDates {
  const first = dayStart(span.first);
  const last = dayStart(span.last);
  if (last < first) throw new Error(`shiftedByWeeks: ${span.last} is before ${span.first}`);
  const weeks = Math.ceil((today.getTime() + MIN_LEAD_DAYS * DAY_MS - first) / WEEK_MS);
  // The last local day in Cancún ends at 05:00 UTC the day after; two days leave room for that.
  if (last + weeks * WEEK_MS + 2 * DAY_MS > today.getTime() + SCHEDULING_HORIZON_MS) {
    throw new Error(`shiftedByWeeks: ${span.first}..${span.last} does not fit within the scheduling horizon once moved`);
  }
  const shift = (fixed: string): string => {
    const [, day, rest = ''] = LITERAL.exec(fixed) ?? [];
    if (day === undefined) throw new Error(`shiftedByWeeks: ${fixed} is not a day, a local slot or a UTC instant`);
    if (day < span.first || day > span.last) throw new Error(`shiftedByWeeks: ${fixed} lies outside ${span.first}..${span.last}`);
    return new Date(dayStart(day) + weeks * WEEK_MS).toISOString().slice(0, 10) + rest;
  };
  return Object.assign(shift, { weeks });
}

/** The day of the month a `YYYY-MM-DD` or local slot string names, as the calendar headers show it (`lun 3`). */
export function dayOfMonth(local: string): number {
  return Number(local.slice(8, 10));
}

/** The day a `YYYY-MM-DD` or local slot string names in the console's Spanish, e.g. `4 de enero`. */
export function spanishDayAndMonth(local: string): string {
  return `${dayOfMonth(local)} de ${MONTHS_ES[Number(local.slice(5, 7)) - 1]}`;
}

function dayStart(day: string): number {
  const t = Date.parse(`${day}T00:00:00Z`);
  // Date.parse rolls 2028-02-30 over into March; only a day that reads back the same is a day.
  if (!Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== day) throw new Error(`shiftedByWeeks: ${day} is not a day`);
  return t;
}
