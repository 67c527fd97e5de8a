import { say, sortProblems, type ImportProblem } from './import-problem.js';
import { importText } from './import-texts.js';
import { comparisonKey, folioKey, INTERVENTION_COLUMNS, interventionRowSchema, OPTIONAL_INTERVENTION_COLUMNS, type InterventionRow } from './intervention-row.js';
import type { SourceTable } from './source-table.js';
import { EARLIEST_YEAR } from '../time/scheduling-horizon.js';
import type { DenyList } from '../../engine/index.js';
import { ignoredColumnLabel, resembledColumn, type IgnoredColumn } from './unknown-columns.js';

type Column = (typeof INTERVENTION_COLUMNS)[number] | (typeof OPTIONAL_INTERVENTION_COLUMNS)[number];

/** Every column a file may have, required first. */
const ALL_COLUMNS: readonly Column[] = [...INTERVENTION_COLUMNS, ...OPTIONAL_INTERVENTION_COLUMNS];

/** Header names staff write, as comparison keys, besides the columns' own names. */
const HEADER_SYNONYMS: Record<string, Column> = {
  folio_911: 'folio',
  no_de_folio: 'folio',
  numero_de_folio: 'folio',
  folio_de_la_intervencion: 'folio',
  tipo_de_servicio: 'servicio',
  linea_de_atencion: 'vertiente',
  medio: 'canal',
  medio_de_contacto: 'canal',
  celular: 'telefono',
  telefono_celular: 'telefono',
  numero_celular: 'telefono',
  numero_de_celular: 'telefono',
  tel: 'telefono',
  no_de_telefono: 'telefono',
  fecha_y_hora: 'fecha_hora',
  fecha_hora_de_la_intervencion: 'fecha_hora',
  fecha_y_hora_de_la_intervencion: 'fecha_hora',
  numero: 'telefono',
  numero_de_telefono: 'telefono',
  telefono_de_contacto: 'telefono',
  consentimiento: 'consentimiento_seguimiento',
  consentimiento_de_seguimiento: 'consentimiento_seguimiento',
  acepta_seguimiento: 'consentimiento_seguimiento',
  folio_banavim: 'banavim_folio',
  folio_del_banavim: 'banavim_folio',
  consentimiento_de_videollamada: 'consentimiento_videollamada',
  consentimiento_video_llamada: 'consentimiento_videollamada',
  consentimiento_videollamadas: 'consentimiento_videollamada',
  acepta_videollamada: 'consentimiento_videollamada',
  acepta_videollamadas: 'consentimiento_videollamada',
  consentimiento_de_banavim: 'consentimiento_banavim',
  consentimiento_para_banavim: 'consentimiento_banavim',
  consentimiento_registro_banavim: 'consentimiento_banavim',
  acepta_banavim: 'consentimiento_banavim',
  acepta_registro_banavim: 'consentimiento_banavim',
};

/**
 * The date and the hour of the call in two columns, as many of the unit's sheets keep them (`Fecha`,
 * `Hora`): read together as `fecha_hora`. Their header names, as comparison keys.
 */
const DATE_HEADERS = new Set(['fecha', 'fecha_de_la_intervencion', 'fecha_de_intervencion']);
const TIME_HEADERS = new Set(['hora', 'hora_de_la_intervencion', 'hora_de_intervencion']);

/**
 * Whether a row is the file's header: it names every column the import needs (`fecha_hora` may be a
 * date column and a time column), under the names {@link readHeader} accepts. A report's title row, or
 * a row of data, is not.
 *
 * @example
 * looksLikeHeader(['Folio', 'Fecha', 'Hora', 'Servicio', 'Vertiente', 'Canal', 'Teléfono', 'Alias', 'Consentimiento', 'Folio BANAVIM']) // true
 * looksLikeHeader(['Intervenciones de enero de 2026']) // false
 */
export function looksLikeHeader(cells: readonly string[]): boolean {
  const read = cells.map((cell) => headerName(comparisonKey(cell)));
  const named = new Set(read.flatMap((name) => (name?.column ? [name.column] : [])));
  const split = read.some((name) => name?.part === 'date') && read.some((name) => name?.part === 'time');
  return INTERVENTION_COLUMNS.every((column) => named.has(column) || (column === 'fecha_hora' && split));
}

