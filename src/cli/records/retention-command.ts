import { runRetention } from '../../app/records/retention.js';
import { formatCount } from '../../app/records/report-bulletin.js';
import { prismaAuditTrail } from '../../persistence/audit-trail.js';
import { prismaRetentionStore } from '../../persistence/records/retention-store.js';
import { speaker, type Command } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { commandActor, UsageError, withRecordsRuntime } from './records-runtime.js';

/** Usage of `acompana retention run`. */
export const RETENTION_USAGE = 'retention run [--staff EMAIL]';

/** {@link RETENTION_USAGE} for staff, in Spanish. */
export const RETENTION_USAGE_ES = 'retention run [--staff CORREO]';

/**
 * `acompana retention run`: removes the message texts of cases closed more than `RETENTION_DAYS` days
 * ago (rows and counts stay), and numbers without a case silent for `RETENTION_UNKNOWN_DAYS` days. Safe to run any number of times; audited as `retention.run`.
 */
export const retentionCommand: Command = (args, io) =>
  withRecordsRuntime(io, async ({ db, config, clock, log }) => {
    const t = speaker(io);
    const { values, positionals } = parseCommandArgs(args, { staff: { type: 'string' } }, io.lang);
    if (positionals.length !== 1 || positionals[0] !== 'run') throw new UsageError(`${t('uso', 'usage')}: acompana ${t(RETENTION_USAGE_ES, RETENTION_USAGE)}`);
    const run = await runRetention(
      { store: prismaRetentionStore(db), audit: prismaAuditTrail(db), clock, log, days: config.RETENTION_DAYS, unknownDays: config.RETENTION_UNKNOWN_DAYS },
      await commandActor(db, values.staff, io),
    );
    const n = formatCount;
    if (io.lang !== 'en') {
      io.stdout.write(
        `Casos cerrados antes de ${run.closedBefore.toISOString()} (${config.RETENTION_DAYS} días): ${n(run.casesPurged)} depurados; ` +
          `se borraron ${n(run.contactTextsRemoved)} textos de mensajes y ${n(run.sessionStatesRemoved)} conversaciones guardadas; ` +
          `${n(run.filesRemoved)} archivos y ubicaciones borrados.\n` +
          `Números sin caso callados desde ${run.unknownLastSeenBefore.toISOString()} (${config.RETENTION_UNKNOWN_DAYS} días): ` +
          `${n(run.unknownSendersRemoved)} borrados, con ${n(run.unknownSenderMessagesRemoved)} mensajes.\n`,
      );
      return 0;
    }
    io.stdout.write(
      `Cases closed before ${run.closedBefore.toISOString()} (${config.RETENTION_DAYS} days): ` +
        `${formatCount(run.casesPurged)} purged, ${formatCount(run.contactTextsRemoved)} message texts and ` +
        `${formatCount(run.sessionStatesRemoved)} saved conversations removed; ${formatCount(run.filesRemoved)} files and locations removed.\n` +
        `Numbers without a case silent since ${run.unknownLastSeenBefore.toISOString()} (${config.RETENTION_UNKNOWN_DAYS} days): ` +
        `${formatCount(run.unknownSendersRemoved)} removed, with ${formatCount(run.unknownSenderMessagesRemoved)} messages.\n`,
    );
    return 0;
  });
