import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/persistence/database.js';
import { refreshPlannerStatistics } from '../../src/persistence/planner-statistics.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { querySql } from '../support/query-sql.js';

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabase(database.url);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** What the planner believes a table holds (`-1`: never analyzed or vacuumed). */
async function believedRows(table: string): Promise<number> {
  const rows = await querySql<{ reltuples: number }>(database.url, `SELECT reltuples FROM pg_class WHERE relname = $1`, [table]);
  return Number(rows[0]!.reltuples);
}

describe('refreshPlannerStatistics', () => {
  it('analyzes nothing on an empty database', async () => {
    expect(await refreshPlannerStatistics(db)).toEqual([]);
  });

  it('analyzes the tables an import filled behind the planner, then nothing more', async () => {
    await querySql(
      database.url,
      `WITH s AS (INSERT INTO "Survivor" (id, alias) SELECT gen_random_uuid(), 'Importada' FROM generate_series(1, 2000) RETURNING id)
       INSERT INTO "Case" (id, "survivorId") SELECT gen_random_uuid(), id FROM s`,
    );
    expect(await believedRows('Case')).toBe(-1);

    expect(await refreshPlannerStatistics(db)).toEqual(['Case', 'Survivor']);
    expect(await believedRows('Case')).toBe(2000);
    expect(await believedRows('Survivor')).toBe(2000);
    expect(await refreshPlannerStatistics(db)).toEqual([]);
  });
});
