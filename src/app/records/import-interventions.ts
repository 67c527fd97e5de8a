import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../ports.js';
import { planCheckIns, rememberedNextAllowed, type CheckInPlanning } from '../checkins/plan-check-ins.js';
import { formatProblem, type ImportProblem } from './import-problem.js';
import type { Actor, ImportOutcome, InterventionImportStore } from './ports.js';
import { streamInterventionsFile } from './read-interventions-file.js';
import type { InterventionRow } from './intervention-row.js';
import type { TextEncoding } from './decode-text.js';
import type { DenyList } from '../../engine/index.js';

/** What importing interventions needs. */
export interface ImportInterventionsDeps {
  store: InterventionImportStore;
  /** The check-in plan consenting cases are enrolled in, and the deployment's contact hours. */
  checkIns: CheckInPlanning;
  /** The flows whose check-ins invite her to a video call (cancelled with the sessions a "no" in the file cancels). */
  invitationFlows: readonly string[];
  /** The deployment's deny-list: an alias holding one of its words is refused (her messages call her by it). */
  deniedWords: Pick<DenyList, 'find'>;
  clock: Clock;
  log: Logger;
}

/** The result of an import: what changed (or, in a dry run, would change), or every problem (and then nothing changed). */
export type ImportResult =
  | {
      ok: true;
      outcome: ImportOutcome;
      rows: number;
      dryRun: boolean;
      /** The file's columns that were not read, as the review names them («columna 9 (Municipio)»). */
      ignoredColumns: string[];
      /** Where the header was, when rows of titles above it were left unread: its line and how many such rows. */
      headerBelowTitles?: { headerLine: number; titleRows: number } | undefined;
      /** The workbook's sheet read, by position, when it was not the first (no sheet named, the first held no table). */
      sheetRead?: { position: number; count: number } | undefined;
    }
  | { ok: false; problems: ImportProblem[] };

/** What to import: the file's bytes (or a CSV's text), who imports it, and how to read it. */
export interface ImportInput {
  file: Uint8Array | string;
  actor: Actor;
  /** The sheet of a workbook (`--hoja`); the first by default. */
  sheet?: string | undefined;
  /** A CSV's encoding (`--codificacion`); detected by default. */
  encoding?: TextEncoding | undefined;
  /**
   * Checks the file against the database and counts what an import would do, then writes nothing (the
   * transaction is rolled back); audited as `interventions.import_check`.
   */
  dryRun?: boolean;
}

/**
 * Imports the 911 unit's interventions file (`.xlsx`, or a CSV in any of the shapes
 * {@link streamInterventionsFile} reads): checks every row as it streams it into the store's
 * transaction, then writes all of them (or none, when any row is bad), keyed by folio so a second
 * import of the same file changes nothing. Cases that gained follow-up consent are enrolled in the same transaction: their plan's
 * check-in rows are created ({@link planCheckIns}, due from the intervention, moved into her safe hours).
 * Their delayed jobs are armed by the check-in reconciler of the running service (at its start and
 * every `RECONCILE_EVERY_SECONDS`), so an import needs no connection to Redis.
 *
 * Logs carry counts and `line N: column: problem` texts only, never a value from the file.
 *
 * @example
 * const result = await importInterventions(deps, { file: await readFile('intervenciones.csv'), actor: { staffId: null, via: 'cli' } });
 * if (!result.ok) result.problems.map((p) => formatProblem(p)); // ['línea 3: telefono: debe ser un número de 10 dígitos …']
 */
export async function importInterventions(
  deps: ImportInterventionsDeps,
  input: ImportInput,
): Promise<ImportResult> {
  const now = deps.clock.now();
  const read = await streamInterventionsFile(input.file, { sheet: input.sheet, encoding: input.encoding, now, deniedWords: deps.deniedWords });
  let rows = 0;
  // The store reads the rows as the file is checked; a file with any problem ends the stream with
  // them, which rolls the store's transaction back before anything is planned.
  async function* checkedRows(): AsyncGenerator<InterventionRow> {
    for await (const row of read.rows) {
      rows += 1;
      yield row;
    }
    const problems = read.problems();
    if (problems.length > 0) throw new RefusedFile(problems);
  }

  const fileDigest = createHash('sha256').update(input.file).digest('hex');
  const dryRun = input.dryRun ?? false;
  const nextAllowed = rememberedNextAllowed();
  let written: Awaited<ReturnType<InterventionImportStore['importRows']>>;
  try {
    written = await deps.store.importRows(checkedRows(), {
      actor: input.actor,
      now,
      fileDigest,
      dryRun,
      invitationFlows: deps.invitationFlows,
      planCheckIns: (facts) => planCheckIns(deps.checkIns, facts, now, nextAllowed).planned,
    });
  } catch (error) {
    if (error instanceof RefusedFile) return refuse(deps, error.problems);
    throw error;
  }
  if (!written.ok) return refuse(deps, written.problems);

  const { outcome } = written;
  deps.log.info(
    {
      rows,
      dryRun,
      created: outcome.created,
      unchanged: outcome.unchanged,
      casesCreated: outcome.casesCreated,
      enrolled: outcome.enrollCaseIds.length,
      checkInsCreated: outcome.checkInsCreated,
      // How many, never their headers: a header row can hold what staff typed.
      ignoredColumns: read.ignoredColumns().length,
    },
    dryRun ? 'interventions file checked: nothing written' : 'interventions imported',
  );
  return {
    ok: true,
    outcome,
    rows,
    dryRun,
    ignoredColumns: read.ignoredColumns().map((c) => c.label),
    ...(read.header.titleRows > 0 ? { headerBelowTitles: { headerLine: read.header.line, titleRows: read.header.titleRows } } : {}),
    ...(read.header.sheet ? { sheetRead: read.header.sheet } : {}),
  };
}

/** Ends the stream of a file that has problems (its message names none of them: it may reach a log). */
class RefusedFile extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super('the file has problems: nothing imported');
  }
}

function refuse(deps: ImportInterventionsDeps, problems: ImportProblem[]): ImportResult {
  deps.log.warn({ problemCount: problems.length, problems: problems.slice(0, 50).map((p) => formatProblem(p, 'en')) }, 'interventions file refused: nothing imported');
  return { ok: false, problems };
}
