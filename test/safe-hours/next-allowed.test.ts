import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { allowedUntil, isAllowed, latestAllowedMoment, nextAllowedMoment } from '../../src/app/safe-hours/next-allowed.js';
import { contactPolicy, safeHoursUnreadable, type ContactPolicy } from '../../src/app/safe-hours/policy.js';

/** A local America/Cancun time, e.g. `cancun('2026-11-27 14:00')` (a Friday). */
const cancun = (local: string) => DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: 'America/Cancun' }).toJSDate();
const local = (date: Date | null) =>
  date === null ? null : DateTime.fromJSDate(date, { zone: 'America/Cancun' }).toFormat('yyyy-MM-dd HH:mm ccc');

const weekdaysMorning: ContactPolicy = {
  windows: [{ days: [1, 2, 3, 4, 5], from: '10:00', to: '13:00' }],
  blocked: [],
  quiet: null,
};

describe('nextAllowedMoment', () => {
  it.each([
    ['inside a window stays put', weekdaysMorning, '2026-11-26 11:15', '2026-11-26 11:15 Thu'],
    ['at the window start', weekdaysMorning, '2026-11-26 10:00', '2026-11-26 10:00 Thu'],
    ['at the window end moves to the next day (end is exclusive)', weekdaysMorning, '2026-11-26 13:00', '2026-11-27 10:00 Fri'],
    ['before the window, same day', weekdaysMorning, '2026-11-26 07:30', '2026-11-26 10:00 Thu'],
    ['Friday afternoon crosses the weekend', weekdaysMorning, '2026-11-27 14:00', '2026-11-30 10:00 Mon'],
    ['Sunday night to Monday', weekdaysMorning, '2026-11-29 23:59', '2026-11-30 10:00 Mon'],
    ['just before midnight Saturday', weekdaysMorning, '2026-11-28 23:59', '2026-11-30 10:00 Mon'],
    ['end of year crosses into January', weekdaysMorning, '2026-12-31 15:00', '2027-01-01 10:00 Fri'],
  ])('%s', (_name, policy, at, expected) => {
    expect(local(nextAllowedMoment(policy, cancun(at)))).toBe(expected);
  });

  it('follows a window that crosses midnight', () => {
    const nights: ContactPolicy = { windows: [{ days: [6], from: '22:00', to: '01:00' }], blocked: [], quiet: null };
    expect(local(nextAllowedMoment(nights, cancun('2026-11-29 00:30')))).toBe('2026-11-29 00:30 Sun');
    expect(local(nextAllowedMoment(nights, cancun('2026-11-29 01:00')))).toBe('2026-12-05 22:00 Sat');
  });

  it('skips a blocked period, even one that ends inside a window', () => {
    const policy: ContactPolicy = {
      ...weekdaysMorning,
      blocked: [{ from: '2026-11-26T00:00:00-05:00', to: '2026-11-27T11:30:00-05:00' }],
    };
    expect(local(nextAllowedMoment(policy, cancun('2026-11-26 10:30')))).toBe('2026-11-27 11:30 Fri');
  });

  it('keeps the deployment quiet hours even inside her windows', () => {
    const policy: ContactPolicy = {
      windows: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '06:00', to: '23:00' }],
      blocked: [],
      quiet: { from: '21:00', to: '08:00' },
    };
    expect(local(nextAllowedMoment(policy, cancun('2026-11-26 06:30')))).toBe('2026-11-26 08:00 Thu');
    expect(local(nextAllowedMoment(policy, cancun('2026-11-26 21:00')))).toBe('2026-11-27 08:00 Fri');
    expect(isAllowed(policy, cancun('2026-11-26 20:59'))).toBe(true);
    expect(isAllowed(policy, cancun('2026-11-26 22:00'))).toBe(false);
  });

  it('gives up when every window is blocked for the search horizon', () => {
    const policy: ContactPolicy = {
      ...weekdaysMorning,
      blocked: [{ from: '2026-11-01T00:00:00-05:00', to: '2027-06-01T00:00:00-05:00' }],
    };
    expect(nextAllowedMoment(policy, cancun('2026-11-26 11:00'))).toBeNull();
  });
});

