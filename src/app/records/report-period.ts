import { DateTime } from 'luxon';
import { UNIT_TIME_ZONE } from '../../engine/index.js';

/**
 * A report's period: the days from `from` up to, not including, `to` (`YYYY-MM-DD` in America/Cancun),
 * and the instants `[start, end)` they cover.
 *
 * @example
 * parseReportPeriod({ from: '2026-01-01', to: '2026-04-01' });
 * // { ok: true, period: { from: '2026-01-01', to: '2026-04-01', lastDay: '2026-03-31',
 * //   start: 2026-01-01T05:00:00.000Z, end: 2026-04-01T05:00:00.000Z } }
 */
export interface ReportPeriod {
  from: string;
  to: string;
  /** The last day included (the day before `to`). */
  lastDay: string;
  start: Date;
  end: Date;
}

/** A period, or the field that is wrong and why. */
export type PeriodResult = { ok: true; period: ReportPeriod } | { ok: false; field: 'from' | 'to'; message: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function day(value: string | undefined): DateTime | null {
  if (value === undefined || !DATE.test(value)) return null;
  const parsed = DateTime.fromISO(value, { zone: UNIT_TIME_ZONE });
  return parsed.isValid ? parsed.startOf('day') : null;
}

/** Checks `from` and `to` (`YYYY-MM-DD`, `to` excluded) and turns them into instants. */
export function parseReportPeriod(input: { from?: string | undefined; to?: string | undefined }): PeriodResult {
  const from = day(input.from);
  if (!from) return { ok: false, field: 'from', message: 'from: must be a date such as 2026-01-01' };
  const to = day(input.to);
  if (!to) return { ok: false, field: 'to', message: 'to: must be a date such as 2026-04-01 (the day after the last one included)' };
  if (to <= from) return { ok: false, field: 'to', message: 'to: must be after from (it is the day after the last one included)' };
  return {
    ok: true,
    period: {
      from: from.toISODate()!,
      to: to.toISODate()!,
      lastDay: to.minus({ days: 1 }).toISODate()!,
      start: from.toJSDate(),
      end: to.toJSDate(),
    },
  };
}

/** The last `days` days up to and including today, in America/Cancun. */
export function recentReportPeriod(now: Date, days = 90): ReportPeriod {
  const to = DateTime.fromJSDate(now, { zone: UNIT_TIME_ZONE }).startOf('day').plus({ days: 1 });
  const result = parseReportPeriod({ from: to.minus({ days }).toISODate()!, to: to.toISODate()! });
  if (!result.ok) throw new Error(result.message);
  return result.period;
}
