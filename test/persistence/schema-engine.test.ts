/**
 * End-to-end check of the offline schema engine shim (`prisma/engine/`): the real Prisma CLI runs
 * `migrate deploy` / `migrate status` / `migrate diff` through it against a fresh PostgreSQL database,
 * using a toy schema and migrations directory in a temporary folder.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaEngineExecutable } from '../../prisma/engine/locate.mjs';
import { databaseUrl, TEST_POSTGRES_URL } from '../support/environment.js';

const TIMEOUT = 60_000;

const SCHEMA = `
datasource db {
  provider = "postgresql"
}

enum Role {
  ADMIN
  MEMBER
}

model Account {
  id        Int       @id @default(autoincrement())
  email     String    @unique
  role      Role      @default(MEMBER)
  settings  Json?
  avatar    Bytes?
  createdAt DateTime  @default(now())
  notes     Note[]
}

model Note {
  id        Int     @id @default(autoincrement())
  title     String
  accountId Int
  account   Account @relation(fields: [accountId], references: [id], onDelete: Cascade)

  @@unique([accountId, title])
}
`;

const INIT_MIGRATION = `-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'MEMBER');

-- CreateTable
CREATE TABLE "Account" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'MEMBER',
    "settings" JSONB,
    "avatar" BYTEA,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Note" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_email_key" ON "Account"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Note_accountId_title_key" ON "Note"("accountId", "title");

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand (Prisma cannot express it): describing it reads pg_constraint's "char" columns.
ALTER TABLE "Note" ADD CONSTRAINT "Note_title_not_empty" CHECK ("title" <> '');
`;

/** A migration that fails half-way: its first statement must be rolled back with the rest. */
const FAILING_MIGRATION = `CREATE TABLE "Partial" ("id" INTEGER);
-- a ';' inside a string literal must not split the script: 'a;b'
SELECT 'a;b' FROM "DoesNotExist";
`;

const database = `schema_engine_test_${randomBytes(4).toString('hex')}`;
const url = databaseUrl(database);
let workDir: string;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the project's Prisma CLI with the shim as schema engine, against the test database. */
function prisma(...args: string[]): Promise<CliResult> {
  const require = createRequire(import.meta.url);
  const packageJsonPath = require.resolve('prisma/package.json');
  const cli = join(dirname(packageJsonPath), 'build', 'index.js');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args, '--config', join(workDir, 'prisma.config.ts')],
      {
        cwd: workDir,
        env: {
          ...process.env,
          DATABASE_URL: url,
          PRISMA_SCHEMA_ENGINE_BINARY: schemaEngineExecutable(),
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
          NO_COLOR: '1',
        },
        timeout: TIMEOUT,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs one query on a short-lived connection to `connectionUrl` (no user in the URL: the OS user, as libpq does). */
async function query<T extends pg.QueryResultRow>(connectionUrl: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const parsed = new URL(connectionUrl);
  if (!parsed.username) parsed.username = process.env.PGUSER || userInfo().username;
  const client = new pg.Client({ connectionString: parsed.toString() });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('offline schema engine shim (prisma/engine/schema-engine)', () => {
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'schema-engine-test-'));
    await writeFile(join(workDir, 'schema.prisma'), SCHEMA);
    // A plain object is a valid Prisma config; importing 'prisma/config' would not resolve from a temp folder.
    await writeFile(
      join(workDir, 'prisma.config.ts'),
      `export default {\n  schema: 'schema.prisma',\n  migrations: { path: 'migrations' },\n  datasource: { url: process.env.DATABASE_URL },\n};\n`,
    );
    await mkdir(join(workDir, 'migrations', '20240101000000_init'), { recursive: true });
    await writeFile(join(workDir, 'migrations', '20240101000000_init', 'migration.sql'), INIT_MIGRATION);
    await writeFile(join(workDir, 'migrations', 'migration_lock.toml'), 'provider = "postgresql"\n');
  }, TIMEOUT);

  afterAll(async () => {
    try {
      const leftovers = await query<{ datname: string }>(
        TEST_POSTGRES_URL,
        `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
        [database, `${database}_shadow_%`],
      );
      for (const { datname } of leftovers) {
        await query(TEST_POSTGRES_URL, `DROP DATABASE IF EXISTS "${datname.replaceAll('"', '""')}" WITH (FORCE)`);
      }
    } finally {
      if (workDir) await rm(workDir, { recursive: true, force: true });
    }
  }, TIMEOUT);

  it('migrate deploy creates the database and applies the migration', async () => {
    const result = await prisma('migrate', 'deploy');
    expect(result.stderr + result.stdout).not.toMatch(/ENOTFOUND|binaries\.prisma\.sh/);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`database ${database} created`);
    expect(result.stdout).toContain('20240101000000_init');
    expect(result.stdout).toContain('All migrations have been successfully applied.');

    const tables = await query<{ tablename: string }>(
      url,
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    expect(tables.map((t) => t.tablename)).toEqual(['Account', 'Note', '_prisma_migrations']);
    const [role] = await query<{ labels: string[] }>(
      url,
      `SELECT array_agg(enumlabel::text ORDER BY enumsortorder) AS labels FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'Role'`,
    );
    expect(role?.labels).toEqual(['ADMIN', 'MEMBER']);
    const applied = await query<{ migration_name: string; finished: boolean }>(
      url,
      `SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations`,
    );
    expect(applied).toEqual([{ migration_name: '20240101000000_init', finished: true }]);
  }, TIMEOUT);

  it('migrate status reports the database as up to date', async () => {
    const result = await prisma('migrate', 'status');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('1 migration found in prisma/migrations');
    expect(result.stdout).toContain('Database schema is up to date!');
  }, TIMEOUT);

  it('a second migrate deploy is a no-op', async () => {
    const result = await prisma('migrate', 'deploy');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No pending migrations to apply.');
  }, TIMEOUT);

  it('the migrated database has no drift from the Prisma schema (migrate diff)', async () => {
    const result = await prisma(
      'migrate', 'diff', '--from-config-datasource', '--to-schema', join(workDir, 'schema.prisma'), '--exit-code',
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
  }, TIMEOUT);

  it('migrate diff renders the SQL script between empty and the schema', async () => {
    const output = join(workDir, 'from-empty.sql');
    const result = await prisma('migrate', 'diff', '--from-empty', '--to-schema', join(workDir, 'schema.prisma'), '--script', '--output', output);
    expect(result.code, result.stderr).toBe(0);
    const script = await readFile(output, 'utf8');
    expect(script).toContain('CREATE TYPE "Role" AS ENUM');
    expect(script).toContain('CREATE TABLE "Account"');
    expect(script).toContain('CREATE UNIQUE INDEX "Note_accountId_title_key"');
  }, TIMEOUT);

  it('a failing migration is reported and rolled back as a whole', async () => {
    await mkdir(join(workDir, 'migrations', '20240102000000_broken'));
    await writeFile(join(workDir, 'migrations', '20240102000000_broken', 'migration.sql'), FAILING_MIGRATION);

    const result = await prisma('migrate', 'deploy');
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('20240102000000_broken');

    const partial = await query(url, `SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'Partial'`);
    expect(partial).toHaveLength(0);
    const status = await prisma('migrate', 'status');
    expect(status.code).not.toBe(0);
    expect(status.stdout + status.stderr).toMatch(/failed/i);
  }, TIMEOUT);
});
