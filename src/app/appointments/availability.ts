import { DateTime } from 'luxon';
import { allowedIntervals, type Interval } from '../safe-hours/allowed-intervals.js';
import type { ContactPolicy, WeeklyWindow } from '../safe-hours/policy.js';
import { UNIT_TIME_ZONE } from '../../engine/index.js';

/** Offered sessions start on these boundaries (local time): :00 and :30. */
const STEP_MINUTES = 30;
/** How far ahead free slots are looked for. */
export const AVAILABILITY_DAYS = 28;

/** A session time offered or booked. */
export interface Slot {
  startsAt: Date;
  endsAt: Date;
}

/** What decides whether a time is free for a session between her and a psychologist. */
export interface AvailabilityInput {
  /** The psychologist's weekly hours (America/Cancun). */
  working: readonly WeeklyWindow[];
  /** Her safe hours: the whole session must fall inside them. */
  her: ContactPolicy;
  /** The psychologist's sessions that hold her time (active statuses). */
  busy: readonly Slot[];
}

function inside(intervals: readonly Interval[], start: number, end: number): boolean {
  return intervals.some((i) => i.start <= start && end <= i.end);
}

/** Whether [start, end) is free: inside her hours, inside the psychologist's, overlapping no session. */
export function slotFits(input: AvailabilityInput, slot: Slot): boolean {
  const start = slot.startsAt.getTime();
  const end = slot.endsAt.getTime();
  const days = Math.ceil((end - start) / 86_400_000) + 1;
  const working = allowedIntervals({ windows: input.working, blocked: [], quiet: null }, start, days);
  const hers = allowedIntervals(input.her, start, days);
  return inside(working, start, end) && inside(hers, start, end) && !input.busy.some((b) => b.startsAt.getTime() < end && start < b.endsAt.getTime());
}

/** Which rule a session time breaks, checked in this order; see {@link refusalOf}. */
export type SlotRefusal = { rule: 'working_hours' } | { rule: 'her_hours' } | { rule: 'clash'; with: Slot };

/**
 * Why [start, end) is not free, naming the first rule it breaks: the psychologist's hours, her safe
 * hours, or another session (the one it overlaps); `null` when it fits ({@link slotFits}).
 *
 * @example
 * refusalOf(input, { startsAt: saturday3pm, endsAt: saturday350pm }) // { rule: 'working_hours' }
 */
export function refusalOf(input: AvailabilityInput, slot: Slot): SlotRefusal | null {
  const start = slot.startsAt.getTime();
  const end = slot.endsAt.getTime();
  const days = Math.ceil((end - start) / 86_400_000) + 1;
  if (!inside(allowedIntervals({ windows: input.working, blocked: [], quiet: null }, start, days), start, end)) return { rule: 'working_hours' };
  if (!inside(allowedIntervals(input.her, start, days), start, end)) return { rule: 'her_hours' };
  const clash = input.busy.find((b) => b.startsAt.getTime() < end && start < b.endsAt.getTime());
  return clash ? { rule: 'clash', with: { startsAt: clash.startsAt, endsAt: clash.endsAt } } : null;
}

/**
 * The next `count` free session times after `from` (on the hour or half hour, America/Cancun), each
 * `durationMinutes` long, fitting the psychologist's hours, her safe hours and no other session;
 * fewer when the next {@link AVAILABILITY_DAYS} days hold fewer.
 *
 * @example
 * // working Mon–Fri 09:00–17:00, her windows Mon–Sat 10:00–19:00, 50-minute sessions, Monday 09:10
 * nextFreeSlots(input, new Date('2026-06-01T14:10:00Z'), 3, 50) // Mon 10:00, 10:30, 11:00 (if free)
 */
export function nextFreeSlots(input: AvailabilityInput, from: Date, count: number, durationMinutes: number): Slot[] {
  const out: Slot[] = [];
  const durationMs = durationMinutes * 60_000;
  const working = allowedIntervals({ windows: input.working, blocked: [], quiet: null }, from.getTime(), AVAILABILITY_DAYS);
  for (const interval of working) {
    let cursor = DateTime.fromMillis(Math.max(interval.start, from.getTime()), { zone: UNIT_TIME_ZONE });
    const offset = cursor.minute % STEP_MINUTES;
    if (offset !== 0 || cursor.second !== 0 || cursor.millisecond !== 0) {
      cursor = cursor.set({ second: 0, millisecond: 0 }).plus({ minutes: STEP_MINUTES - offset });
    }
    for (let start = cursor.toMillis(); start + durationMs <= interval.end; start += STEP_MINUTES * 60_000) {
      const slot = { startsAt: new Date(start), endsAt: new Date(start + durationMs) };
      if (!slotFits(input, slot)) continue;
      out.push(slot);
      if (out.length === count) return out;
    }
  }
  return out;
}
