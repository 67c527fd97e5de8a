import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyPluginAsync, FastifyReply, preHandlerHookHandler } from 'fastify';
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

const pageQuery = z.object({ from: z.string().optional(), to: z.string().optional(), mes: z.string().optional(), anio: z.string().optional() });
const apiQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  mes: z.string().optional(),
  anio: z.string().optional(),
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
 * `to` is the last day included (or `mes=2025-01`, `anio=2025` instead of the two days); days are in America/Cancun. Register it without a prefix:
 * the page's links are absolute.
 */
export const reportRoutes: FastifyPluginAsync<ReportRoutesOptions> = async (app, options) => {
  const clock = options.clock ?? systemClock;
  app.addHook('preHandler', options.authorize);
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  answerRequestErrors(app);

  app.get('/reports', async (request, reply) => {
    const query = parseRequest(pageQuery, request.query, 'query', 'es');
    const shortcuts = periodShortcuts(clock.now());
    let period = recentReportPeriod(clock.now());
    if (query.from !== undefined || query.to !== undefined || query.mes !== undefined || query.anio !== undefined) {
      const parsed = parseReportPeriod(query);
      if (!parsed.ok) {
        const field = parsed.field === 'mes' || parsed.field === 'anio' ? 'from' : parsed.field;
        const page = renderReportPage({ kind: 'invalid', from: query.from ?? '', to: query.to ?? '', field, message: parsed.message, shortcuts });
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
      .header('content-disposition', `attachment; filename="informe-${parsed.period.from}-a-${parsed.period.to}.csv"`)
      .send(renderReport(figures, 'csv'));
  });

  const chartJs = await readFile(CHART_JS);
  const reportCharts = await readFile(REPORT_CHARTS);
  const script = (body: Buffer) => async (_request: unknown, reply: FastifyReply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'private, max-age=3600').send(body);
  app.get('/assets/chart.js', script(chartJs));
  app.get('/assets/report-charts.js', script(reportCharts));
};
