import { readFile } from 'node:fs/promises';
import { importInterventions } from '../../app/records/import-interventions.js';
import { formatProblem } from '../../app/records/import-problem.js';
import { noOpEnroller } from '../../app/records/no-op-enroller.js';
import type { Enroller } from '../../app/records/ports.js';
import { formatCount } from '../../app/records/report-bulletin.js';
import { prismaInterventionImportStore } from '../../persistence/records/intervention-import-store.js';
import type { Command } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { commandActor, UsageError, withRecordsRuntime } from './records-runtime.js';

/** Usage of `acompana import interventions`. */
export const IMPORT_INTERVENTIONS_USAGE = 'import interventions FILE.csv [--staff EMAIL]';

/**
 * Builds `acompana import interventions` with the given {@link Enroller}, the seam to the check-in
 * scheduler (the CLI passes {@link noOpEnroller} until the scheduler provides a real one).
 */
export function createImportInterventionsCommand(enroller: Enroller): Command {
  return (args, io) =>
    withRecordsRuntime(io, async ({ db, privacy, log, clock }) => {
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
      const result = await importInterventions(
        { store: prismaInterventionImportStore(db, privacy), enroller, clock, log },
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
          `Cases enrolled in follow-up: ${formatCount(o.enrollCaseIds.length)}.`,
          '',
        ].join('\n'),
      );
      return 0;
    });
}

/**
 * `acompana import interventions FILE.csv [--staff EMAIL]`: imports the 911 unit's file. Prints what
 * changed; or every problem as `line N: column: problem` on standard error, imports nothing and exits 1.
 */
export const importInterventionsCommand: Command = createImportInterventionsCommand(noOpEnroller);
