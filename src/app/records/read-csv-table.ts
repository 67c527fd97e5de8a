import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { say, type ImportProblem } from './import-problem.js';
import type { SourceRow, SourceTable } from './source-table.js';

/** How much text is handed to the parser at a time. */
const PIECE = 64 * 1024;

/** The separators a CSV may use: Excel in Spanish saves with `;`, other tools with `,` or a tab. */
const SEPARATORS = [',', ';', '\t'] as const;

/** What csv-parse's own errors mean, in words that never quote the file's content. */
const CSV_ERRORS: Record<string, ImportProblem['problem']> = {
  CSV_QUOTE_NOT_CLOSED: say('unas comillas abren un valor y nunca lo cierran', 'a quoted value is never closed'),
  INVALID_OPENING_QUOTE: say('unas comillas abren a mitad de un valor', 'a quote opens in the middle of a value'),
  CSV_INVALID_CLOSING_QUOTE: say('unas comillas cierran a mitad de un valor', 'a quote closes in the middle of a value'),
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: say('hay texto después de unas comillas de cierre', 'text follows a closing quote'),
};

/** How many lines are looked at for a separator: a report's title lines may have none. */
const SEPARATOR_SEARCH_LINES = 21;

/**
 * The separator of a CSV: of `,`, `;` and tab, the one that appears most often outside quotes in its
 * first line that has any (the header's names have none of them; a report's title line above the
 * header may have none at all); `,` when none of the first lines has one.
 *
 * @example
 * detectSeparator('Reporte de enero\nFolio;Fecha y hora;Servicio\n') // ';'
 */
export function detectSeparator(text: string): (typeof SEPARATORS)[number] {
  let counts = new Map<string, number>(SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  let lines = 0;
  const best = () => SEPARATORS.reduce((top, s) => (counts.get(s)! > counts.get(top)! ? s : top), SEPARATORS[0]);
  for (const char of text.replace(/^\uFEFF/, '')) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      if ([...counts.values()].some((n) => n > 0)) return best();
      if (char === '\n' && ++lines >= SEPARATOR_SEARCH_LINES) break;
      counts = new Map(SEPARATORS.map((s) => [s, 0]));
    } else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  return best();
}

/**
 * Reads a CSV's text into a {@link SourceTable}: separator detected ({@link detectSeparator}), values
 * trimmed, blank lines skipped. Each row carries the line it starts on (a value with a quoted line break
 * spans several); a row csv-parse cannot read becomes a problem on its line.
 *
 * The header is read now; the rows are parsed as they are iterated, 64 KiB of text at a time, so the
 * cells of a whole file never exist at once (a history of 100,000 rows made hundreds of MB of them).
 * The table's `problems` are complete once its rows have been iterated.
 */
export async function readCsvTable(text: string): Promise<SourceTable> {
  const problems: ImportProblem[] = [];
  const parser = parse({
    bom: true,
    delimiter: detectSeparator(text),
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (!error) return;
      problems.push({
        line: (error as { lines?: number }).lines ?? 1,
        column: 'archivo',
        problem: CSV_ERRORS[error.code] ?? say('no es un CSV válido: la fila no se puede leer', 'is not valid CSV: the row cannot be read'),
      });
    },
    // Only the line is kept of csv-parse's information on each record (all of it is a large object per row).
    on_record: ((record: string[], context: { lines: number }) => ({
      line: context.lines - record.reduce((n, value) => n + (value.includes('\n') ? value.split('\n').length - 1 : 0), 0),
      cells: record,
    })) as unknown as (record: string[]) => string[],
  });
  const records = Readable.from(pieces(text)).pipe(parser)[Symbol.asyncIterator]() as AsyncIterator<SourceRow>;
  const first = await records.next();
  const header = first.done ? undefined : first.value;
  return { header: header?.cells ?? [], headerLine: header?.line ?? 1, rows: { [Symbol.asyncIterator]: () => records }, problems };
}

/** The text in pieces of about {@link PIECE} characters, line breaks as `\n` (a `\r\n` is never split). */
function* pieces(text: string): Generator<string> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + PIECE, text.length);
    if (text[end - 1] === '\r' && text[end] === '\n') end += 1;
    yield text.slice(start, end).replace(/\r\n?/g, '\n');
    start = end;
  }
}
