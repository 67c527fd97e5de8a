import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { withinSchedulingHorizon } from '../../src/app/time/scheduling-horizon.js';
import { dayOfMonth, MIN_LEAD_DAYS, shiftedByWeeks, spanishDayAndMonth } from './shifted-dates.js';

const DAY_MS = 24 * 3600_000;
const cancun = (local: string) => DateTime.fromISO(local, { zone: 'America/Cancun' });

// The spans the appointment tests declare, and days "today" may be: now, around the fixed dates, well past them.
const SPANS = [
  { first: '2028-01-01', last: '2028-02-06' },
  { first: '2028-01-03', last: '2028-01-10' },
  { first: '2028-01-04', last: '2028-01-06' },
];
const TODAYS = ['2026-12-05T16:30:00Z', '2027-12-20T12:00:00Z', '2028-01-05T04:59:00Z', '2028-06-01T00:00:00Z', '2031-02-27T23:00:00Z'];

describe('shiftedByWeeks', () => {
  it.each(TODAYS.flatMap((today) => SPANS.map((span) => [today, span] as const)))(
    'on %s keeps %j a month ahead, inside the horizon, on the same weekdays',
    (today, span) => {
      const now = new Date(today);
      const shifted = shiftedByWeeks(span, now);
      const first = Date.parse(`${shifted(span.first)}T00:00:00Z`);
      expect(first).toBeGreaterThanOrEqual(now.getTime() + MIN_LEAD_DAYS * DAY_MS);
      expect(first).toBeLessThan(now.getTime() + (MIN_LEAD_DAYS + 7) * DAY_MS);
      const lastMoment = cancun(`${shifted(span.last)}T23:59`).toJSDate();
      expect(withinSchedulingHorizon(lastMoment, now)).toBe(true);
      for (const day of [span.first, span.last]) {
        expect(cancun(shifted(day)).weekday).toBe(cancun(day).weekday);
      }
    },
  );

  it('moves a local slot and its UTC instant by the same whole weeks, 5 hours apart in Cancún', () => {
    for (const today of TODAYS) {
      const shifted = shiftedByWeeks({ first: '2028-01-03', last: '2028-01-10' }, new Date(today));
      const local = cancun(shifted('2028-01-04T11:00'));
      expect(local.toFormat('ccc HH:mm')).toBe('Tue 11:00');
      expect(local.toUTC().toISO()).toBe(shifted('2028-01-04T16:00:00.000Z'));
      expect(Date.parse(shifted('2028-01-04T16:00:00Z')) - Date.parse('2028-01-04T16:00:00Z')).toBe(shifted.weeks * 7 * DAY_MS);
      expect(shifted('2028-01-10T09:30')).toMatch(/^\d{4}-\d{2}-\d{2}T09:30$/);
    }
  });

  it('picks the same dates all day long, and dates one week later when today is one week later', () => {
    const at = (today: string) => shiftedByWeeks({ first: '2028-01-03', last: '2028-01-10' }, new Date(today))('2028-01-03');
    expect(at('2027-12-20T00:00:00Z')).toBe(at('2027-12-20T23:59:00Z'));
    expect(at('2027-12-20T12:00:00Z')).toBe('2028-01-24');
    expect(at('2027-12-27T12:00:00Z')).toBe('2028-01-31');
    expect(at('2028-06-01T00:00:00Z')).toBe('2028-07-03');
  });

  it('refuses a literal outside its span or of another shape, an impossible day, and a span too long to fit', () => {
    const shifted = shiftedByWeeks({ first: '2028-01-03', last: '2028-01-10' }, new Date('2026-12-05T16:30:00Z'));
    expect(() => shifted('2028-01-11T09:00')).toThrow(/outside/);
    expect(() => shifted('2028-01-02')).toThrow(/outside/);
    expect(() => shifted('2028-01-04T10:00:00-05:00')).toThrow(/not a day, a local slot or a UTC instant/);
    expect(() => shifted('04/01/2028')).toThrow(/not a day, a local slot or a UTC instant/);
    expect(() => shiftedByWeeks({ first: '2028-02-30', last: '2028-03-02' })).toThrow(/not a day/);
    expect(() => shiftedByWeeks({ first: '2028-01-10', last: '2028-01-03' })).toThrow(/before/);
    expect(() => shiftedByWeeks({ first: '2028-01-01', last: '2029-12-31' }, new Date('2026-12-05T16:30:00Z'))).toThrow(/horizon/);
  });
});

describe('the Spanish day labels', () => {
  it('name the day of the month and the month as the console writes them', () => {
    expect(dayOfMonth('2028-01-03T09:00')).toBe(3);
    expect(spanishDayAndMonth('2028-01-04')).toBe('4 de enero');
    expect(spanishDayAndMonth('2027-09-30T10:00')).toBe('30 de septiembre');
    expect(spanishDayAndMonth('2027-12-31')).toBe('31 de diciembre');
  });
});
