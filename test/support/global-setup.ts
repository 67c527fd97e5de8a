import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import { buildProjectIfStale } from '../../scripts/build/compile.mjs';
import { loadConfig } from '../../src/config/load.js';
import { migrateDatabase } from '../../src/persistence/migrate.js';
import { ensureDatabase, quoteIdentifier } from '../../src/persistence/ensure-database.js';
import { databaseUrl, TEST_POSTGRES_URL } from './environment.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Builds one migrated template database per run with Prisma's `migrate deploy`; each test file then
 * copies it (`CREATE DATABASE … TEMPLATE`), which takes milliseconds, and drops its copy. Compiles
 * `src/` into `dist/` first when it changed, once for the run: the tests that start the service as its
 * own process run the build, as `npm start` does, and must run the code under test.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await buildProjectIfStale(fileURLToPath(new URL('../../', import.meta.url)));
  const template = `acompana_tpl_${randomBytes(4).toString('hex')}`;
  const url = loadConfig({ DATABASE_URL: databaseUrl(template) }).DATABASE_URL;
  await ensureDatabase(url);
  await migrateDatabase(url);
  project.provide('templateDatabase', template);
  return async () => {
    const admin = new pg.Client({ connectionString: loadConfig({ DATABASE_URL: TEST_POSTGRES_URL }).DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(template)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
}
