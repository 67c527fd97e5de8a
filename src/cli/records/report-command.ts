import { parseReportPeriod } from '../../app/records/report-period.js';
import { createReports, renderReport, REPORT_FORMATS, type ReportFormat } from '../../app/records/reports.js';
import { prismaAuditTrail } from '../../persistence/audit-trail.js';
import { prismaReportCounts } from '../../persistence/records/report-counts.js';
import type { Command } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { commandActor, UsageError, withRecordsRuntime } from './records-runtime.js';

/** Usage of `acompana report`. */
export const REPORT_USAGE = 'report --from YYYY-MM-DD --to YYYY-MM-DD [--format text|json|csv] [--staff EMAIL]';

/**
 * `acompana report --from 2026-01-01 --to 2026-04-01 --format text|json|csv`: the unit's figures for
 * the days from `--from` up to, not including, `--to` (America/Cancun). `text` (the default) is the
 * bulletin paragraph in Spanish. Audited as `report.export`.
 */
export const reportCommand: Command = (args, io) =>
  withRecordsRuntime(io, async ({ db }) => {
    const { values, positionals } = parseCommandArgs(args, {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'text' },
      staff: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`usage: acompana ${REPORT_USAGE}`);
    const format = values.format as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) throw new UsageError('--format: must be text, json or csv');
    const period = parseReportPeriod({ from: values.from, to: values.to });
    if (!period.ok) throw new UsageError(`--${period.message}`);
    const reports = createReports({ counts: prismaReportCounts(db), audit: prismaAuditTrail(db) });
    const figures = await reports.figures(period.period, { actor: await commandActor(db, values.staff), use: format });
    io.stdout.write(renderReport(figures, format));
    return 0;
  });
