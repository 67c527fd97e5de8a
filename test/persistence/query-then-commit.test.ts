import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { queryThenCommit } from '../../src/persistence/query-then-commit.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
let client: pg.Client;
let observer: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  observer = new pg.Client({ connectionString: database.url });
  await Promise.all([client.connect(), observer.connect()]);
  await client.query(`CREATE TABLE kept (id int PRIMARY KEY, note text NOT NULL,
    parent int REFERENCES kept DEFERRABLE INITIALLY DEFERRED)`);
});

afterAll(async () => {
  await Promise.all([client?.end(), observer?.end()]);
  await database?.drop();
});

const kept = async () => (await observer.query<{ id: number }>('SELECT id FROM kept ORDER BY id')).rows.map((r) => r.id);

describe('queryThenCommit', () => {
  it('commits the statement with the transaction, named statements prepared once per connection', async () => {
    for (const id of [1, 2]) {
      await client.query('BEGIN');
      await queryThenCommit(client, { name: 'kept-insert', text: 'INSERT INTO kept (id, note) VALUES ($1, $2)', values: [id, 'uno'] });
      expect((await client.query<{ open: boolean }>('SELECT now() <> statement_timestamp() AS open')).rows[0]?.open).toBe(false);
    }
    expect(await kept()).toEqual([1, 2]);
  });

  it('commits nothing when the statement fails, and leaves the connection usable after ROLLBACK', async () => {
    await client.query('BEGIN');
    await client.query(`INSERT INTO kept (id, note) VALUES (3, 'antes')`);
    await expect(queryThenCommit(client, { text: 'INSERT INTO kept (id, note) VALUES ($1, $2)', values: [1, 'repetido'] })).rejects.toMatchObject({ code: '23505' });
    // The transaction is still open and failed: COMMIT did not run.
    await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
    await client.query('ROLLBACK');
    expect(await kept()).toEqual([1, 2]);
    expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
  });

  it('rejects when COMMIT itself fails, and nothing of the transaction stays', async () => {
    await client.query('BEGIN');
    // A deferred key checked only at COMMIT: the statement succeeds, the commit does not.
    await expect(queryThenCommit(client, { text: 'INSERT INTO kept (id, note, parent) VALUES ($1, $2, $3)', values: [4, 'huérfana', 99] })).rejects.toMatchObject({
      code: '23503',
    });
    expect(await kept()).toEqual([1, 2]);
    expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
  });
});
