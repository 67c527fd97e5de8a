import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { MAINTENANCE_QUEUE, RETENTION_SCHEDULER_ID } from '../../src/scheduling/maintenance-jobs.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';

const DAY = 86_400_000;
/** Every second, so the test sees a run without waiting for 03:30. */
const EVERY_SECOND = '* * * * * *';

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ env: { RETENTION_SCHEDULE: EVERY_SECOND, RETENTION_DAYS: '180', RETENTION_UNKNOWN_DAYS: '30' } });
});

afterAll(async () => {
  await t?.stop();
});

describe('retention inside the service', () => {
  it('is a repeatable job on the configured schedule that purges closed cases and silent unknown numbers', async () => {
    const queue = new Queue(MAINTENANCE_QUEUE, { connection: { url: t.config.REDIS_URL }, prefix: t.config.QUEUE_PREFIX });
    try {
      expect(await queue.getJobScheduler(RETENTION_SCHEDULER_ID)).toMatchObject({ pattern: EVERY_SECOND, tz: 'America/Cancun' });
    } finally {
      await queue.close();
    }

    const { db } = t.service;
    const cipher = new FieldCipher(t.config.DATA_KEYS);
    const hash = phoneHasher(t.config.PHONE_HASH_KEY);
    const ago = (days: number) => new Date(Date.now() - days * DAY);
    const survivor = await db.survivor.create({ data: { alias: 'Retención' } });
    const closed = await db.case.create({ data: { survivorId: survivor.id, status: 'closed', closedAt: ago(200) } });
    await db.contact.create({
      data: { caseId: closed.id, direction: 'inbound', channel: 'simulator', author: 'survivor', status: 'received', textCipher: cipher.encrypt('Estoy bien') },
    });
    const sender = await db.unknownSender.create({
      data: { phoneCipher: cipher.encrypt('+5219980000093'), phoneHash: hash('+5219980000093'), lastSeenAt: ago(45) },
    });
    await db.contact.create({
      data: { unknownSenderId: sender.id, direction: 'inbound', channel: 'simulator', author: 'survivor', status: 'received', textCipher: cipher.encrypt('Hola') },
    });

    await eventually(
      async () => {
        const left = await db.contact.count({ where: { caseId: closed.id, textCipher: { not: null } } });
        const senderLeft = await db.unknownSender.count({ where: { id: sender.id } });
        return left === 0 && senderLeft === 0 ? true : undefined;
      },
      15_000,
      'the scheduled retention run',
    );
    expect(await db.contact.count({ where: { caseId: closed.id } })).toBe(1);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'retention.run', detail: { path: ['casesPurged'], equals: 1 } } });
    expect(audit).toMatchObject({ staffId: null, detail: expect.objectContaining({ via: 'scheduler', unknownSendersRemoved: 1 }) });
  });
});
