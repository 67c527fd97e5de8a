import { formatCount } from '../../app/records/report-bulletin.js';
import { renormalizeStoredPhones } from '../../persistence/records/phone-renormalization.js';
import type { Command } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { commandActor, UsageError, withRecordsRuntime } from './records-runtime.js';

/** Usage of `acompana phones normalize`. */
export const PHONES_USAGE = 'phones normalize [--staff EMAIL]';

/**
 * `acompana phones normalize`: once, after upgrading a database filled before numbers were
 * normalized, re-encrypts and re-hashes every stored number in its one form (`+52 1 …` → `+52 …`), so
 * she is found whichever form WhatsApp or staff use. Numbers whose normalized form another row already
 * has are listed by id (the same woman recorded twice) and left for a person to merge; exit 1 then.
 */
export const phonesCommand: Command = (args, io) =>
  withRecordsRuntime(io, async ({ db, privacy }) => {
    const { values, positionals } = parseCommandArgs(args, { staff: { type: 'string' } });
    if (positionals.length !== 1 || positionals[0] !== 'normalize') throw new UsageError(`usage: acompana ${PHONES_USAGE}`);
    const outcome = await renormalizeStoredPhones(db, privacy, await commandActor(db, values.staff));
    io.stdout.write(
      `Numbers normalized: ${formatCount(outcome.survivorsUpdated)} survivors, ${formatCount(outcome.unknownSendersUpdated)} numbers without a case, ` +
        `${formatCount(outcome.identitiesUpdated)} channel identities.\n`,
    );
    const conflicts = [
      ...outcome.survivorConflicts.map((id) => `survivor ${id}: her normalized number is already another survivor's; merge them by hand`),
      ...outcome.unknownSenderConflicts.map((id) => `unknown sender ${id}: its normalized number is already recorded; left as it is`),
    ];
    for (const line of conflicts) io.stderr.write(`acompana: ${line}\n`);
    return outcome.survivorConflicts.length > 0 ? 1 : 0;
  });
