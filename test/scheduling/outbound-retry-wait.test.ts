/**
 * How the outbound queue waits when a send cannot go now, through the whole service on whatsapp-web
 * (a fake WhatsApp client at the edge, the real outbox, queues and pacer): a transient failure is
 * retried with the queue's backoff, using an attempt; the daily cap moves the job to tomorrow without
 * using one, and nothing is lost or sent twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { DEMO_PHONE } from '../../src/demo/seed-demo.js';
import { eventually, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import type { FakeWhatsApp } from '../channels/support/fake-whatsapp.js';
import { startReadyDemoService, type WhatsAppWebService } from '../channels/support/whatsapp-web-service.js';

const JID = `${DEMO_PHONE.slice(1)}@c.us`;
const HOUR = 3_600_000;
let t: TestService;
let world: FakeWhatsApp;
let service: WhatsAppWebService;
let caseId: string;

beforeAll(async () => {
  // One reply to her greeting, one failed attempt and its retry: the fourth send finds the cap.
  service = await startReadyDemoService({ WA_DAILY_CAP: '3' });
  ({ t, world } = service);
  caseId = (await t.service.db.case.findFirstOrThrow({ where: { folio: 'DEMO-0001' } })).id;
  world.receive(JID, 'Hola', { id: 'RETRY-IN-1' });
  await eventually(async () => (world.textsTo(JID).length >= 1 ? true : undefined), 10_000, 'the greeting answered');
  await queuesIdle(t.service.queues);
});

afterAll(async () => {
  await service?.stop();
});

/** The outbound job that carries `contactId`, as BullMQ holds it. */
async function jobOf(contactId: string) {
  const jobs = await t.service.queues.outbound.getJobs(['delayed', 'completed', 'failed', 'waiting', 'active']);
  return jobs.find((job) => (job.data as { contactIds?: string[] }).contactIds?.includes(contactId));
}

const lastOutbound = () =>
  t.service.db.contact.findFirstOrThrow({ where: { caseId, direction: 'outbound' }, orderBy: [{ createdAt: 'desc' }, { sequence: 'desc' }] });

describe('outbound retry waits', () => {
  it('retries a transient failure with the queue’s backoff, using an attempt, and sends once', async () => {
    world.sendFailures.push(new Error('Protocol error (Runtime.callFunctionOn): Target closed.'));
    world.receive(JID, '1', { id: 'RETRY-IN-2' });
    await eventually(async () => (world.textsTo(JID).length >= 2 ? true : undefined), 15_000, 'the reply after the retry');
    await queuesIdle(t.service.queues);
    const contact = await lastOutbound();
    expect(contact.status).toBe('sent');
    const job = await jobOf(contact.id);
    // The failed attempt and the one that sent it (BullMQ counts both).
    expect(job?.attemptsMade).toBe(2);
    expect(await job?.getState()).toBe('completed');
    expect(world.textsTo(JID)).toHaveLength(2);
  });

  it('moves the job to tomorrow when the daily cap is reached, without using an attempt or losing the message', async () => {
    const before = Date.now();
    world.receive(JID, '2', { id: 'RETRY-IN-3' });
    const contact = await eventually(async () => {
      const last = await lastOutbound();
      const job = last.status === 'sent' ? undefined : await jobOf(last.id);
      return job && (await job.getState()) === 'delayed' ? last : undefined;
    }, 10_000, 'the capped job delayed');
    const job = (await jobOf(contact.id))!;
    expect(job.attemptsMade).toBe(0);
    // Tomorrow (Cancún) after the quiet hours: hours away, never within the queue's seconds of backoff.
    expect(job.timestamp + job.delay - before).toBeGreaterThan(HOUR);
    expect(job.timestamp + job.delay - before).toBeLessThan(40 * HOUR);
    expect((await t.service.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).status).not.toBe('failed');
    expect(world.textsTo(JID)).toHaveLength(2);
    expect(t.logText()).toContain('"code":"WA_DAILY_CAP"');
  });

  it('withdraws the message waiting for tomorrow when she writes BAJA: it is never sent', async () => {
    const waiting = await lastOutbound();
    expect(['queued', 'sending']).toContain(waiting.status);
    world.receive(JID, 'BAJA', { id: 'RETRY-IN-4' });
    await eventually(
      async () => ((await t.service.db.contact.findUniqueOrThrow({ where: { id: waiting.id } })).status === 'failed' ? true : undefined),
      10_000,
      'the waiting message withdrawn',
    );
    expect(await t.service.db.contact.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({ status: 'failed', errorCode: 'CANCELLED_OPT_OUT' });
    // Her BAJA is answered, and the answer finds the cap too: it waits for tomorrow as well. Clearing
    // the day's count before it has found the cap would let it through.
    const answer = await lastOutbound();
    await eventually(async () => {
      const answerJob = await jobOf(answer.id);
      return answerJob && (await answerJob.getState()) === 'delayed' ? true : undefined;
    }, 10_000, 'the answer to BAJA waiting for tomorrow');
    // Tomorrow comes: its job runs again and finds nothing to send.
    const job = (await jobOf(waiting.id))!;
    const redis = new Redis(t.redis.url);
    const dayCounters = await redis.keys(`${t.redis.prefix}:*daily:*`);
    expect(dayCounters).toHaveLength(1);
    await redis.del(...dayCounters);
    redis.disconnect();
    await job.promote();
    await eventually(async () => ((await job.getState()) === 'completed' ? true : undefined), 10_000, 'the job to run again');
    expect(world.textsTo(JID)).toHaveLength(2);
    expect((await t.service.db.contact.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe('failed');
  });
});
