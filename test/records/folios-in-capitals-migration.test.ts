/**
 * The migration that moves stored folios to capitals, run on folios an earlier version stored as
 * typed: each alone moves, a pair that differs only in case stays as it is, and running it again
 * changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordsContext, type RecordsContext } from './support/records-context.js';

let ctx: RecordsContext;
const MIGRATION = new URL('../../prisma/migrations/20261206200000_folios_in_capitals/migration.sql', import.meta.url);

beforeAll(async () => {
  ctx = await createRecordsContext();
});

afterAll(async () => {
  await ctx?.close();
});

/** A case with `caseFolio`, its interventions with `folios`, and a BANAVIM record with `banavimFolio`. */
async function storedAsTyped(caseFolio: string, folios: string[], banavimFolio: string | null): Promise<void> {
  const { id } = await ctx.db.case.create({ data: { folio: caseFolio, survivor: { create: { alias: caseFolio } } } });
  for (const folio of folios) {
    await ctx.db.intervention.create({ data: { folio, caseId: id, occurredAt: new Date('2026-01-10T14:00:00Z'), service: 'psicologica', line: 'intervencion_12_48h', channel: 'telefono_911' } });
  }
  if (banavimFolio) await ctx.db.banavimRecord.create({ data: { caseId: id, folio: banavimFolio, status: 'registered' } });
}

/** The folios of `table`, sorted. */
const folioColumn = async (table: string) => (await ctx.sql<{ folio: string }>(`SELECT folio FROM "${table}"`)).map((r) => r.folio).sort();
const folios = async () => ({ interventions: await folioColumn('Intervention'), cases: await folioColumn('Case'), banavim: await folioColumn('BanavimRecord') });

describe('folios in capitals', () => {
  it('moves each folio alone to capitals and leaves a pair that differs only in case as it is', async () => {
    await storedAsTyped('qr-2026-0001', ['qr-2026-0001', 'QR-2026-0002'], 'bnv-qroo-1');
    await storedAsTyped('Qr-2026-0003', ['Qr-2026-0003', 'qR-2026-0003'], 'BNV-QROO-2');
    await storedAsTyped('QR-2026-0004', ['QR-2026-0004', 'qr-2026-0004'], null);
    const sql = await readFile(MIGRATION, 'utf8');
    await ctx.sql(sql);
    const once = await folios();
    expect(once).toEqual({
      interventions: ['QR-2026-0001', 'QR-2026-0002', 'QR-2026-0004', 'Qr-2026-0003', 'qR-2026-0003', 'qr-2026-0004'].sort(),
      cases: ['QR-2026-0001', 'QR-2026-0003', 'QR-2026-0004'],
      banavim: ['BNV-QROO-1', 'BNV-QROO-2'],
    });
    await ctx.sql(sql);
    expect(await folios()).toEqual(once);
  });
});
