import type { Actor, AuditTrail, ReportCountsSource } from './ports.js';
import { reportBulletin } from './report-bulletin.js';
import { reportCsv } from './report-csv.js';
import { toReportFigures, type ReportFigures } from './report-figures.js';
import type { ReportPeriod } from './report-period.js';
import type { StaffHours } from '../staff-hours.js';

/** The formats a report is given in. */
export const REPORT_FORMATS = ['text', 'json', 'csv'] as const;
/** A report format: the bulletin paragraph, the JSON figures, or `indicador,valor` rows. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The unit's reports, audited: every figure a person sees or downloads leaves an audit entry. */
export interface Reports {
  /**
   * The figures of a period. `use` says what they are for, for the audit log: `view` (the console's
   * page) or a download format.
   */
  figures(period: ReportPeriod, request: { actor: Actor; use: 'view' | ReportFormat }): Promise<ReportFigures>;
}

/**
 * Builds the reports use case over the counts and the audit trail.
 *
 * @example
 * const reports = createReports({ counts: prismaReportCounts(db), audit: prismaAuditTrail(db) });
 * renderReport(await reports.figures(period, { actor, use: 'csv' }), 'csv');
 */
export function createReports(deps: {
  counts: ReportCountsSource;
  audit: AuditTrail;
  /** `STAFF_HOURS`: with them, a report also counts the handoffs raised outside them. */
  staffHours?: StaffHours | undefined;
}): Reports {
  return {
    async figures(period, request) {
      const figures = toReportFigures(period, await deps.counts.counts({ start: period.start, end: period.end }), deps.staffHours);
      await deps.audit.record({
        ...request.actor,
        action: request.use === 'view' ? 'report.view' : 'report.export',
        subject: 'report',
        detail: { from: period.from, to: period.to, format: request.use },
      });
      return figures;
    },
  };
}

/** The report in a format: the Spanish bulletin, pretty JSON, or CSV. */
export function renderReport(figures: ReportFigures, format: ReportFormat): string {
  switch (format) {
    case 'text':
      return `${reportBulletin(figures)}\n`;
    case 'json':
      return `${JSON.stringify(figures, null, 2)}\n`;
    case 'csv':
      return reportCsv(figures);
  }
}
