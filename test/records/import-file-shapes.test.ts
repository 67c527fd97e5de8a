import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importInterventions, type ImportInput, type ImportInterventionsDeps } from '../../src/app/records/import-interventions.js';
import { formatProblem } from '../../src/app/records/import-problem.js';
import { parseReportPeriod } from '../../src/app/records/report-period.js';
import { createReports } from '../../src/app/records/reports.js';
import { importInterventionsCommand } from '../../src/cli/records/import-interventions-command.js';
import { prismaAuditTrail } from '../../src/persistence/audit-trail.js';
import { prismaInterventionImportStore } from '../../src/persistence/records/intervention-import-store.js';
import { prismaReportCounts } from '../../src/persistence/records/report-counts.js';
import { captureIo } from './support/capture-io.js';
import { interventionsCsv, row } from './support/csv-rows.js';
import { PUBLISHED, publishedQuarterRows, type PublishedRow } from './support/published-dataset.js';
import { createRecordsContext, dumpTables, fixedClock, TABLES, type RecordsContext } from './support/records-context.js';
import { VIDEO_FLOWS } from '../../src/roles/follow-up-settings.js';
import { DEFAULT_SETTINGS } from '../../src/engine/index.js';

let ctx: RecordsContext;
let dir: string;
const clock = fixedClock('2026-04-02T15:00:00Z');

beforeAll(async () => {
  ctx = await createRecordsContext();
  dir = await mkdtemp(join(tmpdir(), 'acompana-shapes-'));
});

afterAll(async () => {
  await ctx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await ctx.sql(`TRUNCATE ${TABLES.map((t) => `"${t}"`).join(', ')} CASCADE`);
});

function deps(): ImportInterventionsDeps {
  return { store: prismaInterventionImportStore(ctx.db, ctx.privacy), checkIns: ctx.checkIns, invitationFlows: [VIDEO_FLOWS.invitation], deniedWords: DEFAULT_SETTINGS.denyList, clock, log: ctx.log };
}

const actor = { staffId: null, via: 'cli' as const };

/** Imports, expecting success, and returns the quarter's figures as the reports count them. */
async function importAndReport(input: Omit<ImportInput, 'actor'>) {
  const result = await importInterventions(deps(), { ...input, actor });
  if (!result.ok) expect(result.problems.slice(0, 5).map((p) => formatProblem(p))).toEqual([]);
  expect(result).toMatchObject({ ok: true, outcome: { created: PUBLISHED.total + 2 } });
  const period = parseReportPeriod({ from: '2026-01-01', to: '2026-03-31' });
  if (!period.ok) throw new Error(period.message);
  return createReports({ counts: prismaReportCounts(ctx.db), audit: prismaAuditTrail(ctx.db) }).figures(period.period, { actor, use: 'json' });
}

/** The figures the unit published, as the report gives them. */
function expectPublished(figures: Awaited<ReturnType<typeof importAndReport>>): void {
  expect(figures).toMatchObject({
    total: PUBLISHED.total,
    servicio: { juridica: PUBLISHED.juridica, psicologica: PUBLISHED.psicologica },
    vertiente: {
      acompanamiento_previo: PUBLISHED.acompanamiento_previo,
      intervencion_12_48h: PUBLISHED.intervencion_12_48h,
      atencion_subsecuente: PUBLISHED.atencion_subsecuente,
      seguimiento: PUBLISHED.seguimiento,
    },
    canal: { telefono_911: PUBLISHED.total - PUBLISHED.seguimiento, whatsapp: 3, videollamada: 2 },
    banavim_registradas: PUBLISHED.banavim,
  });
}

/** The words of the unit's bulletin for each stored value. */
const WORDING: Record<string, string> = {
  juridica: 'Jurídica',
  psicologica: 'Psicológica',
  acompanamiento_previo: 'Acompañamiento previo',
  intervencion_12_48h: 'Intervención 12-48 h',
  atencion_subsecuente: 'Atención subsecuente',
  seguimiento: 'Seguimiento',
  telefono_911: '911',
  whatsapp: 'WhatsApp',
  videollamada: 'Videollamada',
};

/** `+521998…` as staff write it: `(998) 11x-xxxx`. */
function localPhone(e164: string): string {
  if (e164 === '') return '';
  const d = e164.slice(-10);
  return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
}

