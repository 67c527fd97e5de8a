import { DateTime } from 'luxon';
import type { BanavimDetail } from './banavim-detail.js';
import { csvDocument } from './csv-writing.js';
import type { PendingBanavimRow } from './ports.js';
import { UNIT_TIME_ZONE } from '../../engine/index.js';

/**
 * Where a pending case stands: `lista` (consent granted and fields collected: exported with its
 * fields), `sin_consentimiento` (her newest BANAVIM consent is not a grant, or she never gave one:
 * listed without fields), `sin_detalle` (consent granted, fields not collected yet).
 */
export type BanavimCaseState = 'lista' | 'sin_consentimiento' | 'sin_detalle';

/**
 * A case pending BANAVIM registration, as listed and exported. The national record's fields are
 * present only when `estado` is `lista`; otherwise they are `null`.
 *
 * @example
 * { "case_id": "019ad1b2-…", "folio": "QR-2026-000123", "fecha_intervencion": "2026-01-15T22:30:00.000-05:00",
 *   "estado": "lista", "tipos_violencia": ["psicologica", "fisica"], "modalidades": ["familiar"],
 *   "persona_agresora": { "relacion": "pareja", "sexo": "hombre", "edad_aproximada": 34, "vive_con_ella": true },
 *   "ordenes_proteccion": { "otorgadas": true, "tipos": ["emergencia"] } }
 */
export interface PendingBanavimCase {
  case_id: string;
  folio: string | null;
  fecha_intervencion: string | null;
  estado: BanavimCaseState;
  tipos_violencia: BanavimDetail['tipos_violencia'] | null;
  modalidades: BanavimDetail['modalidades'] | null;
  persona_agresora: BanavimDetail['persona_agresora'] | null;
  ordenes_proteccion: BanavimDetail['ordenes_proteccion'] | null;
}

/** Turns a stored row into the exported case, leaving out every field she did not consent to share. */
export function toPendingCase(row: PendingBanavimRow): PendingBanavimCase {
  const estado: BanavimCaseState = !row.consentGranted ? 'sin_consentimiento' : row.detail ? 'lista' : 'sin_detalle';
  const detail = estado === 'lista' ? row.detail : null;
  return {
    case_id: row.caseId,
    folio: row.folio,
    fecha_intervencion: row.firstInterventionAt
      ? DateTime.fromJSDate(row.firstInterventionAt, { zone: UNIT_TIME_ZONE }).toISO()
      : null,
    estado,
    tipos_violencia: detail?.tipos_violencia ?? null,
    modalidades: detail?.modalidades ?? null,
    persona_agresora: detail?.persona_agresora ?? null,
    ordenes_proteccion: detail?.ordenes_proteccion ?? null,
  };
}

const yesNo = (value: boolean | null | undefined) => (value === null || value === undefined ? '' : value ? 'si' : 'no');

/** The CSV columns of the export, one case per row; lists are joined with `|`. */
export const BANAVIM_CSV_COLUMNS = [
  'case_id',
  'folio',
  'fecha_intervencion',
  'estado',
  'tipos_violencia',
  'modalidades',
  'agresora_relacion',
  'agresora_sexo',
  'agresora_edad_aproximada',
  'agresora_vive_con_ella',
  'ordenes_otorgadas',
  'ordenes_tipos',
] as const;

/** The export as CSV ({@link BANAVIM_CSV_COLUMNS}); cases not `lista` have their field columns empty. */
export function banavimCsv(cases: readonly PendingBanavimCase[]): string {
  return csvDocument(
    BANAVIM_CSV_COLUMNS,
    cases.map((c) => [
      c.case_id,
      c.folio,
      c.fecha_intervencion,
      c.estado,
      c.tipos_violencia?.join('|'),
      c.modalidades?.join('|'),
      c.persona_agresora?.relacion,
      c.persona_agresora?.sexo,
      c.persona_agresora?.edad_aproximada,
      yesNo(c.persona_agresora?.vive_con_ella),
      yesNo(c.ordenes_proteccion?.otorgadas),
      c.ordenes_proteccion?.tipos.join('|'),
    ]),
  );
}
