import { interventionsCsv } from './csv-rows.js';

/** The unit's published figures for 1 January to 31 March 2026. */
export const PUBLISHED = {
  total: 2097,
  juridica: 403,
  psicologica: 1694,
  acompanamiento_previo: 433,
  intervencion_12_48h: 1605,
  atencion_subsecuente: 54,
  seguimiento: 5,
  banavim: 718,
} as const;

const Q1_START = Date.parse('2026-01-01T00:00:00-05:00');
const Q1_END = Date.parse('2026-04-01T00:00:00-05:00');

/** An ISO instant with the -05:00 offset the unit's files use. */
function cancun(ms: number): string {
  return new Date(ms - 5 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '-05:00');
}

/** One row of the published quarter, with its instant (for files that write dates their own way). */
export type PublishedRow = Record<string, string> & { at: string };

/** The published quarter as an import file (see {@link publishedQuarterRows}), in the columns' own words. */
export function publishedQuarterCsv(): string {
  return interventionsCsv(publishedQuarterRows().map(({ at: _, ...row }) => row));
}

/**
 * The published quarter's rows: exactly the figures above, spread over the quarter (the first and last
 * second of it included), plus two interventions just outside it that must not count. Rows are mixed by
 * two permutations of the index, so service, line and BANAVIM are not correlated. `at` is each row's
 * instant in milliseconds, as text.
 */
export function publishedQuarterRows(): PublishedRow[] {
  const rows: PublishedRow[] = [];
  for (let i = 0; i < PUBLISHED.total; i++) {
    const j = (i * 7919) % PUBLISHED.total;
    const k = (i * 5003) % PUBLISHED.total;
    const line =
      j < 433 ? 'acompanamiento_previo' : j < 433 + 1605 ? 'intervencion_12_48h' : j < 433 + 1605 + 54 ? 'atencion_subsecuente' : 'seguimiento';
    const channel = line === 'seguimiento' ? (j % 2 === 0 ? 'whatsapp' : 'videollamada') : 'telefono_911';
    const at = i === 0 ? Q1_START : i === PUBLISHED.total - 1 ? Q1_END - 1000 : Q1_START + Math.floor(((Q1_END - Q1_START) * i) / PUBLISHED.total);
    rows.push({
      at: String(at),
      folio: `QR-2026-${String(i + 1).padStart(6, '0')}`,
      fecha_hora: cancun(at),
      servicio: i < PUBLISHED.juridica ? 'juridica' : 'psicologica',
      vertiente: line,
      canal: channel,
      telefono: i % 3 === 0 ? `+52199811${String(i).padStart(5, '0')}` : '',
      alias: i % 6 === 0 ? `Alias ${i}` : '',
      consentimiento_seguimiento: i % 3 === 0 && i % 2 === 0 ? 'si' : 'no',
      banavim_folio: k < PUBLISHED.banavim ? `BNV-2026-${String(i + 1).padStart(6, '0')}` : '',
    });
  }
  for (const [folio, at] of [
    ['QR-2025-999999', Q1_START - 1000],
    ['QR-2026-100000', Q1_END],
  ] as const) {
    rows.push({
      at: String(at),
      folio,
      fecha_hora: cancun(at),
      servicio: 'juridica',
      vertiente: 'seguimiento',
      canal: 'whatsapp',
      telefono: '',
      alias: '',
      consentimiento_seguimiento: 'no',
      banavim_folio: `BNV-${folio}`,
    });
  }
  return rows;
}
