import { IANAZone } from 'luxon';
import { UNIT_TIME_ZONE } from '../unit-time-zone.js';
import { EngineError } from '../errors.js';
import { readDatetimeParts, type DatetimeParts, type DayPeriod } from './datetime-parts.js';

/** The clock time a period stands for when no time is written, e.g. "mañana en la tarde" → 16:00. */
export const PERIOD_DEFAULT_HOURS: Readonly<Record<DayPeriod, number>> = {
  temprano: 9,
  manana: 10,
  mediodia: 12,
  tarde: 16,
  noche: 20,
};

/** The clock time of a day named without time or period ("el lunes"): 10:00. */
export const DAY_DEFAULT_HOUR = 10;

/** When and where a date/time answer is read. */
export interface DatetimeReference {
  /** The current instant, ISO 8601. */
  readonly now: string;
  /** IANA time zone; `America/Cancun` when absent. */
  readonly timezone?: string | undefined;
}

/**
 * Reads a date/time written in Spanish, relative to `now` in her time zone (America/Cancun, UTC−5
 * without daylight saving), as an ISO instant in UTC; undefined when the text is not a date/time
 * this reads, or is in the past.
 *
 * What it reads (case, accents, punctuation and emoji ignored; fillers such as "sí", "mejor",
 * "porfa" allowed around; any other word makes it not a date, so "mañana no puedo" is not read):
 * - a day: `hoy`, `mañana`, `pasado mañana`, a weekday (`el lunes`, `este viernes`, `el próximo
 *   martes`, `el jueves que viene`: always the next one after today, a week ahead if today is that
 *   day), `esta mañana|tarde|noche` (today);
 * - a time: `a las 5`, `a la 1`, `a las 5:30`, `17:30`, `5.30`, `a las 5 y media|y cuarto|y 20`,
 *   `a las 5 menos cuarto` (4:45), `5 pm`, `5 p. m.`, hours also in words (`a las cinco`);
 * - a period: `en|por|de la mañana` (10:00 without a time), `temprano` (9:00), `al mediodía`
 *   (12:00), `en la tarde` (16:00), `en la noche` (20:00);
 * - from now: `en 2 horas`, `en media hora`, `en una hora y media`, `en 15 minutos`, `dentro de 3 días`,
 *   `dame 10 minutos`, `espérame media hora`
 *   (alone, with nothing else);
 * - nothing longer than 200 characters (a date answer is short; a long message may say more).
 *
 * How an hour from 1 to 12 is placed (the rule staff can explain to her):
 * - with `am`/`pm` or a period, as it says (`a las 5 de la tarde` 17:00, `a las 9 de la mañana` 9:00);
 * - otherwise 1 to 6 mean the afternoon (`a las 5` is 17:00: nobody is written to at 5 a.m.),
 *   7 to 11 the morning unless that time already passed today, then the evening (`hoy a las 9` at
 *   10:00 is 21:00), and 12 is noon; 13 to 23 and 0 are read as written;
 * - a day without time or period is at 10:00;
 * - without a day, today if that time is still ahead, else tomorrow (`a las 9` at 22:00 is tomorrow
 *   9:00); with a day, a time already past (`hoy a las 3 de la tarde` at 16:00) is not accepted.
 *
 * @throws EngineError `INVALID_CONTEXT` when `now` is not an ISO instant or the time zone is unknown.
 * @example
 * // now 2025-06-02T16:00:00Z (11:00 in Cancún, a Monday)
 * parseDatetimeAnswer('mañana a las 5', ref)          // '2025-06-03T22:00:00.000Z' (17:00)
 * parseDatetimeAnswer('hoy a las 17:30', ref)         // '2025-06-02T22:30:00.000Z'
 * parseDatetimeAnswer('el lunes', ref)                // '2025-06-09T15:00:00.000Z' (10:00)
 * parseDatetimeAnswer('en 2 horas', ref)              // '2025-06-02T18:00:00.000Z'
 * parseDatetimeAnswer('pasado mañana en la tarde', ref) // '2025-06-04T21:00:00.000Z' (16:00)
 * parseDatetimeAnswer('mañana no puedo', ref)         // undefined
 */