/** The columns' own names, as comparison keys. */
const COLUMN_NAMES: ReadonlySet<string> = new Set(ALL_COLUMNS);

/**
 * What a header cell (as a comparison key) names: a column, by its own name or one staff write; the
 * date or the hour of a file that splits `fecha_hora`; or nothing the import reads (`undefined`).
 */
function headerName(key: string): { column: Column; part?: undefined } | { part: 'date' | 'time'; column?: undefined } | undefined {
  if (DATE_HEADERS.has(key)) return { part: 'date' };
  if (TIME_HEADERS.has(key)) return { part: 'time' };
  const column = COLUMN_NAMES.has(key) ? (key as Column) : HEADER_SYNONYMS[key];
  return column ? { column } : undefined;
}

/** Where each column is; `fecha_hora` may instead be a date column and a time column (`split`). */
interface HeaderPositions {
  columns: Map<Column, number>;
  split?: { date: number; time: number } | undefined;
  /** The file's other columns, kept aside. */
  ignored: IgnoredColumn[];
}

/** Each optional column with its header names as comparison keys, for {@link resembledColumn}. */
const OPTIONAL_COLUMN_NAMES = OPTIONAL_INTERVENTION_COLUMNS.map(
  (column) => [column, [column, ...Object.keys(HEADER_SYNONYMS).filter((key) => HEADER_SYNONYMS[key] === column)]] as const,
);

/** How the problems of `fecha_hora` are located when the file has a date and a time column. */
const SPLIT_DATE_COLUMN = 'fecha y hora';

/**
 * A date column's cell and a time column's cell as one `dd/mm/aaaa hh:mm` text, for `readOccurredAt`:
 * an Excel date cell reads `2026-01-15T00:00:00` and a time cell `1899-12-30T22:30:00` (Excel's day
 * zero), typed ones as written (`15/01/2026`, `22:30`, `10:30 p. m.`). Either blank: blank.
 *
 * @example
 * joinDateAndTime('2026-01-15T00:00:00', '1899-12-30T22:30:00') // '15/01/2026 22:30:00'
 */
export function joinDateAndTime(date: string, time: string): string {
  if (date === '' || time === '') return '';
  const isoDay = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00:00)?$/.exec(date);
  const day = isoDay ? `${isoDay[3]}/${isoDay[2]}/${isoDay[1]}` : date;
  const excelTime = /^1899-12-3[01]T(\d{2}:\d{2}:\d{2})$/.exec(time);
  return `${day} ${excelTime ? excelTime[1] : time}`;
}

/**
 * What staff write in a cell that has no value («N/A», «S/D», «sin dato», «no tiene», «—»), as
 * comparison keys: read as blank in the optional columns where it is common (her number, her alias,
 * the BANAVIM folio). Her alias especially: «N/A» would greet her as «Hola N/A».
 */
const NO_DATA = new Set(['n_a', 'na', 's_d', 'sd', 'sin_dato', 'sin_datos', 'no_tiene', 'no_aplica', 'ninguno', 'ninguna', 'sin_numero', 'sin_telefono', 'no_proporciono', 'no_proporcionado', 'se_desconoce', 'desconocido']);
/** A cell as a key of {@link NO_DATA}: accents ignored but the ñ kept, so the alias «Ña» is not «NA». */
const noDataKey = (value: string) => comparisonKey(value.replace(/ñ/gi, 'ny'));
/** The columns whose «no data» marks read as blank. */
const NO_DATA_COLUMNS: ReadonlySet<Column> = new Set(['telefono', 'alias', 'banavim_folio']);
/** Dashes alone (`-`, `--`, `—`): a cell left without a value on purpose. */
const DASHES_ONLY = /^[-‐‑‒–—―]+$/;

