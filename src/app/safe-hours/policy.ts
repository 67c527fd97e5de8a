import { z } from 'zod';

const clockTime = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be a time such as 09:30');

/**
 * A weekly window in which she can be contacted: ISO weekdays (1 = Monday … 7 = Sunday) and local
 * times. A window whose `to` is earlier than its `from` crosses midnight into the next day.
 *
 * @example
 * { "days": [1, 2, 3, 4, 5], "from": "10:00", "to": "13:00" }
 */
export const weeklyWindowSchema = z.strictObject({
  days: z.array(z.number().int().min(1).max(7)).min(1),
  from: clockTime,
  to: clockTime,
});

/**
 * A period in which she must not be contacted (e.g. when he is home on leave), as instants.
 *
 * @example
 * { "from": "2026-12-24T00:00:00-05:00", "to": "2026-12-26T00:00:00-05:00", "reason": "visita familiar" }
 */
export const blockedPeriodSchema = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  reason: z.string().max(200).optional(),
});

/**
 * Her safe hours as stored on her profile (`Survivor.safeHours`): her weekly windows (absent: the
 * deployment's `CONTACT_WINDOWS`) and the periods in which she must not be contacted.
 *
 * @example
 * { "windows": [{ "days": [1,2,3,4,5], "from": "10:00", "to": "13:00" }], "blocked": [] }
 * { "blocked": [{ "from": "2026-12-24T00:00:00-05:00", "to": "2026-12-26T00:00:00-05:00" }] }
 */
export const safeHoursSchema = z.strictObject({
  windows: z.array(weeklyWindowSchema).min(1, 'at least one window').optional(),
  blocked: z.array(blockedPeriodSchema).default([]),
});

/** Her safe hours. */
export type SafeHours = z.output<typeof safeHoursSchema>;
/** One weekly window. */
export type WeeklyWindow = z.output<typeof weeklyWindowSchema>;

/**
 * Everything that decides when a message may be initiated to her: her windows (or the deployment's
 * default ones), her blocked periods, and the deployment's quiet hours that apply to everyone.
 */
export interface ContactPolicy {
  windows: readonly WeeklyWindow[];
  blocked: readonly { from: string; to: string }[];
  /** Daily local hours in which nobody is contacted, e.g. `{ from: "21:00", to: "08:00" }`. */
  quiet: { from: string; to: string } | null;
}

/**
 * Builds her policy from her stored safe hours (none: the deployment's default windows) and the
 * deployment's defaults. Stored hours that cannot be read (written by hand in the database, or by a
 * version with another shape) allow no moment at all: the periods she blocked because he is home
 * cannot be known, so nothing is initiated to her, and what falls due goes to a person instead
 * (see {@link safeHoursUnreadable}).
 */
export function contactPolicy(
  stored: unknown,
  defaults: { windows: readonly WeeklyWindow[]; quiet: ContactPolicy['quiet'] },
): ContactPolicy {
  if (stored == null) return { windows: defaults.windows, blocked: [], quiet: defaults.quiet };
  const parsed = safeHoursSchema.safeParse(stored);
  if (parsed.success) return { windows: parsed.data.windows ?? defaults.windows, blocked: parsed.data.blocked, quiet: defaults.quiet };
  return { windows: [], blocked: [], quiet: defaults.quiet };
}

/**
 * Whether her stored safe hours exist but cannot be read: then {@link contactPolicy} allows no moment,
 * and a person must record them again on her case.
 *
 * @example
 * safeHoursUnreadable({ windows: 'mañanas' }) // true
 * safeHoursUnreadable(null) // false: the deployment's windows apply
 */
export function safeHoursUnreadable(stored: unknown): boolean {
  return stored != null && !safeHoursSchema.safeParse(stored).success;
}
