import { readFile } from 'node:fs/promises';
import { importInterventions } from '../../app/records/import-interventions.js';
import { formatProblem } from '../../app/records/import-problem.js';
import { formatCount } from '../../app/records/report-bulletin.js';
import { prismaInterventionImportStore } from '../../persistence/records/intervention-import-store.js';
import { loadCheckInPlanning } from './check-in-planning.js';
import type { Command } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { commandActor, UsageError, withRecordsRuntime } from './records-runtime.js';

/** Usage of `acompana import interventions`. */
export const IMPORT_INTERVENTIONS_USAGE = 'import interventions FILE.csv [--staff EMAIL]';

/**
 * `acompana import interventions FILE.csv [--staff EMAIL]`: imports the 911 unit's file and enrols the
 * consenting cases in the check-in plan (`CHECKIN_PLAN`), all in one transaction. Prints what changed;
 * or every problem as `line N: column: problem` on standard error, imports nothing and exits 1.
 */
export const importInterventionsCommand: Command = (args, io) =>
  withRecordsRuntime(io, async ({ config, db, privacy, log, clock }) => {
    const { values, positionals } = parseCommandArgs(args, { staff: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError(`usage: acompana ${IMPORT_INTERVENTIONS_USAGE}`);
    const file = positionals[0]!;
    let csv: string;
    try {
      csv = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const actor = await commandActor(db, values.staff);
    const planning = await loadCheckInPlanning(config);
    if (!planning.ok) {
      io.stderr.write(`acompana: ${file} was not imported: the check-in plan is invalid\n${planning.problems.map((p) => `${p}\n`).join('')}`);
      return 1;
    }
    const result = await importInterventions(
      { store: prismaInterventionImportStore(db, privacy), checkIns: planning.planning, clock, log },
      { csv, actor },
    );
    if (!result.ok) {
      io.stderr.write(
        `acompana: ${file} was not imported: ${formatCount(result.problems.length)} ${result.problems.length === 1 ? 'problem' : 'problems'}\n` +
          result.problems.map((p) => `${formatProblem(p)}\n`).join(''),
      );
      return 1;
    }
    const o = result.outcome;
    io.stdout.write(
      [
        `${file}: ${formatCount(o.created)} interventions imported, ${formatCount(o.unchanged)} already imported (left as they were).`,
        `Cases opened: ${formatCount(o.casesCreated)}; survivors added: ${formatCount(o.survivorsCreated)}; follow-up consents recorded: ${formatCount(o.consentsRecorded)}; registered in BANAVIM: ${formatCount(o.banavimRegistered)}.`,
        `Cases enrolled in follow-up: ${formatCount(o.enrollCaseIds.length)} (${formatCount(o.checkInsCreated)} check-ins planned; the running service sends them).`,
        '',
      ].join('\n'),
    );
    return 0;
  });
