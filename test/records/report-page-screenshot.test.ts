import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReports } from '../../src/app/records/reports.js';
import { reportRoutes } from '../../src/console/routes/reports.js';
import { prismaAuditTrail } from '../../src/persistence/audit-trail.js';
import { prismaReportCounts } from '../../src/persistence/records/report-counts.js';
import { createRecordsContext, fixedClock, type RecordsContext } from './support/records-context.js';
import { coordinatorWithInterventions } from './support/imported-interventions.js';
import { appWith } from './support/console-app.js';
import { publishedQuarterCsv } from './support/published-dataset.js';
import { artifactsDir, launchChromium, saveScreenshot } from '../support/chromium.js';


let ctx: RecordsContext;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let artifacts: string;
let staffId: string;
const clock = fixedClock('2026-04-10T15:00:00Z');

beforeAll(async () => {
  ctx = await createRecordsContext();
  staffId = await coordinatorWithInterventions(ctx, clock, publishedQuarterCsv());
  const { id: caseId } = await ctx.db.case.findUniqueOrThrow({ where: { folio: 'QR-2026-000001' } });
  for (let i = 0; i < 40; i++) {
    const sentAt = new Date(Date.parse('2026-01-05T10:00:00-05:00') + i * 2 * 86_400_000);
    await ctx.db.checkIn.create({
      data: { caseId, planItem: `p${i}`, flowId: 'primer-contacto', dueAt: sentAt, plannedAt: sentAt, sentAt, status: i % 5 === 0 ? 'missed' : 'answered' },
    });
  }
  await ctx.db.alert.createMany({ data: [1, 2, 3].map((d) => ({ caseId, kind: 'handoff' as const, urgency: 'normal' as const, reason: 'Pide una persona', createdAt: new Date(`2026-02-0${d}T12:00:00Z`) })) });
  const answers: [string, string | null, number][] = [
    ['buen_momento', 'si', 31], ['buen_momento', 'no', 6], ['buen_momento', null, 1],
    ['como_se_siente', 'bien', 14], ['como_se_siente', 'mas_o_menos', 11], ['como_se_siente', 'mal', 5], ['como_se_siente', 'hablar_con_alguien', 1],
    ['algo_mas', null, 4],
  ];
  await ctx.db.flowResult.createMany({
    data: answers.flatMap(([name, category, n]) =>
      Array.from({ length: n }, (_, i) => ({ caseId, flowId: 'seguimiento', name, category, createdAt: new Date(Date.parse('2026-01-06T10:00:00-05:00') + i * 86_400_000) })),
    ),
  });
  app = await appWith(reportRoutes, {
    reports: createReports({ counts: prismaReportCounts(ctx.db), audit: prismaAuditTrail(ctx.db) }),
    // The browser cannot send the test header, so this edge stand-in signs every request in.
    authorize: (request, _reply, done) => {
      request.staff = { id: staffId, role: 'coordinator' };
      done();
    },
    clock,
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  artifacts = await artifactsDir();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await ctx?.close();
});

describe('the report page in a browser', () => {
  for (const device of [
    { name: 'laptop', viewport: { width: 1366, height: 800 } },
    { name: 'tablet', viewport: { width: 820, height: 1180 } },
  ]) {
    it(`draws the four charts on a ${device.name}, with nothing loaded from outside`, async () => {
      const page = await browser.newPage({ viewport: device.viewport, locale: 'es-MX' });
      const external: string[] = [];
      const errors: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(base)) external.push(request.url());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${base}/reports?from=2026-01-01&to=2026-03-31`);
      await page.waitForFunction('window.reportChartsReady === true', undefined, { timeout: 10_000 });

      // Browser-side code as text: the project compiles without the DOM library.
      const drawn = (await page.evaluate(`[...document.querySelectorAll('canvas')].map((canvas) => {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
        return { id: canvas.id, inked };
      })`)) as { id: string; inked: number }[];
      expect(drawn.map((d) => d.id)).toEqual(['grafica-servicio', 'grafica-vertiente', 'grafica-canal', 'grafica-seguimiento']);
      for (const chart of drawn) expect(chart.inked).toBeGreaterThan(500);
      expect(await page.textContent('h1')).toBe('Informe de la unidad');
      expect(await page.textContent('.cifras')).toContain('2,097');
      expect(await page.textContent('.resultados')).toContain('mas_o_menos');
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
      expect(overflow).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
      await saveScreenshot(page, artifacts, `report-page-${device.name}`, device.name === 'laptop' ? 'coordinacion-informe' : undefined);
      await page.close();
    });
  }
});
