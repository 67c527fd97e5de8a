import { z } from 'zod';

/** Types of violence (Ley General de Acceso de las Mujeres a una Vida Libre de Violencia, art. 6). */
export const VIOLENCE_TYPES = ['psicologica', 'fisica', 'patrimonial', 'economica', 'sexual', 'vicaria', 'obstetrica', 'otra'] as const;

/** Modalities of violence (same law, title II): where and by whom it happens. */
export const VIOLENCE_MODALITIES = [
  'familiar',
  'laboral_docente',
  'comunitaria',
  'institucional',
  'politica',
  'digital',
  'mediatica',
  'feminicida',
] as const;

/** How the aggressor is related to her. */
export const AGGRESSOR_RELATIONSHIPS = [
  'pareja',
  'expareja',
  'familiar',
  'conocido',
  'companero_trabajo_escuela',
  'autoridad',
  'desconocido',
  'otra',
] as const;

/** Kinds of protection order (art. 28: administrative or jurisdictional; emergency or preventive). */
export const PROTECTION_ORDER_KINDS = ['emergencia', 'preventiva', 'administrativa', 'jurisdiccional'] as const;

/**
 * The fields of the national record (BANAVIM) the unit collects for a case, stored encrypted in
 * `BanavimRecord.detailCipher`. Exported only while her newest `banavim` consent is granted.
 *
 * @example
 * {
 *   "tipos_violencia": ["psicologica", "fisica"],
 *   "modalidades": ["familiar"],
 *   "persona_agresora": { "relacion": "pareja", "sexo": "hombre", "edad_aproximada": 34, "vive_con_ella": true },
 *   "ordenes_proteccion": { "otorgadas": true, "tipos": ["emergencia"] }
 * }
 */
export const banavimDetailSchema = z.strictObject({
  tipos_violencia: z.array(z.enum(VIOLENCE_TYPES)).min(1, 'name at least one type of violence'),
  modalidades: z.array(z.enum(VIOLENCE_MODALITIES)).min(1, 'name at least one modality'),
  persona_agresora: z.strictObject({
    relacion: z.enum(AGGRESSOR_RELATIONSHIPS),
    sexo: z.enum(['hombre', 'mujer', 'no_especificado']),
    edad_aproximada: z.number().int().min(12).max(100).nullable().default(null),
    vive_con_ella: z.boolean().nullable().default(null),
  }),
  ordenes_proteccion: z
    .strictObject({
      otorgadas: z.boolean(),
      tipos: z.array(z.enum(PROTECTION_ORDER_KINDS)).default([]),
    })
    .refine((o) => o.otorgadas || o.tipos.length === 0, { message: 'tipos must be empty when no order was granted', path: ['tipos'] }),
});

/** The BANAVIM fields of one case. */
export type BanavimDetail = z.output<typeof banavimDetailSchema>;
