import type { ImportProblem } from './import-problem.js';

/** One row of a file's table: its cells as text and the line it starts on. */
export interface SourceRow {
  line: number;
  cells: string[];
}

/**
 * A file's cells as text, whatever its format (CSV, spreadsheet): the header's cells and each row's,
 * with the line the row is on (a CSV's line, the header being 1; a sheet's row number). Problems are
 * what the format reader itself found (a quote never closed, an unreadable cell).
 *
 * A CSV's rows are read as they are iterated (a file of 100,000 rows is never held as cells all at
 * once): its `problems` are complete only once `rows` has been iterated to the end.
 *
 * @example
 * { header: ['Folio', 'Fecha y hora', …], headerLine: 1, rows: [{ line: 2, cells: ['QR-1', '04/12/2026 10:00', …] }], problems: [] }
 */
export interface SourceTable {
  header: string[];
  headerLine: number;
  rows: Iterable<SourceRow> | AsyncIterable<SourceRow>;
  problems: ImportProblem[];
  /** A workbook's sheet read instead of the first, which held no table: its position among `count`. */
  sheet?: { position: number; count: number } | undefined;
}