/** Control characters (C0 but line breaks and tab, DEL, C1): never typed by staff, refused by PostgreSQL (NUL). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * A cell showing one of Excel's error values, in English or in Spanish Excel's words (`#N/A`, `#N/D`,
 * `#¡REF!`, `#¿NOMBRE?`): a formula that failed, as an `.xlsx` stores it or a CSV saved from it shows it.
 */
const EXCEL_ERROR =
  /^#[¡¿]?(?:NULL|NULO|DIV\/0|VALUE|VALOR|REF|NAME|NOMBRE|NUM|N\/A|N\/D|SPILL|DESBORDAMIENTO|CALC|FIELD|CAMPO|BLOCKED|BLOQUEADO|CONNECT|CONECTAR|BUSY|OCUPADO|UNKNOWN|DESCONOCIDO|GETTING_DATA|PYTHON)[!?]?$/i;

/** When the earliest year an intervention may have happened in begins, in Cancún (UTC−5): an earlier one is a mistyped year. */
const EARLIEST_YEAR_START = Date.UTC(EARLIEST_YEAR, 0, 1, 5);

/**
 * A file's valid rows as they are read, and every problem once they have all been read: what an import
 * streams into the database, so a file's rows are never all in memory at once.
 */
export interface InterventionRowStream {
  /** The valid rows, in the file's order; iterate once. */
  rows: AsyncIterable<InterventionRow>;
  /** Every problem of the file, in line order: complete once `rows` has been iterated to the end. */
  problems(): ImportProblem[];
  /** The file's columns that are not imported, in the file's order: known once `rows` has begun. */
  ignoredColumns(): IgnoredColumn[];
}

/** How a table is read: the present moment (no intervention after it), and the words an alias may not hold. */
export interface ReadTableOptions {
  now: Date;
  /**
   * The deployment's deny-list (`deny_words`): her messages call her by her alias, so an alias holding
   * one of its words («víctima», «caso») is refused with its line. Without it, aliases are not checked
   * for words.
   */
  deniedWords?: Pick<DenyList, 'find'> | undefined;
}

/**
 * Validates a file's table of interventions as a stream: header columns matched without regard to
 * case, accents or spaces (`Fecha y hora`, `Teléfono`), in any order, other columns kept aside unread
 * (refused when one looks like a missing optional column); each valid row handed on as soon
 * as it is checked (and kept nowhere); every problem located by line and column and never quoting a
 * value, gathered on the way. A bad header yields no row. Rows whose every value is empty are skipped
 * (spreadsheets leave them). An intervention dated after `now`, or before 2000, is a mistyped date.
 *
 * @example
 * const stream = streamInterventionsTable(table, { now: new Date() });
 * for await (const row of stream.rows) stage(row);
 * stream.problems(); // [{ line: 2, column: 'telefono', problem: { es: 'debe ser un número de 10 dígitos …', en: … } }]
 */
export function streamInterventionsTable(table: SourceTable, options: ReadTableOptions): InterventionRowStream {
  const problems: ImportProblem[] = [];
  let ignored: IgnoredColumn[] = [];
  async function* rows(): AsyncGenerator<InterventionRow> {
    // No header at all: the reader found no row it could read, and its problems say why.
    if (table.header.length === 0 && table.problems.length > 0) return;
    const positions = readHeader(table, problems);
    if (!positions) {
      await readToTheEnd(table);
      return;
    }
    ignored = positions.ignored;
    const firstLineOfFolio = new Map<string, number>();
    let seen = 0;
    for await (const { line, cells } of table.rows) {
      if (cells.every((value) => value === '')) continue;
      seen += 1;
      if (cells.length > table.header.length && cells.slice(table.header.length).some((v) => v !== '')) {
        problems.push({ line, column: 'fila', problem: say(`tiene ${cells.length} valores y el encabezado ${table.header.length}`, `has ${cells.length} values, the header has ${table.header.length}`) });
        continue;
      }
      if (cells.length < table.header.length && !table.header.slice(cells.length).every((h) => h === '')) {
        problems.push({ line, column: 'fila', problem: say(`tiene ${cells.length} valores y el encabezado ${table.header.length}`, `has ${cells.length} values, the header has ${table.header.length}`) });
        continue;
      }
      // Folios are compared without regard to case: `qr-1` typed under `QR-1` is the same intervention.
      // An Excel error in the folio is refused as such (readRow), not as a repeat of another row's.
      const typed = folioKey(cells[positions.columns.get('folio')!] ?? '');
      const folio = EXCEL_ERROR.test(typed.trim()) ? '' : typed;
      const earlier = firstLineOfFolio.get(folio);
      if (folio !== '' && earlier !== undefined) {
        problems.push({ line, column: 'folio', problem: say(`repite el folio de la línea ${earlier}`, `repeats the folio of line ${earlier}`) });
        continue;
      }
      if (folio !== '') firstLineOfFolio.set(folio, line);
      const row = readRow(cells, positions, line, options, problems);
      if (row) yield row;
    }
    if (seen === 0 && problems.length === 0 && table.problems.length === 0) {
      problems.push({ line: table.headerLine, column: 'archivo', problem: say('no tiene filas de intervenciones', 'has no intervention rows') });
    }
  }
  return {
    rows: rows(),
    problems: () => sortProblems([...problems, ...table.problems]),
    ignoredColumns: () => ignored,
  };
}

