import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { FieldCipher } from '../../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../../src/privacy/phone-hash.js';
import { startService, type RunningService } from '../../../src/service.js';
import { systemClock } from '../../../src/app/system-clock.js';
import { OUTSIDE_SAFE_HOURS } from '../../../src/app/send-outbound.js';
import type { PrivacyTools } from '../../../src/persistence/conversation-store.js';
import { capturedLog } from '../../support/captured-log.js';
import { createConsentingCase } from '../../support/demo-case.js';
import { adjustableClock } from '../../support/adjustable-clock.js';
import { eventually } from '../../support/test-service.js';
import { queuesIdle } from '../../support/queues-idle.js';
import { startCloudApiService, type CloudApiService } from '../support/cloud-api-service.js';
import { webhookBody } from '../support/webhook-body.js';

const ZONE = 'America/Cancun';

/** Cases with one check-in each of the opening flow, due at `dueAt(i)`; armed by the reconciler. */
async function seedDueCheckIns(service: RunningService, privacy: PrivacyTools, count: number, dueAt: (i: number) => Date) {
  const cases: { caseId: string; digits: string; dueAt: Date }[] = [];
  for (let i = 0; i < count; i += 1) {
    const { caseId, phone } = await createConsentingCase(service.db, privacy, { interventionAt: new Date(Date.now() - 13 * 3600 * 1000), alias: `Flor ${i}` });
    cases.push({ caseId, digits: phone.slice(1), dueAt: dueAt(i) });
  }
  await service.db.checkIn.createMany({
    data: cases.map((c, i) => ({ caseId: c.caseId, planItem: `burst-${i}`, flowId: 'primer-contacto', plannedAt: c.dueAt, dueAt: c.dueAt })),
  });
  await service.checkIns.reconcile();
  return cases;
}

function privacyOf(cloud: CloudApiService): PrivacyTools {
  return { cipher: new FieldCipher(cloud.t.config.DATA_KEYS), hashPhone: phoneHasher(cloud.t.config.PHONE_HASH_KEY) };
}

describe('Cloud API pacing across two service instances sharing Redis', () => {
  const RATE = 5;
  let cloud: CloudApiService;
  let second: RunningService;
  const secondLog = capturedLog('info');

  beforeAll(async () => {
    cloud = await startCloudApiService({ CLOUD_API_MESSAGES_PER_SECOND: String(RATE), WORKER_CONCURRENCY: '4' });
    // A second process's worth of roles on the same database, queues and number.
    second = await startService(cloud.t.config, { log: secondLog.log, clock: systemClock });
  });
  afterAll(async () => {
    await second?.close();
    await cloud?.stop();
  });

  it(`holds ${RATE} messages per second at the Graph API, sends each message once, and opens the check-ins in due order`, async () => {
    const start = Date.now() + 1_000;
    // Every check-in opens with one message (greeting and question together): 32 check-ins for 32 sends.
    const cases = await seedDueCheckIns(cloud.t.service, privacyOf(cloud), 32, (i) => new Date(start + i * 100));
    await eventually(async () => (cloud.graph.requests.length >= cases.length ? true : undefined), 30_000, 'every opener sent');
    await queuesIdle(cloud.t.service.queues);

    expect(cloud.graph.requests).toHaveLength(cases.length);
    // Counted in calendar seconds, as a limit is: a send whose turn came at the very end of one second
    // and left a few ms late adds one to the next, and one held up by a busy event loop can arrive
    // together with the next (unpaced, the 32 messages arrive within a second or two).
    expect(cloud.graph.maxPerSecond()).toBeLessThanOrEqual(RATE + 2);
    for (const c of cases) expect(cloud.graph.to(c.digits)).toHaveLength(1);
    const sent = await cloud.t.service.db.contact.count({ where: { direction: 'outbound', status: 'sent' } });
    expect(sent).toBe(cases.length);
    // Every check-in fired, by whichever instance's worker took it (BullMQ's choice: on a busy
    // machine one may take them all). That one rate holds across connections, whatever the split, is
    // shown on the pacer itself in test/channels/shared/redis-send-pacer.test.ts.
    const fired = (text: string) => text.split('\n').filter((line) => line.includes('check-in fired')).length;
    expect(fired(cloud.t.logText()) + fired(secondLog.text())).toBeGreaterThanOrEqual(cases.length);

    // Due order: a check-in's opener reaches WhatsApp fewer places from its place in due order than
    // there are sends under way at once (two instances of four outbound workers each).
    const firstSent = cases.map((c) => cloud.graph.requests.findIndex((r) => r.body['to'] === c.digits));
    const rankBySend = [...firstSent].sort((a, b) => a - b);
    const displacement = firstSent.map((index, dueRank) => Math.abs(rankBySend.indexOf(index) - dueRank));
    expect(Math.max(...displacement)).toBeLessThan(2 * 4);
  }, 60_000);
});