export function parseDatetimeAnswer(text: string, reference: DatetimeReference): string | undefined {
  const parts = readDatetimeParts(text);
  if (parts === undefined) return undefined;
  const clock = zoneClock(reference);
  const instant = placeOnCalendar(parts, clock);
  return instant === undefined ? undefined : new Date(instant).toISOString();
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** `now` in a time zone: the instant, and its wall-clock day as if it were UTC. */
interface ZoneClock {
  readonly now: number;
  /** Midnight of today's wall-clock date, as a UTC timestamp of that wall time. */
  readonly today: number;
  /** Day of the week of today, 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** The instant a wall-clock time (as a UTC timestamp of that wall time) happens in the zone. */
  instantOf(wall: number): number;
}

function zoneClock(reference: DatetimeReference): ZoneClock {
  const name = reference.timezone ?? UNIT_TIME_ZONE;
  const zone = IANAZone.create(name);
  const now = Date.parse(reference.now);
  if (!zone.isValid || Number.isNaN(now)) {
    throw new EngineError('INVALID_CONTEXT', `cannot read now "${reference.now}" in time zone "${name}"`);
  }
  const wallNow = now + offsetMinutes(zone, now) * MINUTE;
  const today = Math.floor(wallNow / DAY) * DAY;
  return {
    now,
    today,
    weekday: ((new Date(today).getUTCDay() + 6) % 7) + 1,
    instantOf(wall) {
      // Two passes find the offset in force at that wall time, daylight saving included.
      const guess = wall - offsetMinutes(zone, wall - offsetMinutes(zone, now) * MINUTE) * MINUTE;
      return wall - offsetMinutes(zone, guess) * MINUTE;
    },
  };
}

/** Offsets by zone and quarter hour: asking the platform costs tens of microseconds. */
const offsetCache = new Map<string, number>();

function offsetMinutes(zone: IANAZone, instant: number): number {
  const key = `${zone.name}@${Math.floor(instant / (15 * MINUTE))}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    if (offsetCache.size > 10_000) offsetCache.clear();
    offset = zone.offset(instant);
    offsetCache.set(key, offset);
  }
  return offset;
}

function placeOnCalendar(parts: DatetimeParts, clock: ZoneClock): number | undefined {
  if (parts.inMinutes !== undefined) return Math.floor((clock.now + parts.inMinutes * MINUTE) / MINUTE) * MINUTE;
  const clocks = clockCandidates(parts);
  if (clocks === undefined) return undefined;
  const at = (day: number, [hour, minute]: readonly [number, number]) => clock.instantOf(day + (hour * 60 + minute) * MINUTE);
  const firstAhead = (day: number) => clocks.map((time) => at(day, time)).find((instant) => instant > clock.now);

  if (parts.day === undefined) {
    const first = clocks[0];
    return firstAhead(clock.today) ?? (first === undefined ? undefined : at(clock.today + DAY, first));
  }
  const days = 'offset' in parts.day ? parts.day.offset : ((parts.day.weekday - clock.weekday + 6) % 7) + 1;
  return firstAhead(clock.today + days * DAY);
}
/** The clock times the answer may mean, in order of preference, as [hour, minute]. */
function clockCandidates(parts: DatetimeParts): Array<readonly [number, number]> | undefined {
  const { time, period } = parts;
  if (time === undefined) {
    return [[period === undefined ? DAY_DEFAULT_HOUR : PERIOD_DEFAULT_HOURS[period], 0]];
  }
  const { hour, minute } = time;
  const afternoon = time.meridiem === 'pm' || period === 'tarde' || period === 'noche' || period === 'mediodia';
  const morning = time.meridiem === 'am' || period === 'manana' || period === 'temprano';
  if (afternoon && morning) return undefined;
  if (afternoon) {
    if (hour > 12) return period === 'mediodia' || time.meridiem === 'pm' ? undefined : [[hour, minute]];
    if (hour === 12) return period === 'noche' ? undefined : [[12, minute]];
    if (hour === 0) return undefined;
    return [[hour + 12, minute]];
  }
  if (morning) {
    if (hour > 12 || hour === 0) return undefined;
    return [[time.meridiem === 'am' && hour === 12 ? 0 : hour, minute]];
  }
  if (hour >= 1 && hour <= 6) return [[hour + 12, minute]];
  if (hour >= 7 && hour <= 11) return [[hour, minute], [hour + 12, minute]];
  return [[hour, minute]];
}
