/** The header found below a report's title rows, and a table left as it was when there is none. */
import { describe, expect, it } from 'vitest';
import { headerBelowTitles, HEADER_SEARCH_ROWS } from '../../src/app/records/header-below-titles.js';
import type { SourceRow, SourceTable } from '../../src/app/records/source-table.js';

const isHeader = (cells: readonly string[]) => cells[0] === 'Folio';
const row = (line: number, ...cells: string[]): SourceRow => ({ line, cells });
async function all(rows: SourceTable['rows']): Promise<SourceRow[]> {
  const read: SourceRow[] = [];
  for await (const r of rows) read.push(r);
  return read;
}
async function* slowly(rows: SourceRow[]) {
  for (const r of rows) yield r;
}

describe('headerBelowTitles', () => {
  it('keeps a table whose first row is its header as it is', async () => {
    const table = { header: ['Folio', 'Fecha'], headerLine: 1, rows: [row(2, 'QR-1', '01/12/2026')], problems: [] };
    const found = await headerBelowTitles(table, isHeader);
    expect(found).toMatchObject({ header: ['Folio', 'Fecha'], headerLine: 1, titleRows: 0 });
    expect(await all(found.rows)).toEqual([row(2, 'QR-1', '01/12/2026')]);
  });

  it.each([
    ['a workbook (rows in memory)', (rows: SourceRow[]) => rows],
    ['a CSV (rows as they are read)', (rows: SourceRow[]) => slowly(rows)],
  ])('finds the header below title rows in %s, counting the titles with text and reading on from it', async (_what, shape) => {
    const rows = [row(2, 'Intervenciones de enero'), row(3, '', ''), row(4, 'Folio', 'Fecha'), row(5, 'QR-1', '01/12/2026'), row(6, 'QR-2', '02/12/2026')];
    const problems = [{ line: 9, column: 'archivo', problem: { es: 'x', en: 'x' } }];
    const found = await headerBelowTitles({ header: ['Secretaría de Seguridad'], headerLine: 1, rows: shape(rows), problems }, isHeader);
    expect(found).toMatchObject({ header: ['Folio', 'Fecha'], headerLine: 4, titleRows: 2 });
    expect(found.problems).toBe(problems);
    expect((await all(found.rows)).map((r) => r.line)).toEqual([5, 6]);
  });

  it(`leaves the table as it was, every row still read, when none of the next ${HEADER_SEARCH_ROWS} rows is a header`, async () => {
    const rows = Array.from({ length: HEADER_SEARCH_ROWS + 5 }, (_, i) => row(i + 2, `dato ${i}`));
    rows.push(row(HEADER_SEARCH_ROWS + 7, 'Folio', 'Fecha'));
    const found = await headerBelowTitles({ header: ['Reporte'], headerLine: 1, rows: slowly(rows), problems: [] }, isHeader);
    expect(found).toMatchObject({ header: ['Reporte'], headerLine: 1, titleRows: 0 });
    expect(await all(found.rows)).toEqual(rows);
  });
});
