import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { quoteIdentifier } from '../../src/persistence/ensure-database.js';
import { databaseUrl, TEST_POSTGRES_URL } from './environment.js';

/** A database of one test file's own, copied from the migrated template. */
export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database (closing any connection left to it). */
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: loadConfig({ DATABASE_URL: TEST_POSTGRES_URL }).DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh, migrated database for the calling test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `acompana_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(inject('templateDatabase'))}`));
  const url = loadConfig({ DATABASE_URL: databaseUrl(name) }).DATABASE_URL;
  return {
    name,
    url,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`)).then(() => undefined),
  };
}
