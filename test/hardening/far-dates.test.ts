import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { reconcileCheckIns } from '../../src/app/checkins/reconcile.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { createTestRedis } from '../support/test-redis.js';
import { capturedLog } from '../support/captured-log.js';
import { loadConfig } from '../../src/config/load.js';
import { startService } from '../../src/service.js';
import { systemClock } from '../../src/app/system-clock.js';

const PLAN = fileURLToPath(new URL('../checkins/fixtures/plan-primer.yaml', import.meta.url));
let t: TestService;
let caseId: string;
let coordinator: ConsoleClient;

beforeAll(async () => {
  t = await startTestService({ env: { CHECKIN_PLAN: PLAN, QUIET_HOURS: 'none' } });
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  ({ caseId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() }));
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coordina@far.test' });
  coordinator = new ConsoleClient(t.service.server);
  expect((await coordinator.signIn('coordina@far.test')).statusCode).toBe(303);
});

afterAll(async () => {
  await t?.stop();
});

const rowsOfCase = () => t.service.db.checkIn.count({ where: { caseId, planItem: null } });

describe('dates far ahead', () => {
  it('refuses a check-in in year 9999 from the console form, saving nothing, and the case page still answers', async () => {
    const before = await rowsOfCase();
    const answer = await coordinator.post(`/casos/${caseId}/seguimientos`, { flujo: 'primer-contacto', fecha: '9999-12-31T23:59' }, { accept: 'application/json' });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ field: 'fecha' });
    expect(await rowsOfCase()).toBe(before);
    expect((await coordinator.get(`/casos/${caseId}`)).statusCode).toBe(200);
  });

  it('refuses one three years ahead from the JSON API, naming the field', async () => {
    const at = new Date(Date.now() + 3 * 366 * 86_400_000).toISOString();
    const answer = await coordinator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/checkins`,
      headers: { 'x-csrf-token': coordinator.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ flow: 'primer-contacto', at }),
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ field: 'at' });
  });

  it('refuses a video-call session years ahead', async () => {
    const psychologistId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi@far.test' });
    const startsAt = new Date(Date.now() + 5 * 366 * 86_400_000).toISOString();
    const answer = await coordinator.request({
      method: 'POST',
      url: '/api/appointments',
      headers: { 'x-csrf-token': coordinator.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ caseId, staffId: psychologistId, startsAt }),
    });
    expect(answer.statusCode).toBe(422);
    expect(await t.service.db.appointment.count({ where: { caseId } })).toBe(0);
  });

  it('reconciles every other check-in when one row cannot be armed, and logs its id', async () => {
    const good = await t.service.db.checkIn.create({
      data: { caseId, flowId: 'primer-contacto', plannedAt: new Date(Date.now() + 86_400_000), dueAt: new Date(Date.now() + 86_400_000) },
    });
    const bad = await t.service.db.checkIn.create({
      data: { caseId, flowId: 'primer-contacto', plannedAt: new Date(Date.now() + 86_400_000), dueAt: new Date(Date.now() + 86_400_000) },
    });
    // A row saved before dates were bounded: past what a JavaScript date can hold once read back.
    await t.service.db.$executeRawUnsafe(`UPDATE "CheckIn" SET "dueAt" = '290000-01-01T00:00:00Z' WHERE id = $1::uuid`, bad.id);
    const report = await reconcileCheckIns(t.service.checkIns.deps);
    expect(report.failed).toBeGreaterThanOrEqual(1);
    const armed = (await t.service.checkIns.deps.scheduler.scheduledJobs()).map((job) => job.checkInId);
    expect(armed).toContain(good.id);
    expect(t.logText()).toContain(bad.id);
    expect((await coordinator.get(`/casos/${caseId}`)).statusCode).toBe(200);
  });

  it('starts a second service over that database: the start survives the row it cannot arm', async () => {
    const redis = createTestRedis();
    const config = loadConfig({
      DATABASE_URL: t.database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      MIGRATE_ON_START: 'false',
      CHECKIN_PLAN: PLAN,
      QUIET_HOURS: 'none',
    });
    const { log, text } = capturedLog('info');
    const second = await startService(config, { log, clock: systemClock });
    try {
      expect((await second.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect(text()).toContain('check-in could not be reconciled');
    } finally {
      await second.close();
      await redis.clean();
    }
  });
});
