import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReports } from '../../src/app/records/reports.js';
import { reportRoutes } from '../../src/console/routes/reports.js';
import { prismaAuditTrail } from '../../src/persistence/audit-trail.js';
import { prismaReportCounts } from '../../src/persistence/records/report-counts.js';
import { createRecordsContext, fixedClock, type RecordsContext } from './support/records-context.js';
import { interventionsCsv, row } from './support/csv-rows.js';
import { appWith, fakeAuthorize } from './support/console-app.js';
import { coordinatorWithInterventions } from './support/imported-interventions.js';

let ctx: RecordsContext;
let app: FastifyInstance;
let staffId: string;
const clock = fixedClock('2026-04-10T15:00:00Z');

beforeAll(async () => {
  ctx = await createRecordsContext();
  staffId = await coordinatorWithInterventions(
    ctx,
    clock,
    interventionsCsv([
      row({ folio: 'A-1', servicio: 'juridica', fecha_hora: '2026-03-02T10:00:00-05:00', banavim_folio: 'B-1' }),
      row({ folio: 'A-2', fecha_hora: '2026-03-15T10:00:00-05:00' }),
      row({ folio: 'A-3', vertiente: 'seguimiento', canal: 'videollamada', fecha_hora: '2026-03-31T23:00:00-05:00' }),
    ]),
  );
  const { id: caseId } = await ctx.db.case.findFirstOrThrow({ where: { folio: 'A-1' } });
  const result = (name: string, category: string | null, createdAt: string) =>
    ctx.db.flowResult.create({ data: { caseId, flowId: 'primer-contacto', name, category, createdAt: new Date(createdAt) } });
  await result('como_se_siente', 'bien', '2026-03-02T10:05:00-05:00');
  await result('como_se_siente', 'bien', '2026-03-20T10:05:00-05:00');
  await result('como_se_siente', 'mas_o_menos', '2026-03-21T10:05:00-05:00');
  await result('algo_mas', null, '2026-03-21T10:06:00-05:00');
  await result('como_se_siente', 'mal', '2026-04-01T00:00:00-05:00');
  app = await appWith(reportRoutes, {
    reports: createReports({ counts: prismaReportCounts(ctx.db), audit: prismaAuditTrail(ctx.db) }),
    authorize: fakeAuthorize,
    clock,
  });
});

afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

const get = (url: string, signedIn = true) => app.inject({ method: 'GET', url, headers: signedIn ? { 'x-test-staff': staffId } : {} });

describe('GET /api/reports', () => {
  it('answers the figures as JSON and audits who asked', async () => {
    const res = await get('/api/reports?from=2026-03-01&to=2026-03-31');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toMatchObject({
      total: 3,
      servicio: { juridica: 1, psicologica: 2 },
      vertiente: { intervencion_12_48h: 2, seguimiento: 1 },
      canal: { telefono_911: 2, videollamada: 1 },
      banavim_registradas: 1,
      resultados: { algo_mas: { sin_categoria: 1 }, como_se_siente: { bien: 2, mas_o_menos: 1 } },
    });
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'report.export' } });
    expect(audit).toMatchObject({ staffId, subject: 'report', detail: { via: 'console', from: '2026-03-01', to: '2026-03-31', format: 'json' } });
  });

  it('gives the CSV as a download', async () => {
    const res = await get('/api/reports?from=2026-03-01&to=2026-03-31&format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="informe-2026-03-01-a-2026-03-31.csv"');
    const lines = res.body.split('\r\n');
    expect(lines.slice(0, 3)).toEqual(['indicador,valor', 'total,3', 'servicio.juridica,1']);
    expect(lines).toEqual(expect.arrayContaining(['resultados.algo_mas.sin_categoria,1', 'resultados.como_se_siente.bien,2', 'resultados.como_se_siente.mas_o_menos,1']));
    expect(lines.indexOf('resultados.como_se_siente.mas_o_menos,1')).toBeLessThan(lines.indexOf('periodo.desde,2026-03-01'));
  });

  it('names the field that is wrong', async () => {
    const cases: [string, string, string][] = [
      ['/api/reports?to=2026-04-01', 'from', 'from: debe ser una fecha como 2026-01-01'],
      ['/api/reports?from=2026-13-01&to=2026-04-01', 'from', 'from: debe ser una fecha como 2026-01-01'],
      ['/api/reports?from=2026-03-01&to=2026-02-01', 'to', 'to: no puede ser anterior a from (es el último día incluido)'],
      ['/api/reports?mes=2026-3', 'mes', 'mes: debe ser un mes como 2025-01'],
      // Year 0 is no date the database stores: a 400 naming the field, not a 500.
      ['/api/reports?from=0000-01-01&to=0000-12-31', 'from', 'from: debe ser una fecha como 2026-01-01'],
      ['/api/reports?mes=0000-01', 'mes', 'mes: debe ser un mes como 2025-01'],
      ['/api/reports?from=2026-03-01&to=2026-04-01&format=pdf', 'format', 'format: must be json or csv'],
    ];
    for (const [url, field, message] of cases) {
      const res = await get(url);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'invalid_request', field, message });
    }
  });

  it('runs the console authorization first', async () => {
    const res = await get('/api/reports?from=2026-03-01&to=2026-03-31', false);
    expect(res.statusCode).toBe(401);
  });
});