describe('allowedUntil', () => {
  it('is the end of the window under way, and null outside one', () => {
    expect(local(allowedUntil(weekdaysMorning, cancun('2026-11-26 12:59')))).toBe('2026-11-26 13:00 Thu');
    expect(allowedUntil(weekdaysMorning, cancun('2026-11-26 13:00'))).toBeNull();
    expect(allowedUntil(weekdaysMorning, cancun('2026-11-28 11:00'))).toBeNull();
  });

  it('ends at quiet hours, and runs across midnight when two days touch', () => {
    const evenings: ContactPolicy = { windows: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }], blocked: [], quiet: { from: '21:00', to: '08:00' } };
    expect(local(allowedUntil(evenings, cancun('2026-11-26 20:00')))).toBe('2026-11-26 21:00 Thu');
    const always: ContactPolicy = { windows: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }], blocked: [], quiet: null };
    expect(allowedUntil(always, cancun('2026-11-26 23:00'))!.getTime()).toBeGreaterThan(cancun('2026-11-27 00:30').getTime());
  });
});

describe('latestAllowedMoment', () => {
  it('is the moment itself inside a window, else a minute before the last window closed', () => {
    expect(local(latestAllowedMoment(weekdaysMorning, cancun('2026-11-26 12:00'), cancun('2026-11-25 12:00')))).toBe('2026-11-26 12:00 Thu');
    expect(local(latestAllowedMoment(weekdaysMorning, cancun('2026-11-30 09:00'), cancun('2026-11-26 00:00')))).toBe('2026-11-27 12:59 Fri');
  });

  it('keeps the room asked for before a window closes, never less than a minute, and not before the floor', () => {
    const room = 15 * 60_000;
    expect(local(latestAllowedMoment(weekdaysMorning, cancun('2026-11-30 09:00'), cancun('2026-11-26 00:00'), room))).toBe('2026-11-27 12:45 Fri');
    expect(local(latestAllowedMoment(weekdaysMorning, cancun('2026-11-27 12:55'), cancun('2026-11-27 12:50'), room))).toBe('2026-11-27 12:50 Fri');
    const lastMinute = new Date(cancun('2026-11-27 12:59').getTime() + 30_000);
    expect(latestAllowedMoment(weekdaysMorning, lastMinute, lastMinute, room)).toBeNull();
  });

  it('is null when no window lies between the two moments', () => {
    expect(latestAllowedMoment(weekdaysMorning, cancun('2026-11-30 09:00'), cancun('2026-11-28 00:00'))).toBeNull();
  });
});

describe('contactPolicy', () => {
  const defaults = { windows: [{ days: [1], from: '09:00', to: '10:00' }], quiet: { from: '21:00', to: '08:00' } };
  it('uses her stored hours when valid and the defaults when she has none', () => {
    const hers = { windows: [{ days: [2], from: '11:00', to: '12:00' }], blocked: [] };
    expect(contactPolicy(hers, defaults).windows).toEqual(hers.windows);
    expect(contactPolicy(null, defaults).windows).toEqual(defaults.windows);
    expect(contactPolicy(hers, defaults).quiet).toEqual(defaults.quiet);
    expect(safeHoursUnreadable(hers)).toBe(false);
    expect(safeHoursUnreadable(null)).toBe(false);
  });

  it('allows no moment at all when her stored hours cannot be read: a period she blocked may be among them', () => {
    const friday = cancun('2026-11-27 09:30');
    for (const unreadable of [{ windows: [] }, { blocked: [{ from: '2026-11-27T00:00:00-05:00' }] }, 'mañanas', { windows: [{ days: [8], from: '09:00', to: '10:00' }] }]) {
      expect(safeHoursUnreadable(unreadable)).toBe(true);
      expect(nextAllowedMoment(contactPolicy(unreadable, defaults), friday)).toBeNull();
    }
  });
});
