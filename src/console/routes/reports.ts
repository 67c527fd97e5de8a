import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../app/ports.js';
import { parseReportPeriod, recentReportPeriod } from '../../app/records/report-period.js';
import { renderReport, type Reports } from '../../app/records/reports.js';
import { systemClock } from '../../app/system-clock.js';
import { RequestError, parseRequest } from '../request-error.js';
import { actorOf } from '../staff-request.js';
import { periodShortcuts } from '../views/period-shortcuts.js';
import { renderReportPage } from '../views/report-page.js';
import { answerRequestErrors } from './invalid-request.js';

/** What the report routes need. */
export interface ReportRoutesOptions {
  reports: Reports;
  /** The console's sign-in and role check, run before every route here (coordinators and admins, say). */
  authorize: preHandlerHookHandler;
  /** For the default period and the shortcuts; the real clock unless a test fixes it. */
  clock?: Clock;
}

const CHART_JS = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
const REPORT_CHARTS = new URL('../views/report-charts.js', import.meta.url);

const pageQuery = z.object({ from: z.string().optional(), to: z.string().optional() });
const apiQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
});

/**
 * The console's reports, as a Fastify plugin:
 * - `GET /reports?from=YYYY-MM-DD&to=YYYY-MM-DD`: the report page (Spanish, charts); without dates,
 *   the last 90 days; wrong dates show the form with the problem (status 400). Audited as `report.view`.
 * - `GET /api/reports?from&to&format=json|csv`: the figures as JSON, or the `indicador,valor` CSV as a
 *   download. `400 { error: 'invalid_request', field: 'from', message }` on a wrong date. Audited as
 *   `report.export`.
 * - `GET /assets/chart.js`, `GET /assets/report-charts.js`: chart.js's UMD build (from node_modules, no
 *   CDN) and the page's script, kept out of the HTML so a strict Content-Security-Policy can forbid
 *   inline scripts.
 * `to` is the day after the last one included; days are in America/Cancun.
 */
export const reportRoutes: FastifyPluginAsync<ReportRoutesOptions> = async (app, options) => {
  const clock = options.clock ?? systemClock;
  app.addHook('preHandler', options.authorize);
  app.addHook('onSend', async (request, reply) => {
    reply.header('cache-control', request.url.startsWith('/assets/') ? 'private, max-age=3600' : 'no-store');
  });
  answerRequestErrors(app);

  app.get('/reports', async (request, reply) => {
    const query = parseRequest(pageQuery, request.query, 'query');
    const shortcuts = periodShortcuts(clock.now());
    let period = recentReportPeriod(clock.now());
    if (query.from !== undefined || query.to !== undefined) {
      const parsed = parseReportPeriod(query);
      if (!parsed.ok) {
        const page = renderReportPage({ kind: 'invalid', from: query.from ?? '', to: query.to ?? '', field: parsed.field, message: parsed.message, shortcuts });
        return reply.code(400).type('text/html; charset=utf-8').send(page);
      }
      period = parsed.period;
    }
    const figures = await options.reports.figures(period, { actor: actorOf(request), use: 'view' });
    return reply.type('text/html; charset=utf-8').send(renderReportPage({ kind: 'report', figures, shortcuts }));
  });

  app.get('/api/reports', async (request, reply) => {
    const query = parseRequest(apiQuery, request.query, 'query');
    const parsed = parseReportPeriod(query);
    if (!parsed.ok) throw new RequestError(400, 'invalid_request', parsed.field, parsed.message);
    const figures = await options.reports.figures(parsed.period, { actor: actorOf(request), use: query.format });
    if (query.format === 'json') return reply.send(figures);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="informe-${parsed.period.from}-a-${parsed.period.lastDay}.csv"`)
      .send(renderReport(figures, 'csv'));
  });

  const chartJs = await readFile(CHART_JS);
  const reportCharts = await readFile(REPORT_CHARTS);
  app.get('/assets/chart.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(chartJs));
  app.get('/assets/report-charts.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(reportCharts));
};