describe('GET /reports', () => {
  it('renders the page in Spanish with accessible charts, the bulletin and the downloads', async () => {
    const res = await get('/reports?from=2026-03-01&to=2026-03-31');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toContain('<html lang="es-MX">');
    expect(html).toContain('Del 1 al 31 de marzo de 2026');
    expect(html).toContain('la unidad brindó 3 intervenciones: 1 jurídica y 2 psicológicas.');
    for (const id of ['servicio', 'vertiente', 'canal', 'seguimiento']) {
      expect(html).toContain(`<canvas id="grafica-${id}" role="img" aria-labelledby="titulo-${id}" aria-describedby="datos-${id}">`);
    }
    expect(html).toContain('Intervenciones por servicio: Jurídica 1, Psicológica 2.');
    expect(html).toContain('href="/api/reports?from=2026-03-01&amp;to=2026-03-31&amp;format=csv"');
    expect(html).toContain('href="/reports/boletin?from=2026-03-01&amp;to=2026-03-31"');
    // The form's second day is the last one counted, as the bulletin says it.
    expect(html).toContain('<label for="to">Hasta (incluido)<input type="date" id="to" name="to" value="2026-03-31"');
    expect(html).toContain('<script src="/assets/chart.js" defer></script>');
    expect(html).toContain('<h2 id="titulo-resultados">Respuestas en las conversaciones</h2>');
    expect(html).toContain('<caption>como_se_siente</caption>');
    expect(html).toContain('<th scope="row">bien</th><td class="numero">2</td>');
    expect(html).toContain('<th scope="row">Sin categoría (texto libre, número o fecha)</th><td class="numero">1</td>');
    expect(html).toContain('<tfoot><tr><th scope="row">Total</th><td class="numero">3</td></tr></tfoot>');
    expect(html).not.toMatch(/<script>(?!\s*$)/);
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'report.view' } });
    expect(audit).toMatchObject({ staffId, detail: { from: '2026-03-01', format: 'view' } });
  });

  it('shows the last 90 days when no dates are given', async () => {
    const res = await get('/reports');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Del 11 de enero al 10 de abril de 2026');
  });

  it('says so when no answer was saved in the period', async () => {
    const res = await get('/reports?from=2025-01-01&to=2025-01-31');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<p>No se guardaron respuestas en este periodo.</p>');
  });

  it('shows the form with the problem when a date is wrong', async () => {
    const res = await get('/reports?from=2026-03-01&to=2026-02-30');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="to" name="to" value="2026-02-30" required aria-describedby="to-ayuda" aria-invalid="true"');
    expect(res.body).toContain('role="alert">Revisa las fechas: to: debe ser una fecha');
  });

  it('serves chart.js and the page script from this server', async () => {
    const chart = await get('/assets/chart.js');
    expect(chart.statusCode).toBe(200);
    expect(chart.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(chart.body).toContain('Chart.js v4');
    expect(chart.headers['cache-control']).toBe('private, max-age=3600');
    const script = await get('/assets/report-charts.js');
    expect(script.body).toContain('datos-informe');
  });
});