/** Reads the rest of a table without looking at it, so its `problems` are complete. */
async function readToTheEnd(table: SourceTable): Promise<void> {
  for await (const row of table.rows) void row;
}

/**
 * Maps each known column to its position (the date and time columns of a file that splits them) and
 * lists the others, or reports what is wrong with the header: a required column missing or twice, or
 * an unknown one that looks like an optional column the file lacks (`consentimiento videollamda`).
 */
function readHeader(table: SourceTable, problems: ImportProblem[]): HeaderPositions | null {
  const line = table.headerLine;
  if (table.header.every((h) => h === '')) {
    problems.push({ line, column: 'archivo', problem: say('está vacío: falta la fila de encabezado', 'is empty: a header row is needed') });
    return null;
  }
  const positions = new Map<Column, number>();
  const before = problems.length;
  const split: { date?: number; time?: number } = {};
  const unknown: { index: number; raw: string; key: string }[] = [];
  table.header.forEach((raw, index) => {
    if (raw === '') return;
    const key = comparisonKey(raw);
    const named = headerName(key);
    const name = named?.column;
    const part = named?.part;
    if (part) {
      if (split[part] !== undefined) problems.push({ line, column: part === 'date' ? 'fecha' : 'hora', problem: say('aparece dos veces en el encabezado', 'appears twice in the header') });
      else split[part] = index;
    } else if (!name) {
      unknown.push({ index, raw, key });
    } else if (positions.has(name)) {
      problems.push({ line, column: name, problem: say('aparece dos veces en el encabezado', 'appears twice in the header') });
    } else {
      positions.set(name, index);
    }
  });
  const splitAt = split.date !== undefined && split.time !== undefined ? { date: split.date, time: split.time } : undefined;
  if (positions.has('fecha_hora') && (split.date !== undefined || split.time !== undefined)) {
    problems.push({ line, column: 'fecha_hora', problem: say('va sola, o en dos columnas fecha y hora; no las dos formas', 'goes alone, or as two columns fecha and hora; not both') });
  } else if (!positions.has('fecha_hora') && !splitAt && (split.date !== undefined || split.time !== undefined)) {
    // The hour of the call decides the 12–48 h line: a date alone is not enough.
    const missing = split.date === undefined ? 'fecha' : 'hora';
    problems.push({ line, column: missing, problem: say('falta en el encabezado (la fecha y la hora de la llamada van en dos columnas, o juntas en fecha_hora)', 'is missing from the header (the date and the hour of the call go in two columns, or together in fecha_hora)') });
  }
  for (const column of INTERVENTION_COLUMNS) {
    if (!positions.has(column) && !(column === 'fecha_hora' && (split.date !== undefined || split.time !== undefined))) {
      problems.push({ line, column, problem: say('falta en el encabezado', 'is missing from the header') });
    }
  }
  if (problems.length > before) {
    // A header that is wrong anyway: its unknown columns may be the missing ones misspelt.
    problems.splice(before, 0, ...unknown.map(({ index }) => ({ line, column: `columna ${index + 1}`, problem: say('no es una columna conocida', 'is not a known column') })));
    return null;
  }
  const absent = OPTIONAL_COLUMN_NAMES.filter(([column]) => !positions.has(column));
  for (const { index, key } of unknown) {
    const resembled = resembledColumn(key, absent);
    if (!resembled) continue;
    problems.push({
      line,
      column: `columna ${index + 1}`,
      problem: say(
        `no es una columna conocida y se parece a ${resembled}: si es esa, escribe ese encabezado; si no, quítala del archivo`,
        `is not a known column and looks like ${resembled}: if it is, write that header; if not, remove it from the file`,
      ),
    });
  }
  if (problems.length > before) return null;
  return { columns: positions, split: splitAt, ignored: unknown.map(({ index, raw }) => ({ index, label: ignoredColumnLabel(raw, index) })) };
}

