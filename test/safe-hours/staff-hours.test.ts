import { describe, expect, it } from 'vitest';
import { staffDuty } from '../../src/app/staff-hours.js';

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

  it('is always on duty without staff hours (STAFF_HOURS=always)', () => {
    expect(staffDuty(null, new Date('2026-12-13T08:00:00Z'))).toEqual({ staffOnDuty: true, fields: {} });
    expect(staffDuty(undefined, new Date('2026-12-13T08:00:00Z'))).toEqual({ staffOnDuty: true, fields: {} });
  });
});
