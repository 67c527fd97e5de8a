import { DateTime } from 'luxon';
import { UNIT_TIME_ZONE } from '../../engine/index.js';
import type { PeriodLink } from './report-page.js';

/** The periods the unit reports most often, as of `now` in Quintana Roo (each `to` is the last day included). */
export function periodShortcuts(now: Date): PeriodLink[] {
  const today = DateTime.fromJSDate(now, { zone: UNIT_TIME_ZONE }).startOf('day');
  const thisMonth = today.startOf('month');
  const thisQuarter = today.startOf('quarter');
  const link = (label: string, from: DateTime, to: DateTime): PeriodLink => ({ label, from: from.toISODate()!, to: to.toISODate()! });
  return [
    link('Últimos 90 días', today.minus({ days: 89 }), today),
    link('Mes anterior', thisMonth.minus({ months: 1 }), thisMonth.minus({ days: 1 })),
    link('Trimestre anterior', thisQuarter.minus({ quarters: 1 }), thisQuarter.minus({ days: 1 })),
    link('Año en curso', today.startOf('year'), today),
  ];
}
