import { csvDocument } from './csv-writing.js';
import type { ReportFigures } from './report-figures.js';

/**
 * The figures as `indicador,valor` rows, one per value, named by their JSON path.
 *
 * @example
 * indicador,valor
 * total,2097
 * servicio.juridica,403
 * …
 * periodo.desde,2026-01-01
 */
export function reportCsv(figures: ReportFigures): string {
  return csvDocument(['indicador', 'valor'], flatten(figures));
}

/** Every leaf of the figures as `[dotted.path, value]`, in the JSON's order. */
export function flatten(value: object, prefix = ''): [string, string | number][] {
  return Object.entries(value).flatMap(([key, v]) =>
    typeof v === 'object' && v !== null ? flatten(v as object, `${prefix}${key}.`) : [[`${prefix}${key}`, v as string | number]],
  );
}