describe('a check-in paced past the end of her safe window', () => {
  const clock = adjustableClock();
  let cloud: CloudApiService;

  beforeAll(async () => {
    cloud = await startCloudApiService({ CLOUD_API_MESSAGES_PER_SECOND: '2', CONTACT_WINDOWS: '1-7 10:00-19:00', QUIET_HOURS: 'none' }, { clock });
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  it('is held back and moved to her next safe moment, never sent after her window closed', async () => {
    // The service's clock now reads 13 s before her window closes at 19:00 (America/Cancun): 8 s in
    // which a message may still be started (none starts in the last 5 s).
    const windowEnd = DateTime.now().setZone(ZONE).set({ hour: 19, minute: 0, second: 0, millisecond: 0 }).plus({ days: 1 });
    clock.advance(windowEnd.toMillis() - 13_000 - clock.now().getTime());
    const offset = clock.now().getTime() - Date.now();
    // Twenty-four one-message openers at 2 messages per second: 12 s of sending for 8 s of window left.
    const cases = await seedDueCheckIns(cloud.t.service, privacyOf(cloud), 24, () => clock.now());
    const ids = cases.map((c) => c.caseId);
    await eventually(
      async () => {
        const rows = await cloud.t.service.db.checkIn.findMany({ where: { caseId: { in: ids } } });
        const settled = rows.every((r) => r.status === 'sent' || (r.status === 'scheduled' && r.dueAt.getTime() > windowEnd.toMillis()));
        return settled && (await cloud.t.service.db.contact.count({ where: { caseId: { in: ids }, status: 'sending' } })) === 0 ? rows : undefined;
      },
      30_000,
      'every check-in sent or moved',
    );
    await queuesIdle(cloud.t.service.queues);

    for (const request of cloud.graph.requests) expect(request.at + offset).toBeLessThan(windowEnd.toMillis());
    expect(cloud.graph.requests.length).toBeGreaterThan(0);
    const held = await cloud.t.service.db.contact.findMany({ where: { caseId: { in: ids }, errorCode: OUTSIDE_SAFE_HOURS } });
    expect(held.length).toBeGreaterThan(0);
    const moved = await cloud.t.service.db.checkIn.findMany({ where: { caseId: { in: ids }, status: 'scheduled' } });
    expect(moved.length).toBeGreaterThan(0);
    const nextMorning = windowEnd.plus({ days: 1 }).set({ hour: 10 }).toMillis();
    for (const row of moved) expect(row.dueAt.getTime()).toBe(nextMorning);
    const sent = await cloud.t.service.db.contact.findMany({ where: { caseId: { in: ids }, direction: 'outbound', status: 'sent' } });
    expect(cloud.graph.requests.length).toBe(sent.length);
  }, 60_000);
});

describe('a check-in waiting for its slot at the Graph API', () => {
  let cloud: CloudApiService;

  beforeAll(async () => {
    // One message every three seconds: the second opener waits for its slot long enough to be withdrawn.
    cloud = await startCloudApiService({ CLOUD_API_MESSAGES_PER_SECOND: '0.33' });
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  it('is not sent once her BAJA withdrew it while it waited', async () => {
    const cases = await seedDueCheckIns(cloud.t.service, privacyOf(cloud), 2, () => new Date());
    const first = await eventually(async () => cloud.graph.requests[0], 10_000, 'the first opener sent');
    const waiting = cases.find((c) => c.digits !== first.body['to'])!;
    const claimed = await eventually(
      async () => (await cloud.t.service.db.contact.findFirst({ where: { caseId: waiting.caseId, direction: 'outbound', status: 'sending' } })) ?? undefined,
      5_000,
      'the second opener claimed, waiting for its slot',
    );
    const baja = { from: waiting.digits, id: `wamid.BAJA-${waiting.digits}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'BAJA' } };
    expect((await cloud.webhook(webhookBody({ messages: [baja], waId: waiting.digits }))).statusCode).toBe(200);
    await eventually(async () => (cloud.graph.to(waiting.digits).length >= 1 ? true : undefined), 15_000, 'her opt-out confirmed');
    await queuesIdle(cloud.t.service.queues, 15_000);

    expect(await cloud.t.service.db.contact.findUniqueOrThrow({ where: { id: claimed.id } })).toMatchObject({ status: 'failed', errorCode: 'CANCELLED_OPT_OUT' });
    // Only the confirmation of her opt-out reached her: never the opener she withdrew.
    expect(cloud.graph.to(waiting.digits)).toHaveLength(1);
    expect(cloud.graph.to(waiting.digits)[0]!.body['type']).toBe('text');
    expect(cloud.graph.to(waiting.digits)[0]!.body['text']?.body).not.toMatch(/buen momento/);
  }, 40_000);
});
