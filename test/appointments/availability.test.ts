import { describe, expect, it } from 'vitest';
import { nextFreeSlots, slotFits, type AvailabilityInput } from '../../src/app/appointments/availability.js';
import { planReminder } from '../../src/app/appointments/reminder-times.js';
import { newVideoRoom, videoLink } from '../../src/app/appointments/video-link.js';
import type { ContactPolicy } from '../../src/app/safe-hours/policy.js';

/** Cancún is UTC−5 all year: local 10:00 is 15:00Z. */
const at = (iso: string) => new Date(iso);
const herWindows: ContactPolicy = { windows: [{ days: [1, 2, 3, 4, 5, 6], from: '10:00', to: '19:00' }], blocked: [], quiet: { from: '21:00', to: '08:00' } };
const input = (busy: AvailabilityInput['busy'] = []): AvailabilityInput => ({
  working: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '14:00' }],
  her: herWindows,
  busy,
});

describe('free session times', () => {
  it('start on the half hour inside both her hours and the psychologist\'s, around other sessions', () => {
    // Monday 2031-01-06, 09:10 in Cancún: her windows open at 10:00.
    const slots = nextFreeSlots(input([{ startsAt: at('2031-01-06T15:30:00Z'), endsAt: at('2031-01-06T16:20:00Z') }]), at('2031-01-06T14:10:00Z'), 3, 50);
    expect(slots.map((s) => s.startsAt.toISOString())).toEqual(['2031-01-06T16:30:00.000Z', '2031-01-06T17:00:00.000Z', '2031-01-06T17:30:00.000Z']);
    expect(slots.every((s) => s.endsAt.getTime() - s.startsAt.getTime() === 50 * 60_000)).toBe(true);
  });

  it('skip to the next working day when a session no longer fits the day', () => {
    // Friday 13:30: a 50-minute session would end after 14:00; the weekend is not worked.
    const slots = nextFreeSlots(input(), at('2031-01-10T18:30:00Z'), 1, 50);
    expect(slots[0]!.startsAt.toISOString()).toBe('2031-01-13T15:00:00.000Z'); // Monday 10:00
  });

  it('respect her blocked periods', () => {
    const blocked = { ...input(), her: { ...herWindows, blocked: [{ from: '2031-01-06T00:00:00-05:00', to: '2031-01-08T00:00:00-05:00' }] } };
    expect(nextFreeSlots(blocked, at('2031-01-06T14:00:00Z'), 1, 50)[0]!.startsAt.toISOString()).toBe('2031-01-08T15:00:00.000Z');
  });

  it('judge one time', () => {
    expect(slotFits(input(), { startsAt: at('2031-01-06T15:00:00Z'), endsAt: at('2031-01-06T15:50:00Z') })).toBe(true);
    expect(slotFits(input(), { startsAt: at('2031-01-06T14:30:00Z'), endsAt: at('2031-01-06T15:20:00Z') })).toBe(false); // before her hours
    expect(slotFits(input(), { startsAt: at('2031-01-11T15:00:00Z'), endsAt: at('2031-01-11T15:50:00Z') })).toBe(false); // Saturday
  });
});

describe('reminder times', () => {
  const session = at('2031-01-07T16:00:00Z'); // Tuesday 11:00
  const now = at('2031-01-01T15:00:00Z');

  it('go 24 h and 1 h before when those are inside her hours', () => {
    expect(planReminder(herWindows, 'day', session, now)).toEqual({ kind: 'day', at: at('2031-01-06T16:00:00Z'), moved: false });
    expect(planReminder(herWindows, 'hour', session, now)).toEqual({ kind: 'hour', at: at('2031-01-07T15:00:00Z'), moved: false });
  });

  it('go at the latest safe moment before when the ideal time is outside her hours', () => {
    // Tuesday 10:30: the hour reminder (09:30) falls before her windows open; the day before at 18:45,
    // with a quarter of an hour left before her window closes.
    const early = at('2031-01-07T15:30:00Z');
    expect(planReminder(herWindows, 'hour', early, now)).toEqual({ kind: 'hour', at: at('2031-01-06T23:45:00Z'), moved: true });
  });

  it('keep a quarter of an hour before her window closes, where the window allows', () => {
    // Tuesday 19:55: the hour reminder (18:55) would start five minutes before her window closes at 19:00.
    const late = at('2031-01-08T00:55:00Z');
    expect(planReminder(herWindows, 'hour', late, now)).toEqual({ kind: 'hour', at: at('2031-01-07T23:45:00Z'), moved: true });
    // A window shorter than that: its start.
    const short: ContactPolicy = { windows: [{ days: [2], from: '18:50', to: '19:00' }], blocked: [], quiet: null };
    expect(planReminder(short, 'hour', at('2031-01-08T01:00:00Z'), now)).toEqual({ kind: 'hour', at: at('2031-01-07T23:50:00Z'), moved: true });
  });

  it('are skipped when no safe moment is near enough, or the time has passed', () => {
    const narrow: ContactPolicy = { windows: [{ days: [3], from: '10:00', to: '11:00' }], blocked: [], quiet: null };
    expect(planReminder(narrow, 'hour', at('2031-01-07T20:00:00Z'), now)).toEqual({ kind: 'hour', skipped: 'no_safe_moment' });
    expect(planReminder(herWindows, 'day', session, at('2031-01-07T01:00:00Z'))).toEqual({ kind: 'day', skipped: 'past' });
  });
});

