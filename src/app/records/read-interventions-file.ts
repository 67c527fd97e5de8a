import { decodeText, type TextEncoding } from './decode-text.js';
import { say, type ImportProblem } from './import-problem.js';
import { readCsvTable } from './read-csv-table.js';
import { looksLikeHeader, streamInterventionsTable, type InterventionRowStream, type ReadTableOptions } from './read-interventions-table.js';
import { headerBelowTitles } from './header-below-titles.js';
import type { SourceTable } from './source-table.js';
import { looksLikeXlsx, readXlsxTable } from './read-xlsx-table.js';

/** How to read an import file: the sheet of a workbook, the encoding of a CSV (detected when absent), and its table's checks. */
export interface ReadFileOptions extends ReadTableOptions {
  /** The sheet of an `.xlsx` workbook to read (`--hoja`); the first one by default. */
  sheet?: string | undefined;
  /** The encoding of a CSV (`--codificacion`); detected by default. */
  encoding?: TextEncoding | undefined;
}

/** Where the table's header was: its line, the title rows left above it, and the workbook's sheet read when not the first. */
export interface FoundHeader {
  line: number;
  titleRows: number;
  sheet?: { position: number; count: number } | undefined;
}

/**
 * Reads the 911 unit's interventions file as it comes: an `.xlsx` workbook (recognised by its
 * content, not its name), or a CSV separated by `,`, `;` or tab, in UTF-8 (with or without BOM) or
 * Windows-1252. Text is taken as a CSV already decoded. Its header may sit below a report's title rows
 * ({@link headerBelowTitles}), and a workbook's table on another sheet than the first when that one holds
 * none and no sheet is named (a cover page); `header` says where it was. The valid rows come as they
 * are read, the problems at the end ({@link streamInterventionsTable}), so a history of 100,000 rows
 * is never held.
 *
 * @example
 * const read = await streamInterventionsFile(await readFile('intervenciones.xlsx'), { now: new Date() });
 * for await (const row of read.rows) stage(row);
 * read.problems(); // [] or [{ line: 3, column: 'servicio', problem: { es, en } }]
 */
export async function streamInterventionsFile(file: Uint8Array | string, options: ReadFileOptions): Promise<InterventionRowStream & { header: FoundHeader }> {
  const table = await sourceTableOf(file, options);
  if ('header' in table) {
    const found = await headerBelowTitles(table, looksLikeHeader);
    return { ...streamInterventionsTable(found, options), header: { line: found.headerLine, titleRows: found.titleRows, sheet: table.sheet } };
  }
  const { problems } = table;
  return { rows: (async function* () {})(), problems: () => problems, ignoredColumns: () => [], header: { line: 1, titleRows: 0 } };
}

/** The file's table of cells, or why it cannot be read as text. */
async function sourceTableOf(file: Uint8Array | string, options: ReadFileOptions): Promise<SourceTable | { problems: ImportProblem[] }> {
  if (typeof file !== 'string' && looksLikeXlsx(file)) return readXlsxTable(file, options.sheet, looksLikeHeader);
  try {
    return readCsvTable(typeof file === 'string' ? file : decodeText(file, options.encoding).text);
  } catch {
    const problem = say('no está en UTF-8; prueba con la codificación windows-1252', 'is not UTF-8; try the windows-1252 encoding');
    return { problems: [{ line: 1, column: 'archivo', problem }] };
  }
}
