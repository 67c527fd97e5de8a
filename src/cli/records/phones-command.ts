import { formatCount } from '../../app/records/report-bulletin.js';
import { renormalizeStoredPhones } from '../../persistence/records/phone-renormalization.js';
import { speaker, type Command } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { commandActor, UsageError, withRecordsRuntime } from './records-runtime.js';

/** Usage of `acompana phones normalize`. */
export const PHONES_USAGE = 'phones normalize [--staff EMAIL]';

/** {@link PHONES_USAGE} for staff, in Spanish. */
export const PHONES_USAGE_ES = 'phones normalize [--staff CORREO]';

/**
 * `acompana phones normalize`: once, after upgrading a database filled before numbers were
 * normalized, re-encrypts and re-hashes every stored number in its one form (`+52 1 …` → `+52 …`), so
 * she is found whichever form WhatsApp or staff use. Numbers whose normalized form another row already
 * has are listed by id (the same woman recorded twice) and left for a person to merge; exit 1 then.
 */
export const phonesCommand: Command = (args, io) =>
  withRecordsRuntime(io, async ({ db, privacy }) => {
    const t = speaker(io);
    const { values, positionals } = parseCommandArgs(args, { staff: { type: 'string' } }, io.lang);
    if (positionals.length !== 1 || positionals[0] !== 'normalize') throw new UsageError(`${t('uso', 'usage')}: acompana ${t(PHONES_USAGE_ES, PHONES_USAGE)}`);
    const outcome = await renormalizeStoredPhones(db, privacy, await commandActor(db, values.staff, io));
    const [s, u, c] = [outcome.survivorsUpdated, outcome.unknownSendersUpdated, outcome.identitiesUpdated].map(formatCount);
    io.stdout.write(
      t(
        `Números normalizados: ${s} personas acompañadas, ${u} números sin caso, ${c} identidades de canal.\n`,
        `Numbers normalized: ${s} survivors, ${u} numbers without a case, ${c} channel identities.\n`,
      ),
    );
    const conflicts = [
      ...outcome.survivorConflicts.map((id) =>
        t(`persona ${id}: su número normalizado ya es de otra persona; únelas a mano`, `survivor ${id}: her normalized number is already another survivor's; merge them by hand`),
      ),
      ...outcome.unknownSenderConflicts.map((id) =>
        t(`número sin caso ${id}: su forma normalizada ya está registrada; se dejó como está`, `unknown sender ${id}: its normalized number is already recorded; left as it is`),
      ),
    ];
    for (const line of conflicts) io.stderr.write(`acompana: ${line}\n`);
    return outcome.survivorConflicts.length > 0 ? 1 : 0;
  });
