/**
 * Cost that does not grow with the data: the message path (recipient lookup, the locked turn, the
 * claim and the mark of its replies) reads no growing table sequentially, even on a database whose
 * planner knows nothing (never analyzed, autovacuum off, as after a restore or a bulk import) and with
 * every prepared statement on its generic plan, made while the tables were nearly empty.
 *
 * PostgreSQL's own counters (`pg_stat_user_tables.seq_scan`, `seq_tup_read`) tell what was read: they do
 * not depend on how loaded the machine is, so this is a correctness check, not a timed one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowRegistry } from '../../src/app/flow-registry.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { poolOf } from '../../src/persistence/database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { querySql } from '../support/query-sql.js';
import { seedSurvivors, sendNext, shippedFlows, watchDeliveries, type ScriptedSurvivor } from '../support/scripted-survivors.js';

const SCRIPT = ['Hola', '1', '2'];
/** Rows added behind the planner's back once the statements have their generic plans. */
const IMPORTED_CASES = 5_000;
const IMPORTED_CONTACTS = 60_000;

/** Tables the message path touches that grow with cases and messages. */
const GROWING = ['Survivor', 'Case', 'Consent', 'Contact', 'FlowSession', 'FlowResult', 'CheckIn', 'Appointment', 'Alert', 'AuditEvent', 'UnknownSender'];

interface TableReads {
  relname: string;
  seq_scan: string;
  seq_tup_read: string;
  idx_tup_fetch: string;
}

/** Rows a message may fetch from one table through its indexes: its own rows and a few of her case's, whatever the table holds. */
const FETCHED_PER_MESSAGE = 25;

let database: TestDatabase;
let test: TestService;
let gatewayUrl: string;
let flows: FlowRegistry;
let privacy: PrivacyTools;

/** Sequential scans, rows read by them and rows fetched through indexes so far, by table (once every backend reported its counters). */
async function tableReads(): Promise<Map<string, { scans: number; rows: number; fetched: number }>> {
  // A backend reports its counters at the end of a transaction at most once a second, and one that
  // went idle with counters not yet reported does so ten seconds later (PostgreSQL 15).
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  const rows = await querySql<TableReads>(
    database.url,
    `SELECT relname, seq_scan::text, seq_tup_read::text, coalesce(idx_tup_fetch, 0)::text AS idx_tup_fetch FROM pg_stat_user_tables`,
  );
  return new Map(rows.map((r) => [r.relname, { scans: Number(r.seq_scan), rows: Number(r.seq_tup_read), fetched: Number(r.idx_tup_fetch) }]));
}

/** Each survivor writes the script, one message after the replies to the previous one arrived. */
async function converse(survivors: ScriptedSurvivor[]): Promise<number> {
  const watch = await watchDeliveries(test.config.REDIS_URL, test.config.QUEUE_PREFIX);
  try {
    await Promise.all(
      survivors.map(async (survivor) => {
        for (const text of SCRIPT) {
          await sendNext(gatewayUrl, flows, survivor, text);
          await eventually(async () => (watch.count(survivor.phone) >= survivor.expected ? true : undefined), 60_000, 'her replies');
        }
      }),
    );
  } finally {
    watch.close();
  }
  await queuesIdle(test.service.queues, 30_000);
  return survivors.length * SCRIPT.length;
}

beforeAll(async () => {
  database = await createTestDatabase();
  // The planner's worst case: no statistics ever, none to come, and generic plans from the start.
  const tables = await querySql<{ relname: string }>(database.url, `SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public'`);
  for (const { relname } of tables) await querySql(database.url, `ALTER TABLE "${relname}" SET (autovacuum_enabled = false)`);
  await querySql(database.url, `ALTER DATABASE "${database.name}" SET plan_cache_mode = force_generic_plan`);
  test = await startTestService({ database, env: { RECONCILE_EVERY_SECONDS: '3600', RETENTION_SCHEDULE: 'off' } });
  await test.service.server.listen({ host: '127.0.0.1', port: 0 });
  // As under steady traffic, the service's connections (and the plans they prepared) stay open while
  // the test waits for PostgreSQL's counters, instead of closing after ten idle seconds.
  poolOf(test.service.db).options.idleTimeoutMillis = 0;
  gatewayUrl = `http://127.0.0.1:${(test.service.server.addresses()[0] as { port: number }).port}`;
  flows = await shippedFlows();
  privacy = { cipher: new FieldCipher(test.config.DATA_KEYS), hashPhone: phoneHasher(test.config.PHONE_HASH_KEY) };
}, 60_000);

afterAll(async () => {
  await test?.stop();
}, 60_000);

describe('the message path on a database the planner knows nothing about', () => {
  it('reads no growing table sequentially, per message, once the data has grown', async () => {
    // Every statement of the path prepared and planned while the tables are nearly empty.
    await converse(await seedSurvivors(test.service.db, privacy, 30));

    // An import behind the planner's back: thousands of cases and a long history of messages.
    await querySql(
      database.url,
      `WITH s AS (INSERT INTO "Survivor" (id, alias, "phoneHash")
                  SELECT gen_random_uuid(), 'Importada', 'imported-' || g FROM generate_series(1, ${IMPORTED_CASES}) g RETURNING id)
       INSERT INTO "Case" (id, "survivorId") SELECT gen_random_uuid(), id FROM s`,
    );
    await querySql(
      database.url,
      `INSERT INTO "Contact" (id, "caseId", direction, channel, author, kind, "channelMessageId", status, "createdAt", "statusAt")
       SELECT gen_random_uuid(), c.ids[1 + g % cardinality(c.ids)], CASE WHEN g % 2 = 0 THEN 'inbound' ELSE 'outbound' END::"ContactDirection", 'simulator', 'survivor', 'text',
              'imported-' || g, 'sent', now(), now()
         FROM generate_series(1, ${IMPORTED_CONTACTS}) g, (SELECT array_agg(id) AS ids FROM "Case") c`,
    );
    const analyzed = await querySql<{ n: string }>(database.url, `SELECT count(*)::text AS n FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL`);
    expect(Number(analyzed[0]!.n)).toBe(0);

    const survivors = await seedSurvivors(test.service.db, privacy, 30);
    const before = await tableReads();
    const messages = await converse(survivors);
    const after = await tableReads();

    const delta = (table: string, what: 'scans' | 'rows' | 'fetched') => (after.get(table)?.[what] ?? 0) - (before.get(table)?.[what] ?? 0);
    const seen = Object.fromEntries(
      GROWING.map((table) => [table, { seqScans: delta(table, 'scans'), seqRowsPerMessage: delta(table, 'rows') / messages, fetchedPerMessage: delta(table, 'fetched') / messages }]),
    );
    // A statement on its way to a sequential scan, or to an index scan that walks most of the table,
    // shows here; the second batch of survivors is the same size as the first, so nothing else should.
    for (const table of GROWING) {
      expect(seen[table], table).toMatchObject({ seqScans: 0, seqRowsPerMessage: 0 });
      expect(seen[table]!.fetchedPerMessage, table).toBeLessThanOrEqual(FETCHED_PER_MESSAGE);
    }
  }, 240_000);
});
