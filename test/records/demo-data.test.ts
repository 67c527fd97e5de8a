import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDataCommand } from '../../src/cli/records/seed-demo-data-command.js';
import { reportCommand } from '../../src/cli/records/report-command.js';
import { banavimCommand } from '../../src/cli/records/banavim-command.js';
import { DEMO_INTERVENTION_COUNT } from '../../src/demo/demo-data/demo-interventions.js';
import type { ReportFigures } from '../../src/app/records/report-figures.js';
import { createRecordsContext, dumpTables, fixedClock, type RecordsContext } from './support/records-context.js';
import { captureIo } from './support/capture-io.js';

let ctx: RecordsContext;
const clock = fixedClock('2026-06-30T18:00:00Z');

beforeAll(async () => {
  ctx = await createRecordsContext();
});

/** The command's io; the test database is migrated already. */
function io(at: string) {
  return captureIo(ctx, { clock: fixedClock(at), env: { DATABASE_URL: ctx.database.url, MIGRATE_ON_START: 'false' } });
}

afterAll(async () => {
  await ctx?.close();
});

describe('acompana seed demo-data', () => {
  it('fills the database with a clearly fake dataset of the last 90 days', async () => {
    const run = io(clock.now().toISOString());
    // The first seed of this file: the driver warns once per process.
    const warnings: string[] = [];
    const listen = (warning: Error) => warnings.push(warning.message);
    process.on('warning', listen);
    try {
      expect(await seedDemoDataCommand([], run)).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('warning', listen);
    }
    // No two queries at once on a transaction's one connection (the driver's next major version refuses them).
    expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
    expect(run.out()).toContain(`Demo interventions: ${DEMO_INTERVENTION_COUNT} added`);

    const interventions = await ctx.db.intervention.findMany();
    expect(interventions).toHaveLength(DEMO_INTERVENTION_COUNT);
    expect(interventions.every((i) => /^DEMO-\d{5}$/.test(i.folio))).toBe(true);
    const start = Date.parse('2026-04-01T18:00:00Z');
    expect(interventions.every((i) => i.occurredAt.getTime() >= start && i.occurredAt <= clock.now())).toBe(true);

    const survivors = await ctx.db.survivor.findMany({ where: { phoneCipher: { not: null } } });
    expect(survivors.length).toBeGreaterThan(50);
    const phones = survivors.map((s) => ctx.privacy.cipher.decrypt(s.phoneCipher!));
    expect(phones.filter((p) => p !== '+529981234567').every((p) => /^\+5299900\d{5}$/.test(p))).toBe(true);
    expect(survivors.filter((s) => s.alias !== 'Luz').every((s) => s.alias.endsWith('(demo)'))).toBe(true);

    expect(await ctx.db.checkIn.count()).toBeGreaterThan(50);
    expect(await ctx.db.contact.count({ where: { channel: 'simulator' } })).toBeGreaterThan(100);
    expect(await ctx.db.alert.count({ where: { kind: 'handoff' } })).toBeGreaterThan(0);
    expect(await ctx.db.case.count({ where: { status: 'closed' } })).toBeGreaterThan(0);
    expect(await ctx.db.banavimRecord.count({ where: { status: 'registered' } })).toBeGreaterThan(20);
    expect(await ctx.db.banavimRecord.count({ where: { status: 'pending', detailCipher: { not: null } } })).toBeGreaterThan(0);
  });

  it('gives the reports and the BANAVIM export something to show', async () => {
    const io = captureIo(ctx, { clock });
    expect(await reportCommand(['--from', '2026-04-01', '--to', '2026-06-30', '--format', 'json'], io)).toBe(0);
    const figures = JSON.parse(io.out()) as ReportFigures;
    expect(figures.total).toBe(DEMO_INTERVENTION_COUNT);
    expect(figures.servicio.juridica).toBeGreaterThan(10);
    expect(figures.vertiente.seguimiento).toBeGreaterThan(0);
    expect(figures.seguimiento.checkins_enviados).toBeGreaterThan(figures.seguimiento.checkins_respondidos);
    expect(figures.seguimiento.videollamadas_realizadas).toBeGreaterThan(0);
    // Her answers, by the flow's categories: as many "¿cómo te sientes?" as answered check-ins.
    const feelings = figures.resultados.como_se_siente ?? {};
    expect(Object.keys(feelings).sort()).toEqual(['bien', 'mal', 'mas_o_menos']);
    expect(Object.values(feelings).reduce((a, b) => a + b, 0)).toBe(figures.seguimiento.checkins_respondidos);
    expect(figures.resultados.buen_momento).toEqual({ si: figures.seguimiento.checkins_respondidos });

    const exported = captureIo(ctx, { clock });
    expect(await banavimCommand(['export', '--format', 'json'], exported)).toBe(0);
    const states = (JSON.parse(exported.out()) as { estado: string }[]).map((c) => c.estado);
    expect(new Set(states)).toEqual(new Set(['lista', 'sin_detalle', 'sin_consentimiento']));
  });

  it('adds nothing when run again', async () => {
    const before = await dumpTables(ctx);
    const run = io('2026-07-02T10:00:00Z');
    expect(await seedDemoDataCommand([], run)).toBe(0);
    expect(run.out()).toContain('Demo interventions: 0 added');
    expect(run.out()).toContain('Follow-up: already there, nothing added.');
    expect({ ...(await dumpTables(ctx)), AuditLog: [] }).toEqual({ ...before, AuditLog: [] });
  });

  it('refuses to run in production', async () => {
    const io = captureIo(ctx, {
      env: {
        DATABASE_URL: ctx.database.url,
        NODE_ENV: 'production',
        DATA_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
        PHONE_HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
      },
    });
    expect(await seedDemoDataCommand([], io)).toBe(2);
    expect(io.err()).toContain('refused with NODE_ENV=production');
  });
});
