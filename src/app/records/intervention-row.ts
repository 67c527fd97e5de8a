import { e164Schema, type E164 } from '../phone-number.js';
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

const required = <T extends z.ZodType<unknown, string>>(schema: T) => z.string().min(1, 'is required').pipe(schema);

const optional = <T extends z.ZodType<unknown, string>>(schema: T) =>
  z.string().transform((v) => (v === '' ? undefined : v)).pipe(schema.optional());

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.string().transform((v) => v.toLowerCase()).pipe(z.enum(values, { error: `must be one of ${values.join(', ')}` }));

/** An identifier of the unit or of BANAVIM: letters, digits and - _ / . only, at most 64 characters. */
export const folioText = z
  .string()
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'must use only letters, digits and - _ / .');

/**
 * One row of the import file, checked column by column. Messages say what is expected and never echo
 * the value (a phone number typed in the wrong column must not end up in a log).
 */
export const interventionRowSchema = z.object({
  folio: required(folioText),
  fecha_hora: required(
    z.iso.datetime({
      offset: true,
      error: 'must be an ISO 8601 date and time with offset, such as 2026-01-15T22:30:00-05:00',
    }),
  ),
  servicio: required(oneOf(SERVICES)),
  vertiente: required(oneOf(LINES_OF_ATTENTION)),
  canal: required(oneOf(INTERVENTION_CHANNELS)),
  telefono: optional(e164Schema('must be an E.164 number such as +5219981234567')),
  alias: optional(
    z
      .string()
      .max(60, 'must be at most 60 characters')
      .refine((v) => !/[\n\r\t]/.test(v), 'must be on one line')
      .refine((v) => !/\d{6,}/.test(v.replace(/[\s().-]/g, '')), 'must not contain a phone number'),
  ),
  consentimiento_seguimiento: required(
    z
      .string()
      .transform((v) => v.toLowerCase().replace('sí', 'si'))
      .pipe(z.enum(['si', 'no'], { error: 'must be si or no' })),
  ),
  banavim_folio: optional(folioText),
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
  followUpConsent: boolean;
  /** The national BANAVIM folio, when the case is already registered. */
  banavimFolio?: string | undefined;
}
