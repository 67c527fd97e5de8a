import { parseReportPeriod } from '../../app/records/report-period.js';
import { createReports, renderReport, REPORT_FORMATS, type ReportFormat } from '../../app/records/reports.js';
import { prismaAuditTrail } from '../../persistence/audit-trail.js';
import { prismaReportCounts } from '../../persistence/records/report-counts.js';
import { speaker, type Command } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { commandActor, UsageError, withRecordsRuntime } from './records-runtime.js';

/** Usage of `acompana report`. */
export const REPORT_USAGE = 'report --from AAAA-MM-DD --to AAAA-MM-DD | --mes AAAA-MM | --anio AAAA [--format text|json|csv] [--staff CORREO]';

/**
 * `acompana report --from 2026-01-01 --to 2026-03-31 --format text|json|csv`: the unit's figures for
 * the days from `--from` to `--to`, both included (America/Cancun); or for a month (`--mes 2025-01`)
 * or a year (`--anio 2025`). `text` (the default) is the bulletin paragraph in Spanish. Audited as
 * `report.export`.
 */
export const reportCommand: Command = (args, io) =>
  withRecordsRuntime(io, async ({ db, config }) => {
    const t = speaker(io);
    const { values, positionals } = parseCommandArgs(
      args,
      {
        from: { type: 'string' },
        to: { type: 'string' },
        mes: { type: 'string' },
        anio: { type: 'string' },
        format: { type: 'string', default: 'text' },
        staff: { type: 'string' },
      },
      io.lang,
    );
    if (positionals.length > 0) throw new UsageError(`${t('uso', 'usage')}: acompana ${REPORT_USAGE}`);
    const format = values.format as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) throw new UsageError(t('--format: debe ser text, json o csv', '--format: must be text, json or csv'));
    const period = parseReportPeriod({ from: values.from, to: values.to, mes: values.mes, anio: values.anio });
    if (!period.ok) throw new UsageError(`--${t(period.message, period.messageEn)}`);
    const reports = createReports({ counts: prismaReportCounts(db), audit: prismaAuditTrail(db), staffHours: config.STAFF_HOURS });
    const figures = await reports.figures(period.period, { actor: await commandActor(db, values.staff, io), use: format });
    io.stdout.write(renderReport(figures, format));
    return 0;
  });
