import { allowedUntil, latestAllowedMoment } from '../safe-hours/next-allowed.js';
import type { ContactPolicy } from '../safe-hours/policy.js';
import type { ReminderKind } from './ports.js';

/** How long before the session each reminder is meant to reach her. */
export const REMINDER_LEAD_MS: Record<ReminderKind, number> = { day: 24 * 3600_000, hour: 3600_000 };
/** The earliest a reminder may be brought forward to, before its ideal time (it must still remind). */
const EARLIEST_LEAD_MS: Record<ReminderKind, number> = { day: 48 * 3600_000, hour: 18 * 3600_000 };

/**
 * The room a reminder keeps before her window closes: pacing behind other messages, or a retry, can
 * delay a send by minutes, and a send pushed past the end of her window is held back, never sent late.
 */
export const ROOM_BEFORE_WINDOW_END_MS = 15 * 60_000;

/** When a reminder goes out, or why it does not. */
export type ReminderPlan = { kind: ReminderKind; at: Date; moved: boolean } | { kind: ReminderKind; skipped: 'past' | 'no_safe_moment' };

/**
 * When the reminder `kind` of a session at `startsAt` goes out: at its ideal time (24 h or 1 h
 * before) when that is inside her safe hours with {@link ROOM_BEFORE_WINDOW_END_MS} left; otherwise at
 * the latest safe moment before it with that room where her window allows (no
 * earlier than 48 h, resp. 18 h (the evening before a morning session), before the session, and not before `now`); otherwise skipped, and a
 * person is told.
 *
 * @example
 * // session Tuesday 10:00; her windows 09:00–20:00: the day reminder Monday 10:00, the hour one 09:00
 * planReminder(policy, 'day', tuesdayTen, now) // { kind: 'day', at: mondayTen, moved: false }
 */
export function planReminder(policy: ContactPolicy, kind: ReminderKind, startsAt: Date, now: Date): ReminderPlan {
  const start = startsAt.getTime();
  const ideal = start - REMINDER_LEAD_MS[kind];
  if (start <= now.getTime() || (kind === 'day' && ideal < now.getTime())) return { kind, skipped: 'past' };
  const target = Math.max(ideal, now.getTime());
  const until = allowedUntil(policy, new Date(target));
  if (until && until.getTime() - target >= ROOM_BEFORE_WINDOW_END_MS) return { kind, at: new Date(target), moved: target !== ideal };
  // Outside her hours, or too close to the end of her window: the latest moment with room before an end.
  const floor = new Date(Math.max(now.getTime(), start - EARLIEST_LEAD_MS[kind]));
  const latest = latestAllowedMoment(policy, new Date(target), floor, ROOM_BEFORE_WINDOW_END_MS);
  if (!latest) return { kind, skipped: 'no_safe_moment' };
  return { kind, at: latest, moved: true };
}
