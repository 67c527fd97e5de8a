import { describe, expect, it } from 'vitest';
import { onDutyAt, staffDuty } from '../../src/app/staff-hours.js';

/** Staff on duty Monday to Friday 9:00–18:00 and Saturday 9:00–14:00, Cancún time (UTC−5). */
const HOURS = [
  { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' },
  { days: [6], from: '09:00', to: '14:00' },
];

describe('staffDuty: whether a person of the unit is on duty, and when one next is', () => {
  it('is on duty inside the hours, up to their last minute', () => {
    expect(staffDuty(HOURS, new Date('2026-12-07T14:00:00Z'))).toEqual({ staffOnDuty: true, fields: {} }); // Monday 9:00
    expect(staffDuty(HOURS, new Date('2026-12-07T22:59:00Z'))).toEqual({ staffOnDuty: true, fields: {} }); // Monday 17:59
  });

  it.each([
    ['Monday 3:00, before opening', '2026-12-07T08:00:00Z', 'hoy a las 9:00'],
    ['Monday 18:00, at closing', '2026-12-07T23:00:00Z', 'mañana a las 9:00'],
    ['Friday 23:30', '2026-12-12T04:30:00Z', 'mañana a las 9:00'],
    ['Saturday 14:00, at its earlier closing', '2026-12-12T19:00:00Z', 'el lunes 14 de diciembre a las 9:00'],
    ['Sunday noon', '2026-12-13T17:00:00Z', 'mañana a las 9:00'],
  ])('is off duty %s, and says when a person next is', (_, at, next) => {
    expect(staffDuty(HOURS, new Date(at))).toEqual({ staffOnDuty: false, fields: { atencion_hora: next } });
  });

  it('changes its answer at the window and at midnight, asked in any order', () => {
    const at = (iso: string) => staffDuty(HOURS, new Date(iso));
    expect(at('2026-12-07T22:59:59Z').staffOnDuty).toBe(true); // Monday 17:59:59
    expect(at('2026-12-07T23:00:00Z').fields.atencion_hora).toBe('mañana a las 9:00'); // Monday 18:00
    expect(at('2026-12-08T04:59:59Z').fields.atencion_hora).toBe('mañana a las 9:00'); // Monday 23:59:59
    expect(at('2026-12-08T05:00:00Z').fields.atencion_hora).toBe('hoy a las 9:00'); // Tuesday 0:00
    expect(at('2026-12-08T14:00:00Z').staffOnDuty).toBe(true); // Tuesday 9:00
    expect(at('2026-12-07T23:30:00Z').fields.atencion_hora).toBe('mañana a las 9:00'); // back to Monday 18:30
    expect(at('2026-12-07T20:00:00Z').staffOnDuty).toBe(true); // Monday 15:00
  });

  it('is always on duty without staff hours (STAFF_HOURS=always)', () => {
    expect(staffDuty(null, new Date('2026-12-13T08:00:00Z'))).toEqual({ staffOnDuty: true, fields: {} });
    expect(staffDuty(undefined, new Date('2026-12-13T08:00:00Z'))).toEqual({ staffOnDuty: true, fields: {} });
  });
});

describe('onDutyAt: a local weekday and minute, as the reports classify handoffs', () => {
  it('agrees with the hours, windows that cross midnight included', () => {
    expect(onDutyAt(HOURS, 1, 9 * 60)).toBe(true); // Monday 9:00
    expect(onDutyAt(HOURS, 1, 18 * 60)).toBe(false); // Monday 18:00
    expect(onDutyAt(HOURS, 6, 13 * 60 + 59)).toBe(true); // Saturday 13:59
    expect(onDutyAt(HOURS, 7, 12 * 60)).toBe(false); // Sunday noon
    const nights = [{ days: [5], from: '20:00', to: '08:00' }];
    expect(onDutyAt(nights, 5, 23 * 60)).toBe(true); // Friday 23:00
    expect(onDutyAt(nights, 6, 7 * 60 + 59)).toBe(true); // Saturday 7:59, the same night
    expect(onDutyAt(nights, 6, 8 * 60)).toBe(false);
    expect(onDutyAt(nights, 1, 7 * 60)).toBe(false); // Monday 7:00: no Sunday night
    expect(onDutyAt(null, 7, 3 * 60)).toBe(true);
  });
});