describe('video links', () => {
  it('carry 128+ random bits and nothing else', () => {
    const rooms = Array.from({ length: 2000 }, () => newVideoRoom());
    expect(new Set(rooms).size).toBe(rooms.length);
    for (const room of rooms.slice(0, 50)) {
      expect(room).toMatch(/^[A-Za-z0-9_-]{24}$/); // 24 base64url characters: 144 bits
      expect(Buffer.from(room, 'base64url')).toHaveLength(18);
    }
    expect(videoLink('https://meet.example.org/', 'abc_DEF-123')).toBe('https://meet.example.org/abc_DEF-123');
  });
});

describe('the fields a run gets about her session', () => {
  const now = at('2031-01-06T15:00:00Z');
  const appointment = {
    id: 'a',
    startsAt: at('2031-01-07T15:00:00Z'),
    status: 'confirmed' as const,
    videoRoom: 'q3ZP1v0cX9mYk2Lr7TQa_b5W',
    reminderDaySentAt: at('2031-01-06T15:00:00Z'),
    reminderHourSentAt: null,
    offers: [{ startsAt: at('2031-01-08T16:00:00Z'), endsAt: at('2031-01-08T16:50:00Z') }],
  };

  it('show the link only once the reminder VIDEO_LINK_SENT names has gone out', async () => {
    const { runFields } = await import('../../src/app/case-fields.js');
    const day = runFields({ stored: { videollamada: 'confirmada' }, appointment }, now, { baseUrl: 'https://v.example.org', linkSentWith: 'reminder_day' });
    expect(day).toEqual({
      videollamada: 'confirmada',
      tiene_cita: true,
      con_enlace: true,
      cita_enlace: 'https://v.example.org/q3ZP1v0cX9mYk2Lr7TQa_b5W',
      cita_hora: 'mañana a las 10:00',
      hay_opciones: true,
      cita_opciones: '1) el miércoles 8 de enero a las 11:00',
    });
    const hour = runFields({ stored: {}, appointment }, now, { baseUrl: 'https://v.example.org', linkSentWith: 'reminder_hour' });
    expect(hour.con_enlace).toBe(false);
    expect(hour.cita_enlace).toBeUndefined();
    expect(runFields({ stored: {}, appointment: null }, now)).toEqual({ tiene_cita: false, con_enlace: false });
  });

  it('list only offers starting an hour or more from now, keeping their numbers', async () => {
    const { runFields } = await import('../../src/app/case-fields.js');
    const offers = [
      { startsAt: at('2031-01-06T15:30:00Z'), endsAt: at('2031-01-06T16:20:00Z') },
      { startsAt: at('2031-01-06T16:00:00Z'), endsAt: at('2031-01-06T16:50:00Z') },
      { startsAt: at('2031-01-08T16:00:00Z'), endsAt: at('2031-01-08T16:50:00Z') },
    ];
    const fields = runFields({ stored: {}, appointment: { ...appointment, offers } }, now);
    expect(fields.hay_opciones).toBe(true);
    expect(fields.cita_opciones).toBe('2) hoy a las 11:00\n3) el miércoles 8 de enero a las 11:00');
    const later = runFields({ stored: {}, appointment: { ...appointment, offers } }, at('2031-01-08T15:30:00Z'));
    expect(later.hay_opciones).toBe(false);
    expect(later.cita_opciones).toBeUndefined();
  });
});
