import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../ports.js';
import { planCheckIns, type CheckInPlanning } from '../checkins/plan-check-ins.js';
import { formatProblem, type ImportProblem } from './import-problem.js';
import type { Actor, ImportOutcome, InterventionImportStore } from './ports.js';
import { readInterventionsCsv } from './read-interventions-csv.js';

/** What importing interventions needs. */
export interface ImportInterventionsDeps {
  store: InterventionImportStore;
  /** The check-in plan consenting cases are enrolled in, and the deployment's contact hours. */
  checkIns: CheckInPlanning;
  clock: Clock;
  log: Logger;
}

/** The result of an import: what changed, or every problem (and then nothing changed). */
export type ImportResult = { ok: true; outcome: ImportOutcome } | { ok: false; problems: ImportProblem[] };

/**
 * Imports the 911 unit's interventions file: validates every row, then writes all of them in one
 * transaction (or none, when any row is bad), keyed by folio so a second import of the same file changes
 * nothing. Cases that gained follow-up consent are enrolled in the same transaction: their plan's
 * check-in rows are created ({@link planCheckIns}, due from the intervention, moved into her safe hours).
 * Their delayed jobs are armed by the check-in reconciler of the running service (at its start and
 * every `RECONCILE_EVERY_SECONDS`), so an import needs no connection to Redis.
 *
 * Logs carry counts and `line N: column: problem` texts only, never a value from the file.
 *
 * @example
 * const result = await importInterventions(deps, { csv, actor: { staffId: null, via: 'cli' } });
 * if (!result.ok) result.problems.map(formatProblem); // ['line 3: telefono: must be an E.164 number …']
 */
export async function importInterventions(
  deps: ImportInterventionsDeps,
  input: { csv: string; actor: Actor },
): Promise<ImportResult> {
  const read = readInterventionsCsv(input.csv);
  if (!read.ok) return refuse(deps, read.problems);

  const fileDigest = createHash('sha256').update(input.csv).digest('hex');
  const now = deps.clock.now();
  const written = await deps.store.importRows(read.rows, {
    actor: input.actor,
    now,
    fileDigest,
    planCheckIns: (facts) => planCheckIns(deps.checkIns, facts, now).planned,
  });
  if (!written.ok) return refuse(deps, written.problems);

  const { outcome } = written;
  deps.log.info(
    {
      rows: read.rows.length,
      created: outcome.created,
      unchanged: outcome.unchanged,
      casesCreated: outcome.casesCreated,
      enrolled: outcome.enrollCaseIds.length,
      checkInsCreated: outcome.checkInsCreated,
    },
    'interventions imported',
  );
  return { ok: true, outcome };
}

function refuse(deps: ImportInterventionsDeps, problems: ImportProblem[]): ImportResult {
  deps.log.warn({ problemCount: problems.length, problems: problems.map(formatProblem) }, 'interventions file refused: nothing imported');
  return { ok: false, problems };
}
