import { DateTime } from 'luxon';
import type { CalendarEntry } from '../../app/appointments/calendar.js';
import { allowedIntervals, type Interval } from '../../app/safe-hours/allowed-intervals.js';
import { ACTIVE_STATUSES } from '../../app/appointments/ports.js';
import { UNIT_TIME_ZONE } from '../../engine/index.js';
import type { ContactPolicy, WeeklyWindow } from '../../app/safe-hours/policy.js';
import { weekdays } from './case-panel.js';
import { html, type SafeHtml } from './html.js';

/** Rows of the grid: half hours. */
const STEP_MINUTES = 30;
/** Any time at all, for a grid drawn before a person is chosen (only the psychologist's hours count). */
const ANY_TIME: ContactPolicy = { windows: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }], blocked: [], quiet: null };

/** What the grid is drawn from. */
export interface CalendarGridInput {
  /** The days shown (a week from Monday, or one day), at local midnight. */
  days: DateTime[];
  entries: CalendarEntry[];
  /** The psychologist's weekly hours. */
  working: readonly WeeklyWindow[];
  /** The chosen person's safe hours, when one is chosen: free slots then fit hers too. */
  her: ContactPolicy | null;
  herAlias: string | null;
  sessionMinutes: number;
  now: Date;
  /** The id of the booking form the free-slot buttons submit. */
  formId: string;
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The psychologist's weekly hours in a line: `lun–vie de 09:00 a 14:00`. */
export function windowsText(windows: readonly WeeklyWindow[]): string {
  return windows.map((w) => `${weekdays(w.days)} de ${w.from} a ${w.to}`).join('; ');
}

/** Her safe hours in a line, with the deployment's quiet hours and her blocked periods still to come. */
export function herHoursText(policy: ContactPolicy, now: Date): string {
  const parts = [windowsText(policy.windows)];
  if (policy.quiet) parts.push(`nunca de ${policy.quiet.from} a ${policy.quiet.to}`);
  for (const b of policy.blocked) {
    if (Date.parse(b.to) <= now.getTime()) continue;
    const at = (iso: string) => DateTime.fromISO(iso, { zone: UNIT_TIME_ZONE }).setLocale('es-MX').toFormat("d 'de' LLL, HH:mm");
    parts.push(`sin contacto del ${at(b.from)} al ${at(b.to)}`);
  }
  return parts.join('; ');
}

/** The first and last minute of the day the grid shows: her working hours and every session, widened to whole hours. */
function rowRange(input: CalendarGridInput): [number, number] {
  let first = Infinity;
  let last = -Infinity;
  for (const w of input.working) {
    const from = minutesOf(w.from);
    const to = minutesOf(w.to);
    first = Math.min(first, from);
    last = Math.max(last, to <= from ? 24 * 60 : to);
  }
  for (const e of input.entries) {
    const start = DateTime.fromJSDate(e.startsAt, { zone: UNIT_TIME_ZONE });
    const end = DateTime.fromJSDate(e.endsAt, { zone: UNIT_TIME_ZONE });
    first = Math.min(first, start.hour * 60 + start.minute);
    last = Math.max(last, end.hasSame(start, 'day') ? end.hour * 60 + end.minute : 24 * 60);
  }
  if (!Number.isFinite(first)) return [8 * 60, 20 * 60];
  return [Math.floor(first / 60) * 60, Math.min(24 * 60, Math.ceil(last / 60) * 60)];
}

/** The value a `datetime-local` field holds for an instant (Cancún). */
export function localValue(at: Date | DateTime): string {
  const d = at instanceof Date ? DateTime.fromJSDate(at, { zone: UNIT_TIME_ZONE }) : at.setZone(UNIT_TIME_ZONE);
  return d.toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The psychologist's and her allowed intervals over the days shown (computed once per grid). */
interface GridIntervals {
  working: Interval[];
  her: Interval[];
  busy: { startsAt: Date; endsAt: Date }[];
}

const within = (intervals: readonly Interval[], start: number, end: number) => intervals.some((i) => i.start <= start && end <= i.end);

/** What every cell of one day shares, worked out once per day instead of once per cell. */
interface GridDay {
  date: DateTime;
  /** `2026-12-07`, the date part of a `datetime-local` value. */
  isoDate: string;
  /** `lunes 7 de diciembre`, for the free slots' labels. */
  label: string;
  /** The day keeps one offset from UTC all day (no clock change): a cell's instant is plain arithmetic. */
  steady: boolean;
}

function gridDay(date: DateTime): GridDay {
  return {
    date,
    isoDate: date.toISODate()!,
    label: date.setLocale('es-MX').toFormat("cccc d 'de' LLLL"),
    steady: date.offset === date.endOf('day').offset,
  };
}

/** A session with its start's `HH:mm` (Cancún), worked out once per grid. */
interface EntryTime {
  entry: CalendarEntry;
  text: string;
}

/** The statuses of a session that hold the psychologist's time (as the database's exclusion constraint counts them). */
const HOLDS_TIME: ReadonlySet<string> = new Set(['proposed', 'confirmed', 'rescheduled']);

function cell(input: CalendarGridInput, intervals: GridIntervals, day: GridDay, minute: number, entries: readonly EntryTime[]): SafeHtml {
  // On the day of a clock change luxon works the instant out (a lost hour then shows the time it really is).
  const start = day.steady ? null : day.date.plus({ minutes: minute });
  const time = start === null || start.hour * 60 + start.minute === minute ? clock(minute) : start.toFormat('HH:mm');
  const slotValue = `${day.isoDate}T${time}`;
  const from = start === null ? day.date.toMillis() + minute * 60_000 : start.toMillis();
  const startsAt = new Date(from);
  const slotEnd = new Date(from + STEP_MINUTES * 60_000);
  const sessionEnd = from + input.sessionMinutes * 60_000;
  const here = entries.filter((e) => e.entry.startsAt >= startsAt && e.entry.startsAt < slotEnd);
  // A cancelled, finished or missed session still shows where it was, but no longer holds the time.
  const holding = here.filter((e) => HOLDS_TIME.has(e.entry.status));
  const fits =
    within(intervals.working, from, sessionEnd) &&
    within(intervals.her, from, sessionEnd) &&
    !intervals.busy.some((b) => b.startsAt.getTime() < sessionEnd && from < b.endsAt.getTime());
  const covered = intervals.busy.some((b) => b.startsAt < slotEnd && startsAt < b.endsAt);
  const working = within(intervals.working, from, slotEnd.getTime());
  const future = from > input.now.getTime();
  const free = future && fits;
  const state = holding.length > 0 || covered ? 'ocupado' : free ? 'libre' : working ? (future ? 'no-cabe' : 'pasado') : 'fuera';
  return html`<td class="${state === 'libre' ? 'libre' : state === 'fuera' ? 'fuera' : ''}" data-slot="${slotValue}" data-state="${state}">${here.map(
    ({ entry: e, text }) =>
      html`<p class="cita cita--${e.status}${e.status === 'proposed' || e.status === 'rescheduled' ? ' cita--pendiente' : ''}"><a href="/casos/${e.caseId}">${text} ${e.alias}</a></p>`,
  )}${
    free && holding.length === 0
      ? html`<button type="submit" class="hueco" form="${input.formId}" name="hueco" value="${slotValue}" aria-label="${time} libre, ${day.label} (reservar)">${time} libre</button>`
      : ''
  }</td>`;
}

/**
 * The calendar grid: a row per half hour of her working day, a column per day; each cell is outside
 * her hours (hatched), taken by a session (shown, linked to its case), or free: a button that submits
 * the booking form with that time. A free slot fits a whole session in the psychologist's hours and,
 * once a person is chosen, in her safe hours too (the rules of `slotFits`, on intervals computed once).
 */
export function calendarGrid(input: CalendarGridInput, caption: string): SafeHtml {
  const [first, last] = rowRange(input);
  const rangeStart = input.days[0]!.toMillis();
  const span = input.days.length + 1; // a session late on the last day may end the next
  const intervals: GridIntervals = {
    working: allowedIntervals({ windows: input.working, blocked: [], quiet: null }, rangeStart, span),
    her: allowedIntervals(input.her ?? ANY_TIME, rangeStart, span),
    busy: input.entries.filter((e) => ACTIVE_STATUSES.includes(e.status)),
  };
  const days = input.days.map(gridDay);
  const entries = input.entries.map((entry): EntryTime => {
    return { entry, text: DateTime.fromJSDate(entry.startsAt, { zone: UNIT_TIME_ZONE }).toFormat('HH:mm') };
  });
  const rows: SafeHtml[] = [];
  for (let minute = first; minute < last; minute += STEP_MINUTES) {
    rows.push(html`<tr><th scope="row">${clock(minute)}</th>${days.map((d) => cell(input, intervals, d, minute, entries))}</tr>`);
  }
  return html`<div class="rejilla-marco"><table class="rejilla">
  <caption>${caption}</caption>
  <thead><tr><th scope="col">Hora</th>${input.days.map((d) => html`<th scope="col">${d.setLocale('es-MX').toFormat('ccc d')}</th>`)}</tr></thead>
  <tbody>${rows}</tbody>
</table></div>
<ul class="leyenda" aria-label="Qué significa cada casilla">
  <li><span class="muestra-libre"></span>Libre: haz clic para agendar</li>
  <li><span class="muestra-fuera"></span>Fuera del horario de la psicóloga</li>
  ${input.herAlias ? html`<li>Los huecos libres respetan también el horario seguro de ${input.herAlias}.</li>` : html`<li>Elige a la persona para ver solo los huecos que respetan su horario seguro.</li>`}
</ul>`;
}
