import { e164Schema, type E164 } from '../phone-number.js';
import { aliasProblem } from '../alias-rules.js';
import { DateTime } from 'luxon';
import { UNIT_TIME_ZONE } from '../../engine/index.js';
import { z } from 'zod';

/** The unit's services, as written in the import file and stored. */
export const SERVICES = ['juridica', 'psicologica'] as const;
/** The lines of attention (vertientes). */
export const LINES_OF_ATTENTION = ['acompanamiento_previo', 'intervencion_12_48h', 'atencion_subsecuente', 'seguimiento'] as const;
/** How an intervention reached her. */
export const INTERVENTION_CHANNELS = ['telefono_911', 'whatsapp', 'videollamada'] as const;

/** A service of the unit. */
export type Service = (typeof SERVICES)[number];
/** A line of attention. */
export type LineOfAttention = (typeof LINES_OF_ATTENTION)[number];
/** An intervention channel. */
export type InterventionChannel = (typeof INTERVENTION_CHANNELS)[number];

/** The columns of `acompana import interventions FILE.csv`, in the order the unit's export has them. */
export const INTERVENTION_COLUMNS = [
  'folio',
  'fecha_hora',
  'servicio',
  'vertiente',
  'canal',
  'telefono',
  'alias',
  'consentimiento_seguimiento',
  'banavim_folio',
] as const;

/**
 * Columns a unit's file may have besides {@link INTERVENTION_COLUMNS}: her consent to video calls and
 * to her registration in BANAVIM, where the psychologist recorded them at the call. A blank cell, or
 * a file without the column, records nothing for that purpose.
 */
export const OPTIONAL_INTERVENTION_COLUMNS = ['consentimiento_videollamada', 'consentimiento_banavim'] as const;

const required = <T extends z.ZodType<unknown, string>>(schema: T) => z.string().min(1, 'required').pipe(schema);

const optional = <T extends z.ZodType<unknown, string>>(schema: T) =>
  z.string().transform((v) => (v === '' ? undefined : v)).pipe(schema.optional());

/**
 * A value as a key to compare by: without accents, in lower case, every run of other characters one
 * `_`. `Intervención 12-48 h` → `intervencion_12_48_h`, `PSICOLÓGICA` → `psicologica`.
 */
export function comparisonKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** One of `values`, written as stored or in any of the words in `synonyms` (compared by {@link comparisonKey}). */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, synonyms: Record<string, T[number]>, message: string) => {
  const known = new Map<string, string>([...values.map((v) => [v, v] as const), ...Object.entries(synonyms)]);
  return z
    .string()
    .transform((v) => known.get(comparisonKey(v)) ?? '')
    .pipe(z.enum(values, { error: message }));
};

/** The bulletin's wording of the lines of attention and channels, as keys. */
const LINE_SYNONYMS: Record<string, LineOfAttention> = {
  intervencion_12_48_h: 'intervencion_12_48h',
  intervencion_12_48_horas: 'intervencion_12_48h',
  intervencion_de_12_a_48_h: 'intervencion_12_48h',
  intervencion_de_12_a_48_horas: 'intervencion_12_48h',
  intervencion_de_12_a_48_horas_despues_del_episodio: 'intervencion_12_48h',
  '12_48_h': 'intervencion_12_48h',
};
const CHANNEL_SYNONYMS: Record<string, InterventionChannel> = {
  '911': 'telefono_911',
  llamada_911: 'telefono_911',
  linea_911: 'telefono_911',
  telefono: 'telefono_911',
  video_llamada: 'videollamada',
  whats_app: 'whatsapp',
};

/** An identifier of the unit or of BANAVIM: letters, digits and - _ / . only, at most 64 characters. */
export const folioText = z
  .string()
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'must use only letters, digits and - _ / .');

/**
 * A folio as stored and compared: in capitals. Typed by hand in the unit's sheets and in the console,
 * `qr-2026-0451` and `QR-2026-0451` are the same 911 intervention, counted once.
 *
 * @example
 * folioKey('qr-2026-0451') // 'QR-2026-0451'
 */
export function folioKey(folio: string): string {
  return folio.toUpperCase();
}

/** {@link folioText} with the import's message keys, read as its {@link folioKey}. */
const importFolio = z
  .string()
  .max(64, 'folio_length')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'folio_chars')
  .transform(folioKey);

