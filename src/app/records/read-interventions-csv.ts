import { parse } from 'csv-parse/sync';
import { sortProblems, type ImportProblem } from './import-problem.js';
import {
  INTERVENTION_COLUMNS,
  interventionRowSchema,
  type InterventionRow,
} from './intervention-row.js';

/** The rows of a valid file, or every problem found in it. */
export type ReadResult = { ok: true; rows: InterventionRow[] } | { ok: false; problems: ImportProblem[] };

type Column = (typeof INTERVENTION_COLUMNS)[number];

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** What csv-parse's own errors mean, in words that never quote the file's content. */
const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value is never closed',
  INVALID_OPENING_QUOTE: 'a quote opens in the middle of a value',
  CSV_INVALID_CLOSING_QUOTE: 'a quote closes in the middle of a value',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text follows a closing quote',
};

/**
 * Reads the 911 unit's interventions file (UTF-8 CSV, header row first, columns in any order) and
 * validates every row. Problems are located by the file's line numbers (header = line 1; a row with a
 * quoted line break is located by its first line) and never quote a value. Blank lines, and rows whose
 * every value is empty (spreadsheets leave them), are skipped.
 *
 * @example
 * readInterventionsCsv('folio,fecha_hora,…\nQR-1,2026-01-15T22:30:00-05:00,…');
 * // { ok: false, problems: [{ line: 2, column: 'telefono', problem: 'must be an E.164 number …' }] }
 */
export function readInterventionsCsv(text: string): ReadResult {
  const problems: ImportProblem[] = [];
  const records = parseRecords(text, problems);
  const header = records.shift();
  if (!header) return { ok: false, problems: [{ line: 1, column: 'file', problem: 'is empty: a header row is needed' }] };

  const positions = readHeader(header.record, problems);
  if (!positions) return { ok: false, problems: sortProblems(problems) };
  if (records.length === 0 && problems.length === 0) {
    problems.push({ line: 1, column: 'file', problem: 'has no intervention rows' });
  }

  const rows: InterventionRow[] = [];
  const firstLineOfFolio = new Map<string, number>();
  for (const { record, info } of records) {
    if (record.every((value) => value === '')) continue;
    const line = info.lines - record.reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== header.record.length) {
      problems.push({ line, column: 'row', problem: `has ${record.length} values, the header has ${header.record.length}` });
      continue;
    }
    const folio = record[positions.get('folio')!] ?? '';
    const earlier = firstLineOfFolio.get(folio);
    if (folio !== '' && earlier !== undefined) {
      problems.push({ line, column: 'folio', problem: `repeats the folio of line ${earlier}` });
      continue;
    }
    if (folio !== '') firstLineOfFolio.set(folio, line);
    const row = readRow(record, positions, line, problems);
    if (row) rows.push(row);
  }
  return problems.length > 0 ? { ok: false, problems: sortProblems(problems) } : { ok: true, rows };
}

function parseRecords(text: string, problems: ImportProblem[]): ParsedRecord[] {
  return parse(text.replace(/\r\n?/g, '\n'), {
    bom: true,
    trim: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (!error) return;
      problems.push({
        line: (error as { lines?: number }).lines ?? 1,
        column: 'file',
        problem: `is not valid CSV: ${CSV_ERRORS[error.code] ?? 'the row cannot be read'}`,
      });
    },
  }) as unknown as ParsedRecord[];
}

/** Maps each known column to its position, or reports what is wrong with the header. */
function readHeader(header: string[], problems: ImportProblem[]): Map<Column, number> | null {
  const positions = new Map<Column, number>();
  const known = new Set<string>(INTERVENTION_COLUMNS);
  header.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (!known.has(name)) {
      problems.push({ line: 1, column: `column ${index + 1}`, problem: 'is not a known column' });
    } else if (positions.has(name as Column)) {
      problems.push({ line: 1, column: name, problem: 'appears twice in the header' });
    } else {
      positions.set(name as Column, index);
    }
  });
  for (const column of INTERVENTION_COLUMNS) {
    if (!positions.has(column)) problems.push({ line: 1, column, problem: 'is missing from the header' });
  }
  return problems.some((p) => p.line === 1) ? null : positions;
}

function readRow(record: string[], positions: Map<Column, number>, line: number, problems: ImportProblem[]): InterventionRow | null {
  const values = Object.fromEntries(INTERVENTION_COLUMNS.map((c) => [c, record[positions.get(c)!] ?? '']));
  const result = interventionRowSchema.safeParse(values);
  if (!result.success) {
    const seen = new Set<string>();
    for (const issue of result.error.issues) {
      const column = String(issue.path[0] ?? 'row');
      if (seen.has(column)) continue;
      seen.add(column);
      problems.push({ line, column, problem: issue.message });
    }
    return null;
  }
  const v = result.data;
  return {
    fileLine: line,
    folio: v.folio,
    occurredAt: new Date(v.fecha_hora),
    service: v.servicio,
    lineOfAttention: v.vertiente,
    channel: v.canal,
    phone: v.telefono,
    alias: v.alias,
    followUpConsent: v.consentimiento_seguimiento === 'si',
    banavimFolio: v.banavim_folio,
  };
}
