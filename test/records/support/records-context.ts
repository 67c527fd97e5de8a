import pg from 'pg';
import { loadConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import type { Logger } from '../../../src/observability/logger.js';
import { createDatabase, type Database } from '../../../src/persistence/database.js';
import type { PrivacyTools } from '../../../src/persistence/conversation-store.js';
import { FieldCipher } from '../../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../../src/privacy/phone-hash.js';
import type { Clock } from '../../../src/app/ports.js';
import { capturedLog } from '../../support/captured-log.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import type { CheckInPlanning } from '../../../src/app/checkins/plan-check-ins.js';
import { loadCheckInPlanning } from '../../../src/cli/records/check-in-planning.js';

/** A test file's own database with the records' tools: Prisma client, keys, a captured log. */
export interface RecordsContext {
  database: TestDatabase;
  config: Config;
  db: Database;
  privacy: PrivacyTools;
  /** The shipped check-in plan and the configured contact hours, as the import command loads them. */
  checkIns: CheckInPlanning;
  log: Logger;
  /** Every log line so far, as raw JSON text. */
  logText(): string;
  /** Runs SQL on the raw tables with `pg`, bypassing Prisma. */
  sql<T = Record<string, unknown>>(query: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** Creates the context; call `close()` in `afterAll`. */
export async function createRecordsContext(env: Record<string, string> = {}): Promise<RecordsContext> {
  const database = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'info', ...env });
  const db = createDatabase(config.DATABASE_URL);
  const planning = await loadCheckInPlanning(config);
  if (!planning.ok) throw new Error(planning.problems.join('\n'));
  const captured = capturedLog();
  let raw: pg.Client | undefined;
  return {
    database,
    config,
    db,
    privacy: { cipher: new FieldCipher(config.DATA_KEYS), hashPhone: phoneHasher(config.PHONE_HASH_KEY) },
    checkIns: planning.planning,
    log: captured.log,
    logText: captured.text,
    async sql<T>(query: string, values: unknown[] = []) {
      if (!raw) {
        raw = new pg.Client({ connectionString: database.url });
        await raw.connect();
      }
      return (await raw.query(query, values)).rows as T[];
    },
    async close() {
      await raw?.end();
      await db.$disconnect();
      await database.drop();
    },
  };
}

/** A clock that says what the test tells it to. */
export function fixedClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => now, set: (next) => (now = new Date(next)) };
}

/** Every table of the case database. */
export const TABLES = [
  'Staff',
  'Survivor',
  'ChannelIdentity',
  'Case',
  'Intervention',
  'BanavimRecord',
  'CheckIn',
  'CaseNote',
  'Alert',
  'StaffSession',
  'Consent',
  'FlowSession',
  'Contact',
  'UnknownSender',
  'AuditLog',
] as const;

/** A stable text dump of every row of every table (bytea as hex), to compare states of the database. */
export async function dumpTables(ctx: RecordsContext, tables: readonly string[] = TABLES): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await ctx.sql<{ row: string }>(`SELECT t::text AS row FROM "${table}" t ORDER BY t::text`);
    dump[table] = rows.map((r) => r.row);
  }
  return dump;
}