/**
 * `dd/mm/aaaa hh:mm[:ss]`, the hour of a 24-hour clock (`22:30`, `22:30 hrs`, `22:30 h`) or of a
 * 12-hour one as Mexican Spanish writes it (`10:30 p. m.`, `10:30 p.m.`, `10:30 PM`: what a CSV saved
 * by Excel set to Mexico holds, the space after the `p.` sometimes a no-break space).
 */
const DAY_MONTH_YEAR = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s*m\.?|\s*h(?:rs?)?\.?)?)?$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** The unit's UTC offset, in minutes, at each local hour already seen (time zones change on the hour). */
const offsetOfLocalHour = new Map<string, number>();

function localOffsetMinutes(year: number, month: number, day: number, hour: number): number {
  const key = `${year}-${month}-${day}-${hour}`;
  let offset = offsetOfLocalHour.get(key);
  if (offset === undefined) {
    offset = DateTime.fromObject({ year, month, day, hour }, { zone: UNIT_TIME_ZONE }).offset;
    if (offsetOfLocalHour.size > 100_000) offsetOfLocalHour.clear();
    offsetOfLocalHour.set(key, offset);
  }
  return offset;
}

/** The instant of a wall-clock time, at `offsetMinutes` from UTC or, when `null`, in America/Cancun; `null` if the date does not exist. */
function instant(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMinutes: number | null): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return new Date(utc - (offsetMinutes ?? localOffsetMinutes(y, mo, d, h)) * 60_000);
}

/** The hour of a 12-hour clock on a 24-hour one (12 a. m. is 0, 12 p. m. is 12); `null` outside 1–12. */
function twentyFourHour(hour: number, afternoon: boolean): number | null {
  if (hour < 1 || hour > 12) return null;
  return (hour % 12) + (afternoon ? 12 : 0);
}

/**
 * When an intervention happened, as the unit's files write it: ISO 8601 (`2026-01-15T22:30:00-05:00`;
 * without an offset, or with a space for the `T`, in America/Cancun), or `dd/mm/aaaa hh:mm[:ss]` in
 * America/Cancun, on a 24-hour clock or a 12-hour one (`10:30 p. m.`, see {@link DAY_MONTH_YEAR}). A date without its time is refused (the hour decides the 12–48 h line). Returns
 * `null` for anything else, or for a date that does not exist (31/02). The zone's offset is looked up
 * once per local hour (a file of 100,000 rows spent most of its reading time in it).
 *
 * @example
 * readOccurredAt('04/12/2026 10:00')?.toISOString(); // '2026-12-04T15:00:00.000Z'
 * readOccurredAt('04/12/2026 10:00 p. m.')?.toISOString(); // '2026-12-05T03:00:00.000Z'
 */
export function readOccurredAt(text: string): Date | null {
  const local = DAY_MONTH_YEAR.exec(text);
  if (local) {
    const [, day, month, year, hour, minute, second, meridiem] = local;
    if (hour === undefined) return null;
    const hours = meridiem === undefined ? Number(hour) : twentyFourHour(Number(hour), meridiem.toLowerCase() === 'p');
    if (hours === null) return null;
    return instant(Number(year), Number(month), Number(day), hours, Number(minute), Number(second ?? 0), 0, null);
  }
  const iso = ISO.exec(text);
  if (!iso) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = iso;
  let offset: number | null = null;
  if (zone === 'Z') offset = 0;
  else if (zone !== undefined) {
    const digits = zone.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
    if (Number(digits.slice(2) || 0) > 59 || minutes > 14 * 60) return null;
    offset = zone.startsWith('-') ? -minutes : minutes;
  }
  const ms = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0'));
  return instant(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second ?? 0), ms, offset);
}


/**
 * A number as the unit's staff write it, in the form the E.164 check reads: ten local digits
 * (`998 555 0101`, `(998) 555-0101`) get Mexico's `+52`, also after the dialling prefixes Mexico
 * dropped in 2019 and people still type (`044`, `045` for a mobile, `01` for long distance);
 * `52…` (12 or 13 digits) gets its `+`; a number with its `+` stays as written.
 *
 * @example
 * mexicanPhone('044 998 555 0101') // '+529985550101'
 */
export function mexicanPhone(text: string): string {
  const digits = text.replace(/[\s\u00a0().-]/g, '');
  if (/^\d{10}$/.test(digits)) return `+52${digits}`;
  if (/^(?:04[45]|01)\d{10}$/.test(digits)) return `+52${digits.slice(-10)}`;
  if (/^521?\d{10}$/.test(digits)) return `+${digits}`;
  return text;
}

