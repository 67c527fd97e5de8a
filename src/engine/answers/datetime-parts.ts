import { foldText } from '../text/fold-text.js';
import { NUMBER_WORD_PATTERN, NUMBER_WORDS } from './number-words.js';

/** A part of the day named in words. */
export type DayPeriod = 'manana' | 'temprano' | 'mediodia' | 'tarde' | 'noche';

/**
 * What a Spanish date/time answer says, before it is placed on the calendar.
 *
 * @example
 * readDatetimeParts('pasado mañana en la tarde') // { day: { offset: 2 }, period: 'tarde' }
 * readDatetimeParts('el lunes a las 5:30 pm')     // { day: { weekday: 1 }, time: { hour: 5, minute: 30, meridiem: 'pm' } }
 * readDatetimeParts('en 2 horas')                 // { inMinutes: 120 }
 */
export interface DatetimeParts {
  /** `en 2 horas`, `en media hora`: minutes from now. Never combined with the other parts. */
  readonly inMinutes?: number;
  /** `hoy` (0), `mañana` (1), `pasado mañana` (2), or a weekday (1 = lunes … 7 = domingo). */
  readonly day?: { readonly offset: number } | { readonly weekday: number };
  /** The clock time as written (12-hour or 24-hour), with `am`/`pm` when written. */
  readonly time?: { readonly hour: number; readonly minute: number; readonly meridiem?: 'am' | 'pm' };
  /** `en la mañana`, `temprano`, `al mediodía`, `en la tarde`, `en la noche`. */
  readonly period?: DayPeriod;
}

const HOUR = `(\\d{1,2}|${['una', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez', 'once', 'doce'].join('|')})`;
const MINUTE_WORDS = 'cuarenta y cinco|veinticinco|cincuenta|cuarenta|treinta|quince|veinte|cuarto|media|cinco|diez';
const MINUTES = `(?::(\\d{2})| y (${MINUTE_WORDS}|\\d{1,2})| menos (cuarto|veinte|quince|diez|cinco|\\d{1,2}))?`;
const MERIDIEM = '(?: (am|pm))?';
const MARKER = '(?:(?:a eso de |como )?(?:a )?(?:las|la) |alas )';
const PERIOD_AHEAD = '(?= (?:de|en|por) la (?:manana|tarde|noche)\\b)';

/** Time written with a marker (`a las 5`), with minutes (`17:30`), with am/pm, or before a period. */
const TIME_PATTERNS: readonly RegExp[] = [
  new RegExp(`\\b${MARKER}${HOUR}${MINUTES}${MERIDIEM}\\b`, 'g'),
  new RegExp(`\\b(\\d{1,2}):(\\d{2})()()${MERIDIEM}\\b`, 'g'),
  new RegExp(`\\b${HOUR}${MINUTES} (am|pm)\\b`, 'g'),
  new RegExp(`\\b${HOUR}${MINUTES}()${PERIOD_AHEAD}`, 'g'),
];

const RELATIVE = new RegExp(
  `\\b(?:en|dentro de|dame|deme|esperame|espera) (media|un|una|\\d{1,3}|${NUMBER_WORD_PATTERN}) (minutos?|mins?|horas?|hrs?|h|dias?)( y media)?\\b`,
  'g',
);

const WEEKDAYS = ['lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo'];
const WEEKDAY = new RegExp(
  `\\b(?:el proximo |el siguiente |proximo |este |el )?(${WEEKDAYS.join('|')})(?: que viene| proximo)?\\b`,
  'g',
);

/** Longer messages are not read as a date: a date answer is short, and a long text may say more. */
const MAX_LENGTH = 200;

/** Words that may surround a date without changing it ("sí, mejor mañana porfa"). */
const FILLERS = new Set([
  'a', 'al', 'de', 'del', 'el', 'la', 'las', 'lo', 'los', 'en', 'por', 'para', 'y', 'que', 'como', 'tipo', 'eso',
  'mejor', 'pues', 'bueno', 'entonces', 'ok', 'okey', 'si', 'va', 'sale', 'porfa', 'porfavor', 'favor', 'gracias',
  'puede', 'ser', 'seria', 'creo', 'ahi', 'este', 'mm', 'mmm', 'eh', 'hola',
]);

/**
 * Reads the parts of a Spanish date/time answer, or undefined when the text is not only a
 * date/time: every word must belong to a recognised part or be a filler ("mañana no puedo" is not
 * a date). A part written twice ("hoy o mañana") is ambiguous and not read either.
 */
