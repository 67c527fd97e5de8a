import { DateTime } from 'luxon';
import type { ContactPolicy } from './policy.js';
import { UNIT_TIME_ZONE } from '../../engine/index.js';

/** A half-open interval of instants [start, end), in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

const DAY_MS = 24 * 3600 * 1000;

function atLocal(day: DateTime, hhmm: string): DateTime {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return day.startOf('day').plus({ hours: h, minutes: m });
}

/** The daily span `from`–`to` on `day`, crossing midnight when `to` ≤ `from`. */
function dailySpan(day: DateTime, from: string, to: string): Interval {
  const start = atLocal(day, from);
  let end = atLocal(day, to);
  if (end <= start) end = atLocal(day.plus({ days: 1 }), to);
  return { start: start.toMillis(), end: end.toMillis() };
}

/** Merges overlapping or touching intervals of a list sorted by start. */
function merge(sorted: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else out.push({ ...next });
  }
  return out;
}

/** `allowed` minus every interval of `removed` (both sorted and merged). */
function subtract(allowed: Interval[], removed: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const interval of allowed) {
    let pieces = [interval];
    for (const cut of removed) {
      if (cut.end <= interval.start || cut.start >= interval.end) continue;
      pieces = pieces.flatMap((p) => {
        if (cut.end <= p.start || cut.start >= p.end) return [p];
        const parts: Interval[] = [];
        if (cut.start > p.start) parts.push({ start: p.start, end: cut.start });
        if (cut.end < p.end) parts.push({ start: cut.end, end: p.end });
        return parts;
      });
    }
    out.push(...pieces);
  }
  return out;
}

/**
 * The intervals in which a message may be initiated to her between `fromMs` and `fromMs + days`,
 * in order: her weekly windows in America/Cancun time, minus the deployment's quiet hours, minus her
 * blocked periods.
 */
export function allowedIntervals(policy: ContactPolicy, fromMs: number, days: number): Interval[] {
  const first = DateTime.fromMillis(fromMs, { zone: UNIT_TIME_ZONE }).startOf('day').minus({ days: 1 });
  const horizon = fromMs + days * DAY_MS;
  return intervalsFromDay(policy, first, days).filter((i) => i.end > fromMs - DAY_MS && i.start < horizon && i.end > i.start);
}

/**
 * The allowed intervals of the days from `first` on, before the caller's filter, remembered by policy,
 * day and span: planning the check-ins of many cases (an import) asks for the same days again and
 * again, and working out each day's windows in the unit's time zone is what costs. The answers are
 * the same whenever they are asked, so remembering them changes none.
 */
function intervalsFromDay(policy: ContactPolicy, first: DateTime, days: number): readonly Interval[] {
  const key = `${first.toMillis()}|${days}|${JSON.stringify(policy)}`;
  const known = remembered.get(key);
  if (known) return known;
  const windows: Interval[] = [];
  const quiet: Interval[] = [];
  for (let offset = 0; offset <= days + 1; offset += 1) {
    const day = first.plus({ days: offset });
    for (const w of policy.windows) {
      if (w.days.includes(day.weekday)) windows.push(dailySpan(day, w.from, w.to));
    }
    if (policy.quiet) quiet.push(dailySpan(day, policy.quiet.from, policy.quiet.to));
  }
  const blocked = policy.blocked.map((b) => ({ start: Date.parse(b.from), end: Date.parse(b.to) }));
  const removed = merge([...quiet, ...blocked].sort((a, b) => a.start - b.start));
  // Frozen: the same objects are handed to every later caller.
  const intervals = subtract(merge(windows.sort((a, b) => a.start - b.start)), removed).map((i) => Object.freeze(i));
  if (remembered.size >= REMEMBERED_SPANS) remembered.clear();
  remembered.set(key, intervals);
  return intervals;
}

/** How many spans {@link intervalsFromDay} remembers before it starts again. */
const REMEMBERED_SPANS = 5_000;
const remembered = new Map<string, readonly Interval[]>();