function readRow(cells: string[], positions: HeaderPositions, line: number, { now, deniedWords }: ReadTableOptions, problems: ImportProblem[]): InterventionRow | null {
  const values: Record<string, string> = {};
  let bad = false;
  const { split } = positions;
  // A file with a date and a time column has its problems of `fecha_hora` named after both.
  const located = (column: Column | string) => (split && column === 'fecha_hora' ? SPLIT_DATE_COLUMN : column);
  const cell = (at: number) => (cells[at] ?? '').trim();
  for (const column of ALL_COLUMNS) {
    const position = positions.columns.get(column);
    // An optional column the file does not have reads as blank.
    const read = split && column === 'fecha_hora' ? [cell(split.date), cell(split.time)] : [position === undefined ? '' : cell(position)];
    const typed = read.length === 2 ? joinDateAndTime(read[0]!, read[1]!) : read[0]!;
    const value = NO_DATA_COLUMNS.has(column) && (NO_DATA.has(noDataKey(typed)) || DASHES_ONLY.test(typed)) ? '' : typed;
    const refused = read.some((v) => CONTROL.test(v)) ? 'control' : read.some((v) => EXCEL_ERROR.test(v)) ? 'excel_error' : undefined;
    if (refused) {
      problems.push({ line, column: located(column), problem: importText(refused) });
      bad = true;
      values[column] = '';
    } else {
      values[column] = value;
    }
  }
  const result = interventionRowSchema.safeParse(values);
  if (!result.success) {
    const seen = new Set<string>();
    for (const issue of result.error.issues) {
      const column = String(issue.path[0] ?? 'fila');
      if (seen.has(column) || (bad && values[column] === '' && problems.some((p) => p.line === line && p.column === located(column)))) continue;
      seen.add(column);
      problems.push({ line, column: located(column), problem: importText(issue.message) });
    }
    return null;
  }
  const v = result.data;
  if (v.fecha_hora.getTime() > now.getTime()) {
    problems.push({ line, column: located('fecha_hora'), problem: importText('date_future') });
    return null;
  }
  if (v.fecha_hora.getTime() < EARLIEST_YEAR_START) {
    problems.push({ line, column: located('fecha_hora'), problem: importText('date_too_old') });
    return null;
  }
  if (bad) return null;
  // The list's word, not hers: a problem never quotes a value from the file.
  const [denied] = v.alias && deniedWords ? deniedWords.find(v.alias) : [];
  if (denied) {
    problems.push({
      line,
      column: 'alias',
      problem: say(`no debe contener «${denied.word}»: sus mensajes la llaman por su alias`, `must not contain "${denied.word}": her messages call her by her alias`),
    });
    return null;
  }
  return {
    fileLine: line,
    folio: v.folio,
    occurredAt: v.fecha_hora,
    service: v.servicio,
    lineOfAttention: v.vertiente,
    channel: v.canal,
    phone: v.telefono,
    alias: v.alias,
    followUpConsent: v.consentimiento_seguimiento,
    banavimFolio: v.banavim_folio,
    videoCallConsent: v.consentimiento_videollamada,
    banavimConsent: v.consentimiento_banavim,
  };
}
