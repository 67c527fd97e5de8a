import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkInsert, mapped } from '../../src/persistence/records/bulk-insert.js';
import { poolOf } from '../../src/persistence/database.js';
import { inTransaction } from '../../src/persistence/pg-transaction.js';
import { uuidV7 } from '../../src/persistence/uuid-v7.js';
import { createRecordsContext, type RecordsContext } from './support/records-context.js';

let ctx: RecordsContext;

beforeAll(async () => {
  ctx = await createRecordsContext();
});

afterAll(async () => {
  await ctx?.close();
});

describe('bulkInsert', () => {
  it('stores bytes, nulls and instants exactly, whatever comes first in a column', async () => {
    const rows = [
      { id: uuidV7(), alias: 'Sin número', phoneHash: null, phoneCipher: null, optedOutAt: null },
      { id: uuidV7(), alias: 'Con número', phoneHash: 'h1', phoneCipher: new Uint8Array([1, 0, 255, 7]), optedOutAt: new Date('2026-01-15T22:30:00.123-05:00') },
    ];
    await inTransaction(poolOf(ctx.db), (client) =>
      bulkInsert(client, 'Survivor', { id: 'uuid', alias: 'text', phoneHash: 'text', phoneCipher: 'bytea', optedOutAt: 'timestamptz' }, rows),
    );
    const stored = await ctx.db.survivor.findMany({ orderBy: { alias: 'asc' } });
    expect(stored.map((s) => [s.id, s.alias, s.phoneHash, s.phoneCipher && [...s.phoneCipher], s.optedOutAt])).toEqual([
      [rows[1]!.id, 'Con número', 'h1', [1, 0, 255, 7], new Date('2026-01-16T03:30:00.123Z')],
      [rows[0]!.id, 'Sin número', null, null, null],
    ]);
  });

  it('keeps nothing of a transaction that fails after its first chunks were written', async () => {
    const before = await ctx.db.survivor.count();
    const rows = Array.from({ length: 12_000 }, (_, i) => ({ id: uuidV7(), alias: `Fila ${i}` }));
    await expect(
      inTransaction(poolOf(ctx.db), async (client) => {
        await bulkInsert(client, 'Survivor', { id: 'uuid', alias: 'text' }, rows);
        await bulkInsert(client, 'Survivor', { id: 'uuid', alias: 'text' }, rows.slice(0, 1));
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await ctx.db.survivor.count()).toBe(before);
  });

  it('builds the rows it is given lazily, one chunk at a time', async () => {
    let built = 0;
    let mostBuiltAhead = 0;
    const inserted = await inTransaction(poolOf(ctx.db), (client) =>
      bulkInsert(
        { query: (text: string, values: unknown[]) => ((mostBuiltAhead = Math.max(mostBuiltAhead, built)), (built = 0), client.query(text, values)) },
        'Survivor',
        { id: 'uuid', alias: 'text' },
        mapped(Array.from({ length: 12_000 }, (_, i) => i), (i) => ((built += 1), { id: uuidV7(), alias: `Perezosa ${i}` })),
      ),
    );
    expect(inserted).toBe(12_000);
    expect(mostBuiltAhead).toBe(5_000);
  });

  it('refuses names that are not plain identifiers', async () => {
    await expect(inTransaction(poolOf(ctx.db), (client) => bulkInsert(client, 'Survivor"; DROP TABLE "Case', { id: 'uuid' }, [{ id: uuidV7() }]))).rejects.toThrow(
      /invalid table, column or type name/,
    );
  });
});

describe('uuidV7', () => {
  it('makes version 7 UUIDs that sort by time', () => {
    const a = uuidV7(1_700_000_000_000);
    const b = uuidV7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(a.slice(0, 13)).toBe('018bcfe5-6800');
  });

  it('keeps the order ids were made in, within a millisecond too, and never repeats one', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidV7());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
  });
});