/** Cancún's wall-clock time of an instant, as `dd/mm/aaaa hh:mm:ss`. */
function dayMonthYear(ms: number): string {
  const w = new Date(ms - 5 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(w.getUTCDate())}/${two(w.getUTCMonth() + 1)}/${w.getUTCFullYear()} ${two(w.getUTCHours())}:${two(w.getUTCMinutes())}:${two(w.getUTCSeconds())}`;
}

const HEADER = ['Folio', 'Fecha y hora', 'Servicio', 'Vertiente', 'Canal', 'Teléfono', 'Alias', 'Consentimiento seguimiento', 'Folio BANAVIM'];

/** A published row as the unit's own sheet writes it. */
function asStaffWriteIt(r: PublishedRow, date: (ms: number) => unknown, service: (s: string) => string = (s) => WORDING[s]!): unknown[] {
  return [
    r.folio,
    date(Number(r.at)),
    service(r.servicio!),
    WORDING[r.vertiente!],
    WORDING[r.canal!],
    localPhone(r.telefono!),
    r.alias,
    r.consentimiento_seguimiento === 'si' ? (Number(r.at) % 2 === 0 ? 'Sí' : 'x') : '',
    r.banavim_folio,
  ];
}

describe('the unit’s files as they come, each reproducing the published figures', () => {
  it('reads an .xlsx workbook made by Excel: date cells, bulletin wording, local numbers, headers with accents', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Portada').addRow(['Intervenciones del primer trimestre']);
    const sheet = workbook.addWorksheet('Intervenciones');
    sheet.addRow(HEADER);
    // Excel keeps wall-clock time: exceljs writes a Date's UTC fields, so Cancún's time goes in as UTC.
    for (const r of publishedQuarterRows()) sheet.addRow(asStaffWriteIt(r, (ms) => new Date(ms - 5 * 3600_000)));
    sheet.getColumn(2).numFmt = 'dd/mm/yyyy hh:mm:ss';
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());

    // The first sheet is a cover page: without --hoja the sheet holding the table is read, and said.
    const first = await importInterventions(deps(), { file: bytes, actor, dryRun: true });
    expect(first).toMatchObject({ ok: true, sheetRead: { position: 2, count: 2 }, outcome: { created: PUBLISHED.total + 2 } });
    // With no sheet holding a table, the first one is refused naming what its header lacks.
    const covers = new ExcelJS.Workbook();
    covers.addWorksheet('Portada').addRow(['Intervenciones del primer trimestre']);
    covers.addWorksheet('Notas').addRow(['Sin datos']);
    const none = await importInterventions(deps(), { file: new Uint8Array(await covers.xlsx.writeBuffer()), actor });
    expect(none.ok ? [] : none.problems.map((p) => formatProblem(p)).slice(0, 2)).toEqual([
      'línea 1: columna 1: no es una columna conocida',
      'línea 1: folio: falta en el encabezado',
    ]);
    const missing = await importInterventions(deps(), { file: bytes, actor, sheet: 'Hoja1' });
    expect(missing.ok ? [] : missing.problems.map((p) => formatProblem(p))).toEqual([
      'línea 1: archivo: no tiene una hoja con ese nombre (el libro tiene 2 hojas; escribe el nombre como aparece en su pestaña de Excel)',
    ]);
    // A sheet's name is the unit's text: it reaches neither the problem nor the log.
    expect(ctx.logText()).toContain('has no sheet by that name');
    expect(ctx.logText()).not.toContain('Portada');
    expectPublished(await importAndReport({ file: bytes, sheet: 'intervenciones' }));
    const survivor = await ctx.db.survivor.findFirstOrThrow({ where: { phoneHash: { not: null } }, orderBy: { createdAt: 'asc' } });
    expect(ctx.privacy.cipher.decrypt(survivor.phoneCipher!)).toMatch(/^\+5299811\d{5}$/);
    const first911 = await ctx.db.intervention.findUniqueOrThrow({ where: { folio: 'QR-2026-000001' } });
    expect(first911.occurredAt).toEqual(new Date('2026-01-01T05:00:00Z'));
    expect(await ctx.db.consent.count({ where: { granted: true } })).toBe(publishedQuarterRows().filter((r) => r.consentimiento_seguimiento === 'si').length);
  });

  it('refuses a date cell typed without its time, as a CSV would, and keeps a call at midnight typed with one', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Intervenciones');
    sheet.addRow(HEADER);
    const midnight = new Date('2026-01-15T00:00:00Z');
    sheet.addRow(['XL-1', midnight, 'Psicológica', 'Intervención 12-48 h', 'Teléfono 911', '', '', '', '']);
    sheet.addRow(['XL-2', midnight, 'Psicológica', 'Intervención 12-48 h', 'Teléfono 911', '', '', '', '']);
    // The same date from a formula (`=HOY()`, a date copied from another sheet) shown without its time.
    sheet.addRow(['XL-3', { formula: 'Directorio!C7', result: midnight }, 'Psicológica', 'Intervención 12-48 h', 'Teléfono 911', '', '', '', '']);
    sheet.getCell('B2').numFmt = 'dd/mm/yyyy';
    sheet.getCell('B3').numFmt = 'dd/mm/yyyy hh:mm';
    sheet.getCell('B4').numFmt = 'dd/mm/yyyy';
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const dateOnly = await importInterventions(deps(), { file: bytes, actor });
    expect(dateOnly.ok ? [] : dateOnly.problems.map((p) => formatProblem(p))).toEqual([
      'línea 2: fecha_hora: debe ser una fecha y hora como 15/01/2026 22:30, 15/01/2026 10:30 p. m. o 2026-01-15T22:30:00-05:00',
      'línea 4: fecha_hora: debe ser una fecha y hora como 15/01/2026 22:30, 15/01/2026 10:30 p. m. o 2026-01-15T22:30:00-05:00',
    ]);
    sheet.spliceRows(4, 1);
    sheet.spliceRows(2, 1);
    const withTime = await importInterventions(deps(), { file: new Uint8Array(await workbook.xlsx.writeBuffer()), actor });
    expect(withTime).toMatchObject({ ok: true, outcome: { created: 1 } });
    expect((await ctx.db.intervention.findUniqueOrThrow({ where: { folio: 'XL-2' } })).occurredAt).toEqual(new Date('2026-01-15T05:00:00Z'));
  });

  it('reads the date and the hour of the call from two columns, Fecha and Hora, in a workbook and in a CSV', async () => {
    const header = ['Folio', 'Fecha', 'Hora', 'Servicio', 'Vertiente', 'Canal', 'Teléfono', 'Alias', 'Consentimiento seguimiento', 'Folio BANAVIM'];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Intervenciones');
    sheet.addRow(header);
    // Excel keeps a date cell at midnight and a time cell on its day zero, 30 December 1899.
    sheet.addRow(['FH-1', new Date('2026-01-15T00:00:00Z'), new Date('1899-12-30T22:30:00Z'), 'Psicológica', 'Intervención 12-48 h', 'Teléfono 911', '', '', '', '']);
    sheet.addRow(['FH-2', new Date('2026-01-16T00:00:00Z'), '10:15 a. m.', 'Jurídica', 'Intervención 12-48 h', 'Teléfono 911', '', '', '', '']);
    sheet.getColumn(2).numFmt = 'dd/mm/yyyy';
    sheet.getColumn(3).numFmt = 'hh:mm';
    expect(await importInterventions(deps(), { file: new Uint8Array(await workbook.xlsx.writeBuffer()), actor })).toMatchObject({ ok: true, outcome: { created: 2 } });
    const at = async (folio: string) => (await ctx.db.intervention.findUniqueOrThrow({ where: { folio } })).occurredAt.toISOString();
    expect([await at('FH-1'), await at('FH-2')]).toEqual(['2026-01-16T03:30:00.000Z', '2026-01-16T15:15:00.000Z']);

    const csv = [header.join(';'), 'FH-3;17/01/2026;21:05 hrs;Psicológica;Intervención 12-48 h;Teléfono 911;;;;', 'FH-4;18/01/2026;;Psicológica;Intervención 12-48 h;Teléfono 911;;;;', 'FH-5;31/02/2026;10:00;Psicológica;Intervención 12-48 h;Teléfono 911;;;;'].join('\n');
    const result = await importInterventions(deps(), { file: csv, actor });
    // A row without its hour, or with a date that does not exist, is refused under the two columns' name.
    expect(result.ok ? [] : result.problems.map((p) => formatProblem(p))).toEqual([
      'línea 3: fecha y hora: es obligatorio',
      'línea 4: fecha y hora: debe ser una fecha y hora como 15/01/2026 22:30, 15/01/2026 10:30 p. m. o 2026-01-15T22:30:00-05:00',
    ]);
    const good = csv.split('\n').filter((line) => !line.startsWith('FH-4') && !line.startsWith('FH-5')).join('\n');
    expect(await importInterventions(deps(), { file: good, actor })).toMatchObject({ ok: true });
    expect(await at('FH-3')).toBe('2026-01-18T02:05:00.000Z');
  });

  it('names a header with only one of Fecha and Hora, or with both forms of the date, and reads nothing', async () => {
    const rows = (header: string) => [header, 'FH-9;17/01/2026;21:05;Psicológica;Intervención 12-48 h;Teléfono 911;;;'].join('\n');
    const dateOnly = await importInterventions(deps(), { file: rows('Folio;Fecha;Servicio;Vertiente;Canal;Teléfono;Alias;Consentimiento seguimiento'), actor });
    expect(dateOnly.ok ? [] : dateOnly.problems.map((p) => formatProblem(p))[0]).toBe(
      'línea 1: hora: falta en el encabezado (la fecha y la hora de la llamada van en dos columnas, o juntas en fecha_hora)',
    );
    const both = await importInterventions(deps(), { file: rows('Folio;Fecha y hora;Hora;Servicio;Vertiente;Canal;Teléfono;Alias'), actor });
    expect(both.ok ? [] : both.problems.map((p) => formatProblem(p))[0]).toBe('línea 1: fecha_hora: va sola, o en dos columnas fecha y hora; no las dos formas');
    expect(await ctx.db.intervention.count()).toBe(0);
  });

  it('finds the header below the title rows of a report, and names the lines as the sheet numbers them', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Reporte');
    sheet.addRow(['Secretaría de Seguridad Ciudadana de Quintana Roo']);
    sheet.addRow(['Intervenciones del 1 al 31 de enero de 2026']);
    sheet.addRow([]);
    sheet.addRow(HEADER);
    sheet.addRow(['TT-1', '15/01/2026 22:30', 'Psicológica', 'Intervención 12-48 h', '911', '', '', '', '']);
    sheet.addRow(['TT-2', '16/01/2026 10:00', 'Jurídica', 'Intervención 12-48 h', '911', '12 34', '', '', '']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const refused = await importInterventions(deps(), { file: bytes, actor });
    expect(refused.ok ? [] : refused.problems.map((p) => formatProblem(p))).toEqual([
      'línea 6: telefono: debe ser un número de 10 dígitos como 998 555 0101, o con lada de país como +52 998 555 0101',
    ]);
    sheet.getRow(6).getCell(6).value = '';
    const fixed = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await importInterventions(deps(), { file: fixed, actor })).toMatchObject({ ok: true, rows: 2, headerBelowTitles: { headerLine: 4, titleRows: 2 } });

    // A CSV saved from such a report, too; a file with its header on line 1 says nothing of titles.
    const csv = ['Reporte de intervenciones;;;;;;;;', HEADER.join(';'), 'TT-3;17/01/2026 09:00;Psicológica;Intervención 12-48 h;911;;;;'].join('\n');
    expect(await importInterventions(deps(), { file: csv, actor })).toMatchObject({ ok: true, rows: 1, headerBelowTitles: { headerLine: 2, titleRows: 1 } });
    // A title line typed without a single separator: the separator is the header's.
    const bare = ['Reporte de intervenciones', '', HEADER.join(';'), 'TT-5;17/01/2026 09:15;Psicológica;Intervención 12-48 h;911;;;;'].join('\n');
    expect(await importInterventions(deps(), { file: bare, actor })).toMatchObject({ ok: true, rows: 1, headerBelowTitles: { headerLine: 3, titleRows: 1 } });
    const plain = await importInterventions(deps(), { file: [HEADER.join(';'), 'TT-4;17/01/2026 09:30;Psicológica;Intervención 12-48 h;911;;;;'].join('\n'), actor });
    expect(plain.ok && plain.headerBelowTitles).toBeUndefined();
  });

  it('reads the other names the unit\'s sheets give the columns: Folio 911, Tipo de servicio, Línea de atención, Medio, Celular', async () => {
    const header = ['Folio 911', 'Fecha', 'Hora', 'Tipo de servicio', 'Línea de atención', 'Medio', 'Celular', 'Alias', 'Consentimiento', 'Folio BANAVIM'];
    const csv = [header.join(';'), 'SN-1;15/01/2026;22:30;Psicológica;Intervención 12-48 h;911;998 555 0123;Luz;sí;'].join('\n');
    expect(await importInterventions(deps(), { file: csv, actor })).toMatchObject({ ok: true, rows: 1, ignoredColumns: [] });
    const survivor = await ctx.db.survivor.findFirstOrThrow({ where: { alias: 'Luz' } });
    expect(ctx.privacy.cipher.decrypt(survivor.phoneCipher!)).toBe('+529985550123');
    expect(await ctx.db.intervention.count({ where: { folio: 'SN-1', service: 'psicologica', channel: 'telefono_911' } })).toBe(1);
  });

  it('keeps aside the columns of the 911 export it does not read, naming them, and stores nothing of them', async () => {
    const header = ['Folio', 'Día', 'Fecha', 'Hora', 'Municipio', 'Servicio', 'Vertiente', 'Canal', 'Teléfono', 'Teléfono 2', 'Alias', 'Consentimiento seguimiento', 'Folio BANAVIM', 'Observaciones', 'Llamar al 998 555 0199'];
    const line = ['EX-1', 'jueves', '15/01/2026', '22:30', 'Benito Juárez', 'Psicológica', 'Intervención 12-48 h', '911', '998 555 0101', '998 555 0177', 'Luz', 'x', '', 'vive con él; no llamar de noche', ''];
    const csv = [header.join(';'), line.join(';')].join('\n');
    const result = await importInterventions(deps(), { file: csv, actor, dryRun: true });
    expect(result).toMatchObject({ ok: true, rows: 1, ignoredColumns: ['columna 2 (Día)', 'columna 5 (Municipio)', 'columna 10 (Teléfono 2)', 'columna 14 (Observaciones)', 'columna 15'] });
    // The header holding a number is named by its place only, in the review and nowhere in the log.
    expect(ctx.logText()).not.toContain('0199');
    expect(ctx.logText()).not.toContain('Llamar');
    expect(ctx.logText()).not.toContain('Municipio');

    expect(await importInterventions(deps(), { file: csv, actor })).toMatchObject({ ok: true, outcome: { created: 1 } });
    const stored = JSON.stringify(await dumpTables(ctx));
    for (const kept of ['Benito', 'jueves', 'noche', '5550177']) expect(stored).not.toContain(kept);
    expect(await ctx.db.intervention.count({ where: { folio: 'EX-1' } })).toBe(1);
  });

  it('refuses an unknown column that looks like a consent column the file lacks, and keeps the file whole', async () => {
    const base = 'Folio;Fecha y hora;Servicio;Vertiente;Canal;Teléfono;Alias;Consentimiento seguimiento;Folio BANAVIM';
    const data = 'EX-2;15/01/2026 22:30;Psicológica;Intervención 12-48 h;911;998 555 0101;Luz;x;;x';
    const misspelt = await importInterventions(deps(), { file: [`${base};Consentimiento videollamda`, data].join('\n'), actor });
    expect(misspelt.ok ? [] : misspelt.problems.map((p) => formatProblem(p))).toEqual([
      'línea 1: columna 10: no es una columna conocida y se parece a consentimiento_videollamada: si es esa, escribe ese encabezado; si no, quítala del archivo',
    ]);
    const worded = await importInterventions(deps(), { file: [`${base};¿Aceptó registro en BANAVIM?`, data].join('\n'), actor });
    expect(worded.ok ? [] : worded.problems.map((p) => formatProblem(p))[0]).toContain('se parece a consentimiento_banavim');
    expect(await ctx.db.intervention.count()).toBe(0);
    // With the consent column present, a similar one is another column, kept aside.
    const both = await importInterventions(deps(), { file: [`${base};Consentimiento videollamada;Videollamada agendada`, `${data};`].join('\n'), actor });
    expect(both).toMatchObject({ ok: true, ignoredColumns: ['columna 11 (Videollamada agendada)'] });
    expect((await ctx.db.consent.findMany({ where: { purpose: 'video_call' } })).map((c) => c.granted)).toEqual([true]);
  });

  it('refuses a cell showing an Excel error, from a formula in the workbook or as a CSV saved from it shows it, by line', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Intervenciones');
    sheet.addRow(HEADER);
    const at = new Date('2026-01-15T10:30:00Z');
    const lookupFailed = { formula: 'BUSCARV(A2,Directorio!A:B,2,FALSO)', result: { error: '#N/A' } } as const;
    sheet.addRow(['XE-1', at, 'Psicológica', 'Intervención 12-48 h', 'Teléfono 911', lookupFailed, 'Luz', 'x', '']);
    sheet.addRow(['XE-2', at, 'Psicológica', 'Intervención 12-48 h', 'Teléfono 911', '998 555 0102', 'Sol', { error: '#REF!' }, '']);
    sheet.addRow([{ error: '#N/A' }, at, 'Psicológica', 'Intervención 12-48 h', 'Teléfono 911', '', '', '', '']);
    sheet.addRow([{ error: '#N/A' }, at, 'Jurídica', 'Intervención 12-48 h', 'Teléfono 911', '', '', '', '']);
    sheet.addRow(['XE-5', at, 'Psicológica', 'Intervención 12-48 h', 'Teléfono 911', '998 555 0105', 'Mar', 'x', '']);
    sheet.getColumn(2).numFmt = 'dd/mm/yyyy hh:mm';
    const excelError = 'muestra un error de Excel (como #N/D o #¡REF!): corrige la fórmula o escribe el valor';
    const workbookResult = await importInterventions(deps(), { file: new Uint8Array(await workbook.xlsx.writeBuffer()), actor });
    expect(workbookResult.ok ? [] : workbookResult.problems.map((p) => formatProblem(p))).toEqual([
      `línea 2: telefono: ${excelError}`,
      `línea 3: consentimiento_seguimiento: ${excelError}`,
      `línea 4: folio: ${excelError}`,
      `línea 5: folio: ${excelError}`,
    ]);

    const csv = interventionsCsv([
      row({ folio: 'XE-6', telefono: '#N/D', consentimiento_seguimiento: 'si' }),
      row({ folio: 'XE-7', banavim_folio: '#¡REF!' }),
      row({ folio: 'XE-8', alias: '#¿NOMBRE?' }),
    ]);
    const csvResult = await importInterventions(deps(), { file: csv, actor });
    expect(csvResult.ok ? [] : csvResult.problems.map((p) => formatProblem(p))).toEqual([
      `línea 2: telefono: ${excelError}`,
      `línea 3: banavim_folio: ${excelError}`,
      `línea 4: alias: ${excelError}`,
    ]);
    expect(await dumpTables(ctx, ['Intervention', 'Survivor', 'Consent'])).toEqual({ Intervention: [], Survivor: [], Consent: [] });
  });

  it('reads a Windows-1252 CSV separated by semicolons, with dd/mm/aaaa dates and values in capitals', async () => {
    const lines = [HEADER, ...publishedQuarterRows().map((r) => asStaffWriteIt(r, dayMonthYear, (s) => WORDING[s]!.toUpperCase()))].map((cells) =>
      cells.map((c) => String(c)).join(';'),
    );
    const text = `${lines.join('\r\n')}\r\n`;
    const bytes = Buffer.from(text, 'latin1');
    // Latin-1 and Windows-1252 agree on every character here (á é í ó ú ñ): one byte each, not valid UTF-8.
    expect(bytes.includes(Buffer.from('JURÍDICA', 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from('JUR\xcdDICA', 'latin1'))).toBe(true);
    expectPublished(await importAndReport({ file: bytes }));
    expect(await ctx.db.intervention.count({ where: { service: 'juridica' } })).toBe(PUBLISHED.juridica + 2);
  });

  it('reads a tab-separated UTF-8 file with its byte order mark and ISO dates', async () => {
    const rows = publishedQuarterRows();
    const text =
      '\uFEFF' +
      [HEADER.map((h) => h.toUpperCase()), ...rows.map((r) => asStaffWriteIt(r, () => r.fecha_hora, (s) => s))].map((c) => c.join('\t')).join('\n') +
      '\n';
    expectPublished(await importAndReport({ file: Buffer.from(text, 'utf8') }));
  });

  it('reads the encoding it is told, and then refuses what does not match', async () => {
    const file = Buffer.from(interventionsCsv([row({ folio: 'QR-1', servicio: 'Jurídica', alias: 'Ña' })]), 'utf8');
    const told = await importInterventions(deps(), { file, actor, encoding: 'windows-1252' });
    // Read as Windows-1252, the two UTF-8 bytes of «í» are «Ã­»: no longer a service.
    expect(told.ok ? [] : told.problems.map((p) => formatProblem(p))).toEqual(['línea 2: servicio: debe ser Jurídica o Psicológica']);
    expect(await importInterventions(deps(), { file, actor })).toMatchObject({ ok: true, outcome: { created: 1 } });
    expect((await ctx.db.survivor.findFirstOrThrow()).alias).toBe('Ña');
    const latin = Buffer.from(interventionsCsv([row({ folio: 'QR-2' })]).replace('psicologica', 'Psicológica'), 'latin1');
    const notUtf8 = await importInterventions(deps(), { file: latin, actor, encoding: 'utf-8' });
    expect(notUtf8.ok ? [] : notUtf8.problems.map((p) => formatProblem(p))).toEqual(['línea 1: archivo: no está en UTF-8; prueba con la codificación windows-1252']);
  });

  it('reads Windows-1252’s own characters (Excel’s quotes and dashes), which Latin-1 would turn into control characters', async () => {
    // “ ” – are 0x93 0x94 0x96 in Windows-1252: the bytes Latin-1 reads as invisible controls.
    const file = iconv.encode(interventionsCsv([row({ folio: 'QR-3', alias: 'María “Mary” – Luz', servicio: 'Jurídica' })]).replaceAll(',', ';'), 'windows-1252');
    expect(file.includes(0x93)).toBe(true);
    expect(await importInterventions(deps(), { file, actor })).toMatchObject({ ok: true, outcome: { created: 1 } });
    expect((await ctx.db.survivor.findFirstOrThrow()).alias).toBe('María “Mary” – Luz');
  });
});

describe('values the unit writes', () => {
  it('takes numbers with separators, +52 or 52, and yes as sí, si, x; a blank consent is no', async () => {
    const file = interventionsCsv([
      row({ folio: 'A-1', telefono: '998 555 0101', consentimiento_seguimiento: 'sí' }),
      row({ folio: 'A-2', telefono: '(998) 555-0102', consentimiento_seguimiento: 'SI' }),
      row({ folio: 'A-3', telefono: '+52 998 555 0103', consentimiento_seguimiento: 'X' }),
      row({ folio: 'A-4', telefono: '529985550104', consentimiento_seguimiento: '' }),
      row({ folio: 'A-5', telefono: '5219985550105', consentimiento_seguimiento: 'No', fecha_hora: '2026-01-15 22:30' }),
      // The prefixes dropped in 2019: 044 and 045 before a mobile, 01 for long distance.
      row({ folio: 'A-6', telefono: '044 998 555 0106', consentimiento_seguimiento: 'si' }),
      row({ folio: 'A-7', telefono: '045 (998) 555-0107', consentimiento_seguimiento: 'si' }),
      row({ folio: 'A-8', telefono: '01 998 555 0108', consentimiento_seguimiento: 'si' }),
    ]);
    expect(await importInterventions(deps(), { file, actor })).toMatchObject({ ok: true, outcome: { created: 8, survivorsCreated: 8 } });
    const survivors = await ctx.db.survivor.findMany({ include: { consents: true } });
    const numbers = survivors.map((s) => [ctx.privacy.cipher.decrypt(s.phoneCipher!), s.consents[0]!.granted]).sort();
    expect(numbers).toEqual([
      ['+529985550101', true],
      ['+529985550102', true],
      ['+529985550103', true],
      ['+529985550104', false],
      ['+529985550105', false],
      ['+529985550106', true],
      ['+529985550107', true],
      ['+529985550108', true],
    ]);
    expect((await ctx.db.intervention.findUniqueOrThrow({ where: { folio: 'A-5' } })).occurredAt).toEqual(new Date('2026-01-16T03:30:00Z'));
  });

  it('reads the hour on a 12-hour clock as Mexican Spanish writes it, and a 24-hour one with «hrs»', async () => {
    const file = interventionsCsv([
      row({ folio: 'H-1', fecha_hora: '15/01/2026 10:30 p. m.' }),
      row({ folio: 'H-2', fecha_hora: '15/01/2026 10:30\u00a0a.\u00a0m.' }),
      row({ folio: 'H-3', fecha_hora: '15/01/2026 12:05 a.m.' }),
      row({ folio: 'H-4', fecha_hora: '15/01/2026 12:05 PM' }),
      row({ folio: 'H-5', fecha_hora: '15/01/2026 07:45:10 pm' }),
      row({ folio: 'H-6', fecha_hora: '15/01/2026 22:30 hrs.' }),
      row({ folio: 'H-7', fecha_hora: '15/01/2026 22:30 h' }),
    ]);
    expect(await importInterventions(deps(), { file, actor })).toMatchObject({ ok: true, outcome: { created: 7 } });
    const at = async (folio: string) => (await ctx.db.intervention.findUniqueOrThrow({ where: { folio } })).occurredAt.toISOString();
    // Cancún is UTC−5.
    expect(await Promise.all(['H-1', 'H-2', 'H-3', 'H-4', 'H-5', 'H-6', 'H-7'].map(at))).toEqual([
      '2026-01-16T03:30:00.000Z',
      '2026-01-15T15:30:00.000Z',
      '2026-01-15T05:05:00.000Z',
      '2026-01-15T17:05:00.000Z',
      '2026-01-16T00:45:10.000Z',
      '2026-01-16T03:30:00.000Z',
      '2026-01-16T03:30:00.000Z',
    ]);
  });

  it('refuses a 12-hour time with an hour no 12-hour clock shows, naming the line', async () => {
    const file = interventionsCsv([
      row({ folio: 'M-1', fecha_hora: '15/01/2026 13:30 p. m.' }),
      row({ folio: 'M-2', fecha_hora: '15/01/2026 00:30 a. m.' }),
      row({ folio: 'M-3', fecha_hora: '15/01/2026 10:30 x. m.' }),
    ]);
    const result = await importInterventions(deps(), { file, actor });
    expect(result.ok ? [] : result.problems.map((p) => formatProblem(p))).toEqual([2, 3, 4].map((line) => `línea ${line}: fecha_hora: debe ser una fecha y hora como 15/01/2026 22:30, 15/01/2026 10:30 p. m. o 2026-01-15T22:30:00-05:00`));
    expect(await ctx.db.intervention.count()).toBe(0);
  });

  it('reads consent written as Excel in Spanish writes true and false, or as a list of Acepta and No aceptó', async () => {
    const file = interventionsCsv([
      row({ folio: 'K-1', telefono: '998 555 0301', consentimiento_seguimiento: 'VERDADERO' }),
      row({ folio: 'K-2', telefono: '998 555 0302', consentimiento_seguimiento: 'FALSO' }),
      row({ folio: 'K-3', telefono: '998 555 0303', consentimiento_seguimiento: 'Sí acepta' }),
      row({ folio: 'K-4', telefono: '998 555 0304', consentimiento_seguimiento: 'No aceptó' }),
    ]);
    expect(await importInterventions(deps(), { file, actor })).toMatchObject({ ok: true, outcome: { created: 4 } });
    const survivors = await ctx.db.survivor.findMany({ include: { consents: true } });
    const granted = survivors.map((s) => [ctx.privacy.cipher.decrypt(s.phoneCipher!), s.consents[0]!.granted]).sort();
    expect(granted).toEqual([
      ['+529985550301', true],
      ['+529985550302', false],
      ['+529985550303', true],
      ['+529985550304', false],
    ]);
    // A mark that is neither is refused, never guessed.
    const unsure = await importInterventions(deps(), { file: interventionsCsv([row({ folio: 'K-5', consentimiento_seguimiento: '1' })]), actor });
    expect(unsure.ok ? [] : unsure.problems.map((p) => formatProblem(p))).toEqual(['línea 2: consentimiento_seguimiento: debe ser sí o no (o una x para sí)']);
  });

  it('reads «N/A», «S/D», «sin dato» or a dash as blank where a value may be missing: her number, her alias, the BANAVIM folio', async () => {
    const file = interventionsCsv([
      row({ folio: 'ND-1', telefono: 'N/A', alias: 'N/A', banavim_folio: 'S/D' }),
      row({ folio: 'ND-2', telefono: 'Sin número', alias: '—', banavim_folio: '-' }),
      row({ folio: 'ND-3', telefono: 'No proporcionó', alias: 'sin dato', banavim_folio: 'no aplica' }),
    ]);
    expect(await importInterventions(deps(), { file, actor })).toMatchObject({ ok: true, outcome: { created: 3 } });
    const survivors = await ctx.db.survivor.findMany();
    // No number, and the label staff see for no alias: her messages never greet her as «N/A».
    expect(survivors.map((s) => [s.phoneCipher, s.alias])).toEqual([[null, 'Sin alias'], [null, 'Sin alias'], [null, 'Sin alias']]);
    expect(await ctx.db.banavimRecord.count({ where: { folio: { not: null } } })).toBe(0);
    // Elsewhere such a mark is refused like any other wrong value.
    const date = await importInterventions(deps(), { file: interventionsCsv([row({ folio: 'ND-4', fecha_hora: 'N/A' })]), actor });
    expect(date.ok).toBe(false);
  });

  it('refuses a phone cell holding two numbers, saying so, rather than guessing which is hers', async () => {
    const file = interventionsCsv([
      row({ folio: 'T-1', telefono: '998 555 0101 / 998 555 0102' }),
      row({ folio: 'T-2', telefono: '9985550103 y 9985550104' }),
      row({ folio: 'T-3', telefono: '998 555 010' }),
    ]);
    const result = await importInterventions(deps(), { file, actor });
    expect(result.ok ? [] : result.problems.map((p) => formatProblem(p))).toEqual([
      'línea 2: telefono: tiene más de un número: deja solo el de ella (el otro puede ir en una nota del caso)',
      'línea 3: telefono: tiene más de un número: deja solo el de ella (el otro puede ir en una nota del caso)',
      'línea 4: telefono: debe ser un número de 10 dígitos como 998 555 0101, o con lada de país como +52 998 555 0101',
    ]);
    expect(await ctx.db.intervention.count()).toBe(0);
  });

  it('refuses a date in the future or in an absurd year, naming the line', async () => {
    const file = interventionsCsv([
      row({ folio: 'F-1', fecha_hora: '9999-01-15T10:00:00-05:00' }),
      row({ folio: 'F-2', fecha_hora: '03/04/2026 10:00' }),
      row({ folio: 'F-3', fecha_hora: '15/01/1926 10:00' }),
      row({ folio: 'F-4', fecha_hora: '31/02/2026 10:00' }),
      row({ folio: 'F-5', fecha_hora: '15/01/2026' }),
      row({ folio: 'F-6', fecha_hora: '02/04/2026 09:59' }),
    ]);
    const result = await importInterventions(deps(), { file, actor });
    expect(result.ok ? [] : result.problems.map((p) => formatProblem(p))).toEqual([
      'línea 2: fecha_hora: es posterior a este momento: revisa el año y la hora',
      'línea 3: fecha_hora: es posterior a este momento: revisa el año y la hora',
      'línea 4: fecha_hora: es anterior al año 2000: revisa el año',
      'línea 5: fecha_hora: debe ser una fecha y hora como 15/01/2026 22:30, 15/01/2026 10:30 p. m. o 2026-01-15T22:30:00-05:00',
      'línea 6: fecha_hora: debe ser una fecha y hora como 15/01/2026 22:30, 15/01/2026 10:30 p. m. o 2026-01-15T22:30:00-05:00',
    ]);
    expect(await ctx.db.intervention.count()).toBe(0);
  });

  it('refuses control characters such as NUL in any text column, by line, instead of a database error', async () => {
    const file = interventionsCsv([
      row({ folio: 'N-1', alias: 'Lu\u0000z' }),
      row({ folio: 'N\u00002', banavim_folio: 'BNV\u0007-1' }),
      row({ folio: 'N-3', servicio: 'juridica\u001b', telefono: '998\u0000555 0101' }),
      row({ folio: 'N-4' }),
    ]);
    const result = await importInterventions(deps(), { file, actor });
    expect(result.ok ? [] : result.problems.map((p) => formatProblem(p))).toEqual([
      'línea 2: alias: lleva caracteres de control invisibles; vuelve a escribir el valor o guarda el archivo de nuevo',
      'línea 3: folio: lleva caracteres de control invisibles; vuelve a escribir el valor o guarda el archivo de nuevo',
      'línea 3: banavim_folio: lleva caracteres de control invisibles; vuelve a escribir el valor o guarda el archivo de nuevo',
      'línea 4: servicio: lleva caracteres de control invisibles; vuelve a escribir el valor o guarda el archivo de nuevo',
      'línea 4: telefono: lleva caracteres de control invisibles; vuelve a escribir el valor o guarda el archivo de nuevo',
    ]);
    expect(await dumpTables(ctx, ['Intervention', 'Survivor'])).toEqual({ Intervention: [], Survivor: [] });
  });
});

describe('a dry run', () => {
  it('counts the rows, new cases and enrolments, writes nothing, and is audited', async () => {
    const file = interventionsCsv([
      row({ folio: 'D-1', telefono: '998 555 0201', consentimiento_seguimiento: 'si', fecha_hora: '2026-04-02T08:00:00-05:00' }),
      row({ folio: 'D-2', telefono: '998 555 0201', consentimiento_seguimiento: 'si', fecha_hora: '2026-04-02T08:30:00-05:00' }),
      row({ folio: 'D-3' }),
    ]);
    const before = await dumpTables(ctx);
    const checked = await importInterventions(deps(), { file, actor, dryRun: true });
    expect(checked).toMatchObject({ ok: true, dryRun: true, rows: 3, outcome: { created: 3, casesCreated: 2, checkInsCreated: 5 } });
    expect(checked.ok && checked.outcome.enrollCaseIds).toHaveLength(1);
    const after = await dumpTables(ctx);
    expect({ ...after, AuditLog: [] }).toEqual({ ...before, AuditLog: [] });
    const audit = await ctx.db.auditLog.findMany({ where: { action: 'interventions.import_check' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ rows: 3, created: 3, casesCreated: 2, enrolled: 1 });
    expect(await importInterventions(deps(), { file, actor })).toMatchObject({ ok: true, dryRun: false, outcome: { created: 3, casesCreated: 2 } });
  });
});

/** The command's output and its log, in the order written (`out:` and `err:` lines), stderr a terminal or not. */
function timelineIo(options: { terminal: boolean }) {
  const timeline: string[] = [];
  const io = {
    ...captureIo(ctx),
    log: undefined,
    clock,
    stdout: { write: (text: string) => timeline.push(`out:${text}`) },
    stderr: { write: (text: string) => timeline.push(`err:${text}`), ...(options.terminal ? { isTTY: true } : {}) },
  };
  return { io, timeline };
}

describe('acompana import interventions, as staff run it', () => {
  it('answers in Spanish, and the log comes after the message: one summary line on a terminal', async () => {
    const file = join(dir, 'intervenciones.csv');
    await writeFile(file, interventionsCsv([row({ folio: 'T-1', servicio: 'Psicológica' })]));
    const { io, timeline } = timelineIo({ terminal: true });
    expect(await importInterventionsCommand([file], io)).toBe(0);
    expect(timeline).toEqual([
      `out:${file}: 1 intervenciones importadas; 0 ya estaban importadas (se dejaron como estaban).\n` +
        'Casos abiertos: 1; personas nuevas: 1; consentimientos de seguimiento registrados: 1; registrados en BANAVIM: 0.\n' +
        'Casos que entran a seguimiento: 0 (0 mensajes de seguimiento programados; el servicio en marcha los envía).\n',
      'err:registro: 1 entrada; la última (info): interventions imported\n',
    ]);
  });

  it('says which sheet it read when the first holds no table', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Portada').addRow(['Unidad de atención']);
    const sheet = workbook.addWorksheet('Datos');
    sheet.addRow(HEADER);
    sheet.addRow(['HJ-1', '15/01/2026 22:30', 'Psicológica', 'Intervención 12-48 h', '911', '', '', '', '']);
    const file = join(dir, 'con-portada.xlsx');
    await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    const { io, timeline } = timelineIo({ terminal: true });
    expect(await importInterventionsCommand([file, '--revisar'], io)).toBe(0);
    expect(timeline[0]).toContain('\nSe leyó la hoja 2 de 2: la primera no tiene la tabla de intervenciones.\n');
    // The sheet's name is the unit's text: not in the log.
    expect(timeline.join('')).not.toContain('Datos');
  });

  it('names the columns it left out after the summary', async () => {
    const file = join(dir, 'con-columnas-de-mas.csv');
    await writeFile(file, interventionsCsv([row({ folio: 'T-2' })], ['Municipio', 'Operadora']));
    const { io, timeline } = timelineIo({ terminal: true });
    expect(await importInterventionsCommand([file, '--revisar'], io)).toBe(0);
    expect(timeline[0]).toMatch(/\nNo se importa nada de estas columnas: columna 10 \(Municipio\); columna 11 \(Operadora\)\.\n$/);
  });

  it('refuses a bad file in Spanish (or English with --lang en), with the JSON log after the problems when not on a terminal', async () => {
    const file = join(dir, 'malo.csv');
    await writeFile(file, interventionsCsv([row({ folio: 'T-2', telefono: '12 34 56' })]));
    const { io, timeline } = timelineIo({ terminal: false });
    expect(await importInterventionsCommand([file], io)).toBe(1);
    expect(timeline[0]).toBe(
      `err:acompana: ${file} no se importó (no cambió nada): 1 problema\n` +
        'línea 2: telefono: debe ser un número de 10 dígitos como 998 555 0101, o con lada de país como +52 998 555 0101\n',
    );
    expect(JSON.parse(timeline[1]!.slice('err:'.length))).toMatchObject({ level: 40, problemCount: 1, msg: 'interventions file refused: nothing imported' });
    expect(timeline[1]).not.toMatch(/12 34 56/);

    const english = captureIo(ctx, { lang: 'en', clock });
    expect(await importInterventionsCommand([file], english)).toBe(1);
    expect(english.err()).toBe(
      `acompana: ${file} was not imported (nothing changed): 1 problem\n` +
        'line 2: telefono: must be a 10-digit number such as 998 555 0101, or one with its country code such as +52 998 555 0101\n',
    );
    const usage = captureIo(ctx, { clock });
    expect(await importInterventionsCommand([file, '--codificacion', 'ebcdic'], usage)).toBe(2);
    expect(usage.err()).toBe('acompana: --codificacion: debe ser utf-8 o windows-1252\n');
    const dry = captureIo(ctx, { clock });
    const good = join(dir, 'bueno.csv');
    await writeFile(good, interventionsCsv([row({ folio: 'T-3' })]));
    expect(await importInterventionsCommand([good, '--revisar'], dry)).toBe(0);
    expect(dry.out()).toContain('revisado, sin problemas; no se importó nada');
    expect(await ctx.db.intervention.count({ where: { folio: 'T-3' } })).toBe(0);
  });

  it('refuses an alias holding a word of the deployment\'s deny-list (flows/ajustes.yaml)', async () => {
    const file = join(dir, 'alias.csv');
    await writeFile(file, interventionsCsv([row({ folio: 'T-4', alias: 'Víctima' })]));
    const run = captureIo(ctx, { clock });
    expect(await importInterventionsCommand([file], run)).toBe(1);
    // The word as flows/ajustes.yaml writes it, accent included: the shipped list, not the built-in one.
    expect(run.err()).toContain('línea 2: alias: no debe contener «víctima»: sus mensajes la llaman por su alias');
    expect(await ctx.db.intervention.count({ where: { folio: 'T-4' } })).toBe(0);
  });
});
