import { readFile } from 'node:fs/promises';
import { TEXT_ENCODINGS, type TextEncoding } from '../../app/records/decode-text.js';
import { importInterventions } from '../../app/records/import-interventions.js';
import { formatProblem } from '../../app/records/import-problem.js';
import { formatCount } from '../../app/records/report-bulletin.js';
import { prismaInterventionImportStore } from '../../persistence/records/intervention-import-store.js';
import { loadCheckInPlanning } from './check-in-planning.js';
import { speaker, type Command } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { commandActor, UsageError, withRecordsRuntime } from './records-runtime.js';
import { VIDEO_FLOWS } from '../../roles/follow-up-settings.js';
import { settingsBeside } from '../../engine/index.js';

/** Usage of `acompana import interventions`. */
export const IMPORT_INTERVENTIONS_USAGE =
  'import interventions ARCHIVO.xlsx|ARCHIVO.csv [--hoja NOMBRE] [--codificacion utf-8|windows-1252] [--revisar] [--staff CORREO]';

/** At most this many problems are printed; the count says how many there are in all. */
const SHOWN_PROBLEMS = 200;

/**
 * `acompana import interventions FILE [--hoja NAME] [--codificacion utf-8|windows-1252] [--revisar]
 * [--staff EMAIL]`: imports the 911 unit's file (`.xlsx`, or CSV with `,` `;` or tab) and enrols the
 * consenting cases in the check-in plan (`CHECKIN_PLAN`), all in one transaction. `--revisar` checks
 * the file and counts what would change, writing nothing. Prints what changed (Spanish by default); or
 * every problem as `línea N: columna: problema` on standard error, imports nothing and exits 1.
 */
