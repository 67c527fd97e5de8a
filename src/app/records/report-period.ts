import { DateTime } from 'luxon';
import { UNIT_TIME_ZONE } from '../../engine/index.js';
import { EARLIEST_YEAR } from '../time/scheduling-horizon.js';

/**
 * A report's period, as the bulletin reads it: the days from `from` to `to`, both included
 * (`YYYY-MM-DD` in America/Cancun), and the instants `[start, end)` they cover (`end` is the
 * midnight after `to`).
 *
 * @example
 * parseReportPeriod({ from: '2026-01-01', to: '2026-03-31' });
 * // { ok: true, period: { from: '2026-01-01', to: '2026-03-31',
 * //   start: 2026-01-01T05:00:00.000Z, end: 2026-04-01T05:00:00.000Z } }
 */
export interface ReportPeriod {
  from: string;
  /** The last day included. */
  to: string;
  start: Date;
  end: Date;
}

/** The field a period was given with: its two days, a month (`mes`) or a year (`anio`). */
export type PeriodField = 'from' | 'to' | 'mes' | 'anio';

/** A period, or the field that is wrong and why (in Spanish and English; never more than the field's own format). */
export type PeriodResult = { ok: true; period: ReportPeriod } | { ok: false; field: PeriodField; message: string; messageEn: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function day(value: string | undefined): DateTime | null {
  if (value === undefined || !DATE.test(value)) return null;
  const parsed = DateTime.fromISO(value, { zone: UNIT_TIME_ZONE });
  return parsed.isValid && parsed.year >= EARLIEST_YEAR ? parsed.startOf('day') : null;
}

function period(first: DateTime, last: DateTime): PeriodResult {
  return {
    ok: true,
    period: { from: first.toISODate()!, to: last.toISODate()!, start: first.toJSDate(), end: last.plus({ days: 1 }).toJSDate() },
  };
}

const wrong = (field: PeriodField, message: string, messageEn: string): PeriodResult => ({ ok: false, field, message, messageEn });

/**
 * Checks a period given as `from` and `to` (`YYYY-MM-DD`, both days included), or as a month
 * (`mes: '2025-01'`) or a year (`anio: '2025'`), and turns it into instants. A month or a year cannot
 * be combined with days.
 */
export function parseReportPeriod(input: { from?: string | undefined; to?: string | undefined; mes?: string | undefined; anio?: string | undefined }): PeriodResult {
  const given = [input.mes !== undefined, input.anio !== undefined, input.from !== undefined || input.to !== undefined].filter(Boolean).length;
  if (given > 1) {
    const field: PeriodField = input.mes !== undefined ? 'mes' : 'anio';
    return wrong(field, `${field}: usa un mes, un año o dos fechas, no varios a la vez`, `${field}: give a month, a year or two dates, not several`);
  }
  if (input.mes !== undefined) {
    const month = /^\d{4}-\d{2}$/.test(input.mes) ? DateTime.fromISO(`${input.mes}-01`, { zone: UNIT_TIME_ZONE }) : null;
    if (!month?.isValid || month.year < EARLIEST_YEAR) return wrong('mes', 'mes: debe ser un mes como 2025-01', 'mes: must be a month such as 2025-01');
    return period(month, month.endOf('month').startOf('day'));
  }
  if (input.anio !== undefined) {
    const year = /^\d{4}$/.test(input.anio) ? DateTime.fromObject({ year: Number(input.anio) }, { zone: UNIT_TIME_ZONE }) : null;
    if (!year?.isValid || year.year < EARLIEST_YEAR) return wrong('anio', 'anio: debe ser un año como 2025', 'anio: must be a year such as 2025');
    return period(year, year.endOf('year').startOf('day'));
  }
  const from = day(input.from);
  if (!from) return wrong('from', 'from: debe ser una fecha como 2026-01-01', 'from: must be a date such as 2026-01-01');
  const to = day(input.to);
  if (!to) return wrong('to', 'to: debe ser una fecha como 2026-03-31 (el último día incluido)', 'to: must be a date such as 2026-03-31 (the last day included)');
  if (to < from) return wrong('to', 'to: no puede ser anterior a from (es el último día incluido)', 'to: must not be before from (it is the last day included)');
  return period(from, to);
}

/** The last `days` days up to and including today, in America/Cancun. */
export function recentReportPeriod(now: Date, days = 90): ReportPeriod {
  const today = DateTime.fromJSDate(now, { zone: UNIT_TIME_ZONE }).startOf('day');
  const result = period(today.minus({ days: days - 1 }), today);
  if (!result.ok) throw new Error('unreachable');
  return result.period;
}

/** The calendar month before the one `now` falls in (America/Cancun): the period of the monthly bulletin. */
export function previousMonthPeriod(now: Date): ReportPeriod {
  const month = DateTime.fromJSDate(now, { zone: UNIT_TIME_ZONE }).startOf('month').minus({ months: 1 });
  const result = period(month, month.endOf('month').startOf('day'));
  if (!result.ok) throw new Error('unreachable');
  return result.period;
}
