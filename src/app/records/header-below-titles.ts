import type { SourceRow, SourceTable } from './source-table.js';

/** How many rows below the first one the header is looked for: a report's title block, not a table. */
export const HEADER_SEARCH_ROWS = 20;

/** A table whose header was found below rows of titles, and how many such rows (with any text) were left unread. */
export interface TableBelowTitles extends SourceTable {
  /** Rows above the header that held text (a report's title, the unit's name, the period): not read. */
  titleRows: number;
}

/**
 * The table with its header where the file has it: the first row, or, when the first row is not a
 * header (`isHeader`) but one of the next {@link HEADER_SEARCH_ROWS} is, that row, the rows above it
 * left unread as titles («Secretaría de Seguridad Ciudadana», «Intervenciones de enero»), as the
 * unit's Excel reports put them above the table. When no such row is a header, the table is as it
 * was (its first row refused as a header, naming what is missing). Rows are read as before, one at a
 * time, after the few looked at.
 *
 * @example
 * await headerBelowTitles({ header: ['Reporte de enero'], headerLine: 1, rows, problems: [] }, looksLikeHeader)
 * // { header: ['Folio', 'Fecha y hora', …], headerLine: 3, rows: <from line 4>, problems: [], titleRows: 1 }
 */
export async function headerBelowTitles(table: SourceTable, isHeader: (cells: readonly string[]) => boolean): Promise<TableBelowTitles> {
  if (isHeader(table.header)) return { ...table, titleRows: 0 };
  const iterator = iterate(table.rows);
  const looked: SourceRow[] = [];
  while (looked.length < HEADER_SEARCH_ROWS) {
    const next = await iterator.next();
    if (next.done) break;
    looked.push(next.value);
    if (!isHeader(next.value.cells)) continue;
    const titles = 1 + looked.slice(0, -1).filter((row) => row.cells.some((cell) => cell.trim() !== '')).length;
    const header = next.value;
    return {
      header: header.cells,
      headerLine: header.line,
      rows: (async function* () {
        for (let item = await iterator.next(); !item.done; item = await iterator.next()) yield item.value;
      })(),
      problems: table.problems,
      titleRows: titles,
    };
  }
  // No header below: the first row stays the header, and every row is read as before.
  return {
    ...table,
    rows: (async function* () {
      yield* looked;
      for (let item = await iterator.next(); !item.done; item = await iterator.next()) yield item.value;
    })(),
    titleRows: 0,
  };
}

/** One iterator over sync and async rows alike. */
function iterate(rows: Iterable<SourceRow> | AsyncIterable<SourceRow>): AsyncIterator<SourceRow> | Iterator<SourceRow> {
  return Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
}