export const importInterventionsCommand: Command = (args, io) =>
  withRecordsRuntime(io, async ({ config, db, privacy, log, clock }) => {
    const t = speaker(io);
    const lang = io.lang ?? 'es';
    const { values, positionals } = parseCommandArgs(
      args,
      { staff: { type: 'string' }, hoja: { type: 'string' }, codificacion: { type: 'string' }, revisar: { type: 'boolean', default: false } },
      lang,
    );
    if (positionals.length !== 1) throw new UsageError(`${t('uso', 'usage')}: acompana ${IMPORT_INTERVENTIONS_USAGE}`);
    const encoding = values.codificacion?.toLowerCase().replace(/^cp1252$|^latin-?1$|^ansi$/, 'windows-1252').replace(/^utf8$/, 'utf-8');
    if (encoding !== undefined && !TEXT_ENCODINGS.includes(encoding as TextEncoding)) {
      throw new UsageError(t('--codificacion: debe ser utf-8 o windows-1252', '--codificacion: must be utf-8 or windows-1252'));
    }
    const file = positionals[0]!;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(
        code === 'ENOENT' ? t(`${file}: no existe ese archivo`, `${file}: no such file`) : t(`${file}: no se puede leer (${code})`, `${file}: cannot be read (${code})`),
      );
    }
    const actor = await commandActor(db, values.staff, io);
    const planning = await loadCheckInPlanning(config);
    if (!planning.ok) {
      io.stderr.write(
        `acompana: ${t(`${file} no se importó: el plan de seguimiento no es válido`, `${file} was not imported: the check-in plan is invalid`)}\n${planning.problems.map((p) => `${p}\n`).join('')}`,
      );
      return 1;
    }
    const result = await importInterventions(
      {
        store: prismaInterventionImportStore(db, privacy),
        checkIns: planning.planning,
        invitationFlows: [VIDEO_FLOWS.invitation],
        // The words the service's flows may not say, from its own ajustes.yaml.
        deniedWords: (await settingsBeside(config.FLOWS_DIR)).denyList,
        clock,
        log,
      },
      { file: bytes, actor, sheet: values.hoja, encoding: encoding as TextEncoding | undefined, dryRun: values.revisar },
    );
    if (!result.ok) {
      const n = result.problems.length;
      const shown = result.problems.slice(0, SHOWN_PROBLEMS);
      io.stderr.write(
        `acompana: ${t(
          `${file} no se importó (no cambió nada): ${formatCount(n)} ${n === 1 ? 'problema' : 'problemas'}`,
          `${file} was not imported (nothing changed): ${formatCount(n)} ${n === 1 ? 'problem' : 'problems'}`,
        )}\n` +
          shown.map((p) => `${formatProblem(p, lang)}\n`).join('') +
          (n > shown.length ? `${t(`… y ${formatCount(n - shown.length)} más`, `… and ${formatCount(n - shown.length)} more`)}\n` : ''),
      );
      return 1;
    }
    const o = result.outcome;
    const n = (count: number) => formatCount(count);
    io.stdout.write(
      (result.dryRun
        ? [
            t(
              `${file}: revisado, sin problemas; no se importó nada. Al importarlo:`,
              `${file}: checked, no problems; nothing was imported. Importing it would give:`,
            ),
            t(`  filas: ${n(result.rows)}; intervenciones nuevas: ${n(o.created)}; ya importadas: ${n(o.unchanged)}`, `  rows: ${n(result.rows)}; new interventions: ${n(o.created)}; already imported: ${n(o.unchanged)}`),
            t(`  casos nuevos: ${n(o.casesCreated)}; registrados en BANAVIM: ${n(o.banavimRegistered)}`, `  new cases: ${n(o.casesCreated)}; registered in BANAVIM: ${n(o.banavimRegistered)}`),
            t(
              `  casos que entran a seguimiento: ${n(o.enrollCaseIds.length)} (${n(o.checkInsCreated)} mensajes de seguimiento programados)`,
              `  cases enrolled in follow-up: ${n(o.enrollCaseIds.length)} (${n(o.checkInsCreated)} check-ins planned)`,
            ),
          ]
        : [
            t(
              `${file}: ${n(o.created)} intervenciones importadas; ${n(o.unchanged)} ya estaban importadas (se dejaron como estaban).`,
              `${file}: ${n(o.created)} interventions imported, ${n(o.unchanged)} already imported (left as they were).`,
            ),
            t(
              `Casos abiertos: ${n(o.casesCreated)}; personas nuevas: ${n(o.survivorsCreated)}; consentimientos de seguimiento registrados: ${n(o.consentsRecorded)}; registrados en BANAVIM: ${n(o.banavimRegistered)}.`,
              `Cases opened: ${n(o.casesCreated)}; survivors added: ${n(o.survivorsCreated)}; follow-up consents recorded: ${n(o.consentsRecorded)}; registered in BANAVIM: ${n(o.banavimRegistered)}.`,
            ),
            t(
              `Casos que entran a seguimiento: ${n(o.enrollCaseIds.length)} (${n(o.checkInsCreated)} mensajes de seguimiento programados; el servicio en marcha los envía).`,
              `Cases enrolled in follow-up: ${n(o.enrollCaseIds.length)} (${n(o.checkInsCreated)} check-ins planned; the running service sends them).`,
            ),
          ]
      ).join('\n') + '\n' + sheetLine(result.sheetRead, t) + titlesLine(result.headerBelowTitles, t) + ignoredColumnsLines(result.ignoredColumns, t),
    );
    return 0;
  });

/** The lines naming the file's columns that were not read (nothing when every column was). */
function ignoredColumnsLines(labels: readonly string[], t: ReturnType<typeof speaker>): string {
  if (labels.length === 0) return '';
  return `${t(`No se importa nada de estas columnas: ${labels.join('; ')}.`, `Nothing is imported from these columns: ${labels.join('; ')}.`)}\n`;
}

/** The line saying where the header was, when rows of titles above it were left unread (nothing otherwise). */
function titlesLine(found: { headerLine: number; titleRows: number } | undefined, t: ReturnType<typeof speaker>): string {
  if (!found) return '';
  const n = formatCount(found.titleRows);
  return `${t(`El encabezado está en la línea ${formatCount(found.headerLine)}; no se leyeron ${found.titleRows === 1 ? 'la fila de títulos de arriba' : `las ${n} filas de títulos de arriba`}.`, `The header is on line ${formatCount(found.headerLine)}; ${n} title row(s) above it were not read.`)}\n`;
}

/** The line saying which sheet was read, when not the first (nothing otherwise). */
function sheetLine(read: { position: number; count: number } | undefined, t: ReturnType<typeof speaker>): string {
  if (!read) return '';
  return `${t(`Se leyó la hoja ${read.position} de ${read.count}: la primera no tiene la tabla de intervenciones.`, `Sheet ${read.position} of ${read.count} was read: the first holds no interventions table.`)}\n`;
}
