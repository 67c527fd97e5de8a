import type { ImportProblem } from './import-problem.js';

/**
 * A file's cells as text, whatever its format (CSV, spreadsheet): the header's cells and each row's,
 * with the line the row is on (a CSV's line, the header being 1; a sheet's row number). Problems are
 * what the format reader itself found (a quote never closed, an unreadable cell).
 *
 * @example
 * { header: ['Folio', 'Fecha y hora', …], headerLine: 1, rows: [{ line: 2, cells: ['QR-1', '04/12/2026 10:00', …] }], problems: [] }
 */
export interface SourceTable {
  header: string[];
  headerLine: number;
  rows: { line: number; cells: string[] }[];
  problems: ImportProblem[];
}
