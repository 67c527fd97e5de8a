/**
 * A report's figures are read together: an intervention committed while the report is being read
 * shows in all of them or in none, so a kept bulletin never holds figures that disagree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { prismaReportCounts } from '../../src/persistence/records/report-counts.js';
import { eventually } from '../support/test-service.js';
import { createRecordsContext, type RecordsContext } from './support/records-context.js';

let ctx: RecordsContext;
const period = { start: new Date('2026-05-01T05:00:00Z'), end: new Date('2026-06-01T05:00:00Z') };

beforeAll(async () => {
  ctx = await createRecordsContext();
});

afterAll(async () => {
  await ctx?.close();
});

/** A case of a new survivor, registered in BANAVIM, with its interventions in May at the given hours. */
async function registeredCase(folio: string, hours: number[]) {
  const survivor = await ctx.db.survivor.create({ data: { alias: 'Flor' } });
  const created = await ctx.db.case.create({ data: { folio, survivorId: survivor.id, interventionAt: new Date('2026-05-10T15:00:00Z') } });
  await ctx.db.banavimRecord.create({ data: { caseId: created.id, status: 'registered', folio: `BNV-${folio}`, registeredAt: new Date() } });
  for (const [i, hour] of hours.entries()) {
    await ctx.db.intervention.create({
      data: { folio: `${folio}-${i}`, caseId: created.id, occurredAt: new Date(Date.UTC(2026, 4, 10, hour)), service: 'psicologica', line: 'intervencion_12_48h', channel: 'telefono_911' },
    });
  }
  return created.id;
}

describe('the figures of a report', () => {
  it('read one snapshot: an intervention committed while they are read is in none of them', async () => {
    await registeredCase('SNAP-1', [15]);
    const late = await registeredCase('SNAP-2', []);
    // The BANAVIM figure waits behind a lock while the intervention figures are read; meanwhile an
    // intervention of a registered case commits.
    const blocker = new pg.Client({ connectionString: ctx.database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN; LOCK TABLE "BanavimRecord" IN ACCESS EXCLUSIVE MODE');
      const reading = prismaReportCounts(ctx.db).counts(period);
      await eventually(async () => {
        const { rows } = await blocker.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = '"BanavimRecord"'::regclass`);
        return rows[0].n > 0 ? true : undefined;
      }, 10_000, 'the report to wait for the lock');
      await ctx.db.intervention.create({
        data: { folio: 'SNAP-2-0', caseId: late, occurredAt: new Date('2026-05-10T16:00:00Z'), service: 'juridica', line: 'intervencion_12_48h', channel: 'telefono_911' },
      });
      await blocker.query('COMMIT');
      const counts = await reading;
      expect(counts.interventions).toBe(1);
      expect(counts.byService).toEqual({ psicologica: 1 });
      // Before, this read 2: a registered case whose intervention the total did not count.
      expect(counts.banavimRegisteredCases).toBe(1);
    } finally {
      await blocker.end();
    }
    // Read again, everything counts the new intervention.
    const after = await prismaReportCounts(ctx.db).counts(period);
    expect([after.interventions, after.banavimRegisteredCases]).toEqual([2, 2]);
  });
});
