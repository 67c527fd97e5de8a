import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startService, type RunningService } from '../../src/service.js';
import { systemClock } from '../../src/app/system-clock.js';
import { quoteIdentifier } from '../../src/persistence/ensure-database.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { capturedLog } from '../support/captured-log.js';
import { databaseUrl, TEST_POSTGRES_URL } from '../support/environment.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createTestRedis, type TestRedis } from '../support/test-redis.js';

const run = promisify(execFile);
const PLAN = fileURLToPath(new URL('../checkins/fixtures/plan-primer.yaml', import.meta.url));
const restoredName = `acompana_restore_${process.pid}_${Date.now()}`;
let original: TestService;
let restored: RunningService | undefined;
let restoredRedis: TestRedis;
let dir: string;
const caseIds: string[] = [];

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: loadConfig({ DATABASE_URL: TEST_POSTGRES_URL }).DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acompana-backup-'));
  original = await startTestService({ env: { CHECKIN_PLAN: PLAN, QUIET_HOURS: 'none' } });
  const privacy = { cipher: new FieldCipher(original.config.DATA_KEYS), hashPhone: phoneHasher(original.config.PHONE_HASH_KEY) };
  for (let i = 0; i < 3; i += 1) {
    const { caseId } = await createConsentingCase(original.service.db, privacy, { interventionAt: new Date() });
    await original.service.checkIns.enroll(caseId);
    caseIds.push(caseId);
  }
  await createStaffAccount(original.service.db, { role: 'coordinator', email: 'coordina@respaldo.test' });
  restoredRedis = createTestRedis();
});

afterAll(async () => {
  await restored?.close();
  await restoredRedis?.clean();
  await original?.stop();
  await admin(`DROP DATABASE IF EXISTS ${quoteIdentifier(restoredName)} WITH (FORCE)`);
  await rm(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('restores a pg_dump of the running service into a fresh database that starts, shows every case, and rebuilds Redis', async () => {
    const dump = join(dir, 'acompana.dump');
    // While the service runs: pg_dump takes a consistent snapshot without stopping it.
    await run('pg_dump', ['--format=custom', '--no-owner', '--file', dump, '--dbname', original.database.url]);
    await admin(`CREATE DATABASE ${quoteIdentifier(restoredName)} TEMPLATE template0`);
    const restoredUrl = loadConfig({ DATABASE_URL: databaseUrl(restoredName) }).DATABASE_URL;
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', restoredUrl, dump]);

    // A new Redis (an empty prefix): nothing of the old queues survives, as after losing Redis.
    const config = loadConfig({
      DATABASE_URL: restoredUrl,
      REDIS_URL: restoredRedis.url,
      QUEUE_PREFIX: restoredRedis.prefix,
      CHECKIN_PLAN: PLAN,
      QUIET_HOURS: 'none',
      MIGRATE_ON_START: 'true',
    });
    restored = await startService(config, { log: capturedLog('silent').log, clock: systemClock });

    const coordinator = new ConsoleClient(restored.server);
    expect((await coordinator.signIn('coordina@respaldo.test')).statusCode).toBe(303);
    const inbox = await coordinator.get('/');
    for (const caseId of caseIds) {
      expect(inbox.body).toContain(caseId);
      expect((await coordinator.get(`/casos/${caseId}`)).statusCode).toBe(200);
    }

    const scheduled = await restored.db.checkIn.findMany({ where: { caseId: { in: caseIds }, status: 'scheduled' }, select: { id: true } });
    expect(scheduled.length).toBeGreaterThan(0);
    const armed = new Set((await restored.checkIns.deps.scheduler.scheduledJobs()).map((job) => job.checkInId));
    for (const { id } of scheduled) expect(armed).toContain(id);
  });
});
