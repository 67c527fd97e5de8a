import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type preHandlerHookHandler } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBulletins } from '../../src/app/records/bulletins.js';
import { createReports } from '../../src/app/records/reports.js';
import { bulletinRoutes } from '../../src/console/routes/bulletins.js';
import { reportRoutes } from '../../src/console/routes/reports.js';
import { prismaAuditTrail } from '../../src/persistence/audit-trail.js';
import { prismaBulletinStore } from '../../src/persistence/records/bulletin-store.js';
import { prismaReportCounts } from '../../src/persistence/records/report-counts.js';
import { artifactsDir, launchChromium } from '../support/chromium.js';
import { coordinatorWithInterventions } from './support/imported-interventions.js';
import { PUBLISHED, publishedQuarterCsv } from './support/published-dataset.js';
import { createRecordsContext, fixedClock, type RecordsContext } from './support/records-context.js';

let ctx: RecordsContext;
let app: FastifyInstance;
let base: string;
let staffId: string;
// The first day of April in Cancún, early: the monthly job's moment.
const clock = fixedClock('2026-04-01T11:00:00Z');

const bulletins = () => createBulletins({ store: prismaBulletinStore(ctx.db), counts: prismaReportCounts(ctx.db), audit: prismaAuditTrail(ctx.db), clock });

beforeAll(async () => {
  ctx = await createRecordsContext();
  staffId = await coordinatorWithInterventions(ctx, fixedClock('2026-04-02T15:00:00Z'), publishedQuarterCsv());
  // The browser cannot send a header: this edge stand-in signs every request in as the coordinator.
  const signedIn: preHandlerHookHandler = (request, _reply, done) => {
    request.staff = { id: staffId, role: 'coordinator' };
    done();
  };
  const reports = createReports({ counts: prismaReportCounts(ctx.db), audit: prismaAuditTrail(ctx.db) });
  app = Fastify({ logger: false });
  await app.register(fastifyStatic, { root: fileURLToPath(new URL('../../src/console/public/', import.meta.url)), prefix: '/static/' });
  await app.register(reportRoutes, { reports, authorize: signedIn, clock });
  await app.register(bulletinRoutes, { reports, bulletins: bulletins(), authorize: signedIn });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

describe('the monthly bulletin', () => {
  it('is March on 1 April (America/Cancun), kept once, with the figures the report gives for --mes', async () => {
    const first = await bulletins().computePreviousMonth({ staffId: null, via: 'scheduler' });
    expect(first).toMatchObject({ created: true, from: '2026-03-01', to: '2026-03-31' });
    expect(await bulletins().computePreviousMonth({ staffId: null, via: 'scheduler' })).toMatchObject({ created: false, id: first.id });
    expect(await ctx.db.bulletin.count()).toBe(1);
    const kept = await ctx.db.bulletin.findUniqueOrThrow({ where: { id: first.id } });
    const march = (await (await fetch(`${base}/api/reports?mes=2026-03`)).json()) as Record<string, unknown>;
    expect(kept.figures).toEqual(march);
    expect(await ctx.db.auditLog.count({ where: { action: 'bulletin.created', subject: `bulletin:${first.id}` } })).toBe(1);
  });

  it('on 1 January is December of the year before', async () => {
    const january = createBulletins({ store: prismaBulletinStore(ctx.db), counts: prismaReportCounts(ctx.db), audit: prismaAuditTrail(ctx.db), clock: fixedClock('2026-01-01T05:30:00Z') });
    expect(await january.computePreviousMonth({ staffId: null, via: 'scheduler' })).toMatchObject({ from: '2025-12-01', to: '2025-12-31' });
    expect((await january.list()).map((b) => [b.from, b.to])).toEqual([
      ['2026-03-01', '2026-03-31'],
      ['2025-12-01', '2025-12-31'],
    ]);
  });

  it('is audited each time it is opened, and its page is the printable bulletin', async () => {
    const [march] = await bulletins().list();
    const before = await ctx.db.auditLog.count({ where: { action: 'bulletin.view' } });
    const res = await fetch(`${base}/boletines/${march!.id}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h1>Boletín mensual</h1>');
    expect(page).toContain('Del 1 al 31 de marzo de 2026');
    expect(page).toContain('<link rel="stylesheet" href="/static/bulletin.css">');
    expect(page).not.toMatch(/<style|style="|<script>(?!\s*$)|onclick/);
    const audit = await ctx.db.auditLog.findMany({ where: { action: 'bulletin.view' } });
    expect(audit).toHaveLength(before + 1);
    expect(audit.at(-1)).toMatchObject({ staffId, subject: `bulletin:${march!.id}`, detail: { via: 'console', from: '2026-03-01', to: '2026-03-31' } });
    expect((await fetch(`${base}/boletines/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${base}/boletines/no-es-un-id`)).status).toBe(400);
  });

  it('prints any period: the quarter, with the published figures in its table', async () => {
    const res = await fetch(`${base}/reports/boletin?from=2026-01-01&to=2026-03-31`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Del 1 de enero al 31 de marzo de 2026');
    expect(page).toContain(`<tr><th scope="row">Intervenciones</th><td>2,097</td></tr>`);
    expect(page).toContain(`<tr><th scope="row">Casos registrados en el BANAVIM</th><td>${PUBLISHED.banavim}</td></tr>`);
    expect((await fetch(`${base}/reports/boletin?from=2026-03-31&to=2026-03-01`)).status).toBe(400);
    const css = await (await fetch(`${base}/static/bulletin.css`)).text();
    expect(css).toContain('@media print');
    expect(css).toContain('size: A4');
  });
});

describe('the printable bulletin in a browser', () => {
  let browser: Browser;
  afterAll(async () => {
    await browser?.close();
  });

  it('draws its charts and prints on one A4 page, with nothing loaded from outside', async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ locale: 'es-MX' });
    const external: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(base)) external.push(request.url());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/reports/boletin?from=2026-01-01&to=2026-03-31`);
    await page.waitForFunction('window.reportChartsReady === true', undefined, { timeout: 10_000 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('#imprimir')).toBe(false);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.screenshot({ path: `${await artifactsDir()}bulletin-print.png`, fullPage: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  }, 60_000);
});