export function readDatetimeParts(text: string): DatetimeParts | undefined {
  if (text.length > MAX_LENGTH) return undefined;
  const normalized = normalizeDatetimeText(text);
  if (!normalized.split(' ').every(isDateWord)) return undefined;
  let rest = ` ${normalized} `;
  const found: { inMinutes?: number; day?: DatetimeParts['day']; time?: DatetimeParts['time']; period?: DayPeriod } = {};
  let ambiguous = false;
  const take = <K extends keyof typeof found>(key: K, value: (typeof found)[K] | undefined): void => {
    if (value === undefined) ambiguous = true;
    else if (found[key] !== undefined) ambiguous = true;
    else found[key] = value;
  };
  const consume = (pattern: RegExp, read: (match: string[]) => void): void => {
    rest = rest.replace(pattern, (...match: unknown[]) => {
      read(match.slice(0, -2).map((group) => (typeof group === 'string' ? group : '')));
      return ' ';
    });
  };

  consume(RELATIVE, ([, amount = '', unit = '', half = '']) => take('inMinutes', relativeMinutes(amount, unit, half !== '')));
  for (const pattern of TIME_PATTERNS) {
    consume(pattern, ([, hour = '', colon = '', plus = '', minus = '', meridiem = '']) =>
      take('time', clockTime(hour, colon, plus, minus, meridiem)),
    );
  }
  consume(/\besta (manana|tarde|noche)\b/g, ([, period = '']) => {
    take('day', { offset: 0 });
    take('period', period as DayPeriod);
  });
  consume(/\b(?:de|en|por) la (manana|tarde|noche)\b/g, ([, period = '']) => take('period', period as DayPeriod));
  consume(/\b(?:al |a )?mediodia\b/g, () => take('period', 'mediodia'));
  consume(/\b(temprano|tarde|noche)\b/g, ([, period = '']) => take('period', period as DayPeriod));
  consume(/\bpasado manana\b/g, () => take('day', { offset: 2 }));
  consume(/\bmanana\b/g, () => take('day', { offset: 1 }));
  consume(/\bhoy\b/g, () => take('day', { offset: 0 }));
  consume(WEEKDAY, ([, weekday = '']) => take('day', { weekday: WEEKDAYS.indexOf(weekday) + 1 }));

  if (ambiguous || Object.keys(found).length === 0) return undefined;
  if (found.inMinutes !== undefined && Object.keys(found).length > 1) return undefined;
  const leftovers = rest.split(' ').filter((word) => word !== '');
  if (!leftovers.every((word) => FILLERS.has(word))) return undefined;
  return found;
}

/** Every word a date answer can contain; a message with any other word is not read (fast). */
const DATE_WORDS = new Set([
  ...FILLERS,
  ...WEEKDAYS,
  ...NUMBER_WORDS.keys(),
  ...MINUTE_WORDS.split(/[| ]/),
  'hoy', 'manana', 'pasado', 'proximo', 'siguiente', 'viene', 'alas', 'dentro', 'dame', 'deme', 'esperame', 'espera', 'menos', 'am', 'pm', 'mediodia',
  'temprano', 'tarde', 'noche', 'esta', 'minuto', 'minutos', 'min', 'mins', 'hora', 'horas', 'hr', 'hrs', 'h', 'dia', 'dias',
]);

function isDateWord(word: string): boolean {
  return DATE_WORDS.has(word) || /^\d{1,3}(:\d{2})?$/.test(word);
}

/** Lower case, no accents or invisible characters, compatibility forms as plain ones (NFKD), `p. m.` → `pm`, `5.30`/`17h30` → `5:30`, other punctuation and emoji → spaces. */
function normalizeDatetimeText(text: string): string {
  return foldText(text)
    .replace(/\b([ap])\.? ?m\b\.?/g, ' $1m ')
    .replace(/(\d)\s*(am|pm)\b/g, '$1 $2')
    .replace(/\b(\d{1,2})[.h](\d{2})\b/g, '$1:$2')
    .replace(/[^\p{L}\p{N}:]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function wordNumber(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  if (word === 'media') return 0.5;
  return NUMBER_WORDS.get(word);
}

function relativeMinutes(amount: string, unit: string, andAHalf: boolean): number | undefined {
  const count = wordNumber(amount);
  if (count === undefined || count <= 0) return undefined;
  const perUnit = unit.startsWith('d') ? 24 * 60 : unit.startsWith('h') ? 60 : 1;
  const total = (count + (andAHalf ? 0.5 : 0)) * perUnit;
  return Number.isInteger(total) && total <= 60 * 24 * 60 ? total : undefined;
}

const MINUTE_VALUES: Readonly<Record<string, number>> = {
  cuarto: 15,
  media: 30,
  cinco: 5,
  diez: 10,
  quince: 15,
  veinte: 20,
  veinticinco: 25,
  treinta: 30,
  cuarenta: 40,
  'cuarenta y cinco': 45,
  cincuenta: 50,
};

function clockTime(hourText: string, colon: string, plus: string, minus: string, meridiem: string): DatetimeParts['time'] {
  let hour = wordNumber(hourText);
  if (hour === undefined || !Number.isInteger(hour)) return undefined;
  let minute = 0;
  if (colon !== '') minute = Number(colon);
  else if (plus !== '') minute = MINUTE_VALUES[plus] ?? Number(plus);
  else if (minus !== '') {
    const before = MINUTE_VALUES[minus] ?? Number(minus);
    if (!(before > 0 && before < 60)) return undefined;
    hour -= 1;
    minute = 60 - before;
    if (hour === 0) hour = 12;
  }
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) return undefined;
  return meridiem === 'am' || meridiem === 'pm' ? { hour, minute, meridiem } : { hour, minute };
}