/**
 * Whether a phone cell holds two numbers or more (`998 555 0101 / 998 555 0102`, `9985550101 y
 * 9985550102`): two runs of at least 10 digits, separators inside a number allowed.
 */
export function holdsTwoPhones(text: string): boolean {
  const runs = text.replace(/[\s\u00a0().-]/g, ' ').split(/[^\d +]+/).map((part) => part.replace(/\D/g, ''));
  return runs.filter((digits) => digits.length >= 10).length >= 2;
}

/**
 * Consent marks, as comparison keys: sí, s, x; `VERDADERO` and `FALSO`, a Spanish Excel's true and
 * false as a CSV saved from it writes them; and the words a sheet's list may offer («Acepta», «No
 * aceptó»). Anything else (a digit, «tal vez») is refused: a consent is never guessed.
 */
const YES = new Set(['si', 's', 'x', 'yes', 'verdadero', 'true', 'acepta', 'acepto', 'si_acepta', 'si_acepto']);
const NO = new Set(['no', 'n', 'falso', 'false', 'no_acepta', 'no_acepto']);
/** Check marks typed or pasted for yes (with or without the emoji variation selector). */
const CHECK_MARKS = new Set(['✓', '✔', '✔\uFE0F', '☑', '☑\uFE0F', '✅']);

/** A consent cell: yes (`sí`, `x`, a check mark), no, or blank (`null`); any other mark is refused. */
const consentMark = z.string().transform((v, ctx) => {
  const mark = v.trim();
  if (mark === '') return null;
  const key = CHECK_MARKS.has(mark) ? 'si' : comparisonKey(mark);
  if (YES.has(key)) return true;
  if (NO.has(key)) return false;
  ctx.addIssue({ code: 'custom', message: 'yes_no' });
  return z.NEVER;
});

/**
 * One row of the import file, checked column by column. Messages are keys of `IMPORT_TEXTS` (both
 * languages) and never echo the value (a phone number typed in the wrong column must not end up in a log).
 */
export const interventionRowSchema = z.object({
  folio: required(importFolio),
  fecha_hora: required(z.string().transform((v, ctx) => readOccurredAt(v) ?? (ctx.addIssue({ code: 'custom', message: 'date' }), z.NEVER))),
  servicio: required(oneOf(SERVICES, {}, 'service')),
  vertiente: required(oneOf(LINES_OF_ATTENTION, LINE_SYNONYMS, 'line')),
  canal: required(oneOf(INTERVENTION_CHANNELS, CHANNEL_SYNONYMS, 'channel')),
  telefono: optional(
    z
      .string()
      .superRefine((v, ctx) => {
        // «998 555 0101 / 998 555 0102»: which one is hers is the unit's to say, never a guess.
        if (holdsTwoPhones(v)) ctx.addIssue({ code: 'custom', message: 'two_phones', abort: true });
      })
      .transform(mexicanPhone)
      .pipe(e164Schema('phone')),
  ),
  alias: optional(
    z.string().superRefine((v, ctx) => {
      const problem = aliasProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  ),
  // Sheets mark consent with an x and leave the other rows empty: a blank cell is `null`, a no unless
  // another row of the same call (her number, the same moment) is marked. Any other mark (`*`, `-`,
  // `?`) is refused, never read as a no.
  consentimiento_seguimiento: consentMark,
  banavim_folio: optional(importFolio),
  // A blank cell records nothing for these purposes (the columns are optional).
  consentimiento_videollamada: consentMark,
  consentimiento_banavim: consentMark,
});

/** A valid row of the import file, with the line it was on. */
export interface InterventionRow {
  /** The line of the file the row starts on (the header is line 1). */
  fileLine: number;
  folio: string;
  occurredAt: Date;
  service: Service;
  lineOfAttention: LineOfAttention;
  channel: InterventionChannel;
  /** E.164 in its normalized form, when the call left one. */
  phone?: E164 | undefined;
  alias?: string | undefined;
  /** Her follow-up consent as the row marks it; `null` when the cell was blank (see the import store). */
  followUpConsent: boolean | null;
  /** Her video-call consent as the row marks it; `null`: blank, or no such column (nothing recorded). */
  videoCallConsent: boolean | null;
  /** Her BANAVIM consent as the row marks it; `null`: blank, or no such column (nothing recorded). */
  banavimConsent: boolean | null;
  /** The national BANAVIM folio, when the case is already registered. */
  banavimFolio?: string | undefined;
}
