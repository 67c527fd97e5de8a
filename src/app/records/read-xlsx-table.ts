import { HEADER_SEARCH_ROWS } from './header-below-titles.js';
import type ExcelJS from 'exceljs';
import { say } from './import-problem.js';
import type { SourceRow, SourceTable } from './source-table.js';

/** Whether the bytes are a ZIP archive, as every `.xlsx` workbook is. */
export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** A date cell (Excel keeps wall-clock time, read by exceljs as UTC) as `YYYY-MM-DDTHH:mm:ss`, to the second. */
function wallClock(date: Date): string {
  return new Date(Math.round(date.getTime() / 1000) * 1000).toISOString().slice(0, 19);
}

/**
 * Whether a cell's number format shows a date without its time (`dd/mm/yyyy`, not `dd/mm/yyyy hh:mm`):
 * quoted literals and bracketed parts (colours, locales) aside, it has no hour, second or AM/PM.
 */
function showsDateOnly(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const tokens = numFmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dy]/i.test(tokens) && !/[hs]/i.test(tokens) && !/AM\/PM|A\/P/i.test(tokens);
}

/** `15/01/2026`: a date cell shown without its time, as a CSV of the same sheet would hold it. */
function dayOnly(date: Date): string {
  const [year, month, day] = date.toISOString().slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

/**
 * A cell's value as the text a CSV of the same sheet would hold. A date cell formatted without its
 * time and holding midnight was typed as a date alone: it reads as that date, which the row refuses
 * (the time of the call is required), rather than as a call at 00:00.
 */
function cellText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const text = wallClock(value);
    return showsDateOnly(numFmt) && text.endsWith('T00:00:00') ? dayOnly(value) : text;
  }
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'si' : 'no';
  if (typeof value === 'string') return value;
  // An error value (`#N/A` from a lookup that found nothing) reads as Excel shows it, and is refused
  // with its line: read as blank, it would silently be a missing number or a "no".
  if ('error' in value) return String(value.error);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue, numFmt);
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  return '';
}

/**
 * Reads the first sheet of an `.xlsx` workbook (or the one named `sheet`) into a {@link SourceTable}:
 * the first row with any value is the header; each row carries its row number in the sheet, the line
 * staff see. A date cell becomes its wall-clock time (America/Cancun is applied when the row is read;
 * one shown without a time and holding midnight, its date alone),
 * a number its digits, a formula its result, an error value as Excel shows it (`#N/A`). A workbook that cannot be opened, or has no such sheet,
 * is one problem on line 1. Without a sheet named, and with `isHeader`: the first sheet whose first
 * rows ({@link HEADER_SEARCH_ROWS} below its first) hold a header, when the first sheet holds none (a
 * cover page); `sheet` then says which, by position (a sheet's name is the unit's text).
 */
export async function readXlsxTable(bytes: Uint8Array, sheet?: string, isHeader?: (cells: readonly string[]) => boolean): Promise<SourceTable> {
  const empty = (problem: SourceTable['problems'][number]['problem']): SourceTable => ({ header: [], headerLine: 1, rows: [], problems: [{ line: 1, column: 'archivo', problem }] });
  // Loaded on first use: the library costs every process about 25 MB resident, and only imports need it.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    return empty(say('no es un libro de Excel (.xlsx) que se pueda abrir', 'is not an Excel workbook (.xlsx) that can be opened'));
  }
  const sheets = workbook.worksheets;
  // Each sheet's rows are read once, whether looked at for a header or read as the table.
  const read = new Map<ExcelJS.Worksheet, SourceRow[]>();
  const rowsOf = (w: ExcelJS.Worksheet) => read.get(w) ?? read.set(w, sheetRows(w)).get(w)!;
  const withTable = sheet === undefined && isHeader ? sheets.findIndex((w) => rowsOf(w).slice(0, HEADER_SEARCH_ROWS + 1).some((row) => isHeader(row.cells))) : -1;
  const worksheet = sheet === undefined ? sheets[Math.max(withTable, 0)] : sheets.find((w) => w.name.trim().toLowerCase() === sheet.trim().toLowerCase());
  if (!worksheet) {
    // Sheets are counted, never named: a sheet's name is the unit's text (a name, a number) and would
    // reach the log with the problem.
    const count = workbook.worksheets.length;
    return empty(
      sheet === undefined
        ? say('no tiene hojas', 'has no sheets')
        : say(
            `no tiene una hoja con ese nombre (el libro tiene ${count} ${count === 1 ? 'hoja' : 'hojas'}; escribe el nombre como aparece en su pestaña de Excel)`,
            `has no sheet by that name (the workbook has ${count} ${count === 1 ? 'sheet' : 'sheets'})`,
          ),
    );
  }
  const rows = [...rowsOf(worksheet)];
  const header = rows.shift();
  const width = header?.cells.length ?? 0;
  for (const row of rows) while (row.cells.length < width) row.cells.push('');
  return {
    header: header?.cells ?? [],
    headerLine: header?.line ?? 1,
    rows,
    problems: [],
    ...(withTable > 0 ? { sheet: { position: withTable + 1, count: sheets.length } } : {}),
  };
}

/** A sheet's rows with any value, each as text with its row number (read once per sheet: exceljs keeps them). */
function sheetRows(worksheet: ExcelJS.Worksheet): SourceRow[] {
  const rows: SourceRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    rows.push({ line: rowNumber, cells: values.slice(1).map((v, i) => cellText(v, row.getCell(i + 1).numFmt).trim()) });
  });
  return rows;
}
