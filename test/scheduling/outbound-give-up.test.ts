/**
 * A send the channel cannot take for a long time, through the whole service on whatsapp-web (a fake
 * WhatsApp client at the edge): once the queue's own attempts are used up the job keeps being tried
 * every few minutes instead of failing unseen, and after `SEND_RETRY_SECONDS` from the first failure
 * the message is marked failed and a person is alerted on the case. Nothing reaches her late.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../src/demo/seed-demo.js';
import { SEND_RETRY_CAP_MS } from '../../src/scheduling/outbound-processor.js';
import { eventually, type TestService } from '../support/test-service.js';
import type { FakeWhatsApp } from '../channels/support/fake-whatsapp.js';
import { startReadyDemoService, type WhatsAppWebService } from '../channels/support/whatsapp-web-service.js';

const JID = `${DEMO_PHONE.slice(1)}@c.us`;
/** What whatsapp-web.js throws when the browser page went away: retryable. */
const browserGone = () => new Error('Protocol error (Runtime.callFunctionOn): Target closed.');
let t: TestService;
let world: FakeWhatsApp;
let service: WhatsAppWebService;
let caseId: string;

beforeAll(async () => {
  service = await startReadyDemoService({ SEND_RETRY_SECONDS: '2' });
  ({ t, world } = service);
  caseId = (await t.service.db.case.findFirstOrThrow({ where: { folio: 'DEMO-0001' } })).id;
});

afterAll(async () => {
  await service?.stop();
});

const outboundJobs = () => t.service.queues.outbound.getJobs(['delayed', 'completed', 'failed', 'waiting', 'active', 'prioritized']);
const lastOutbound = () =>
  t.service.db.contact.findFirstOrThrow({ where: { caseId, direction: 'outbound' }, orderBy: [{ createdAt: 'desc' }, { sequence: 'desc' }] });

describe('a send the channel cannot take', () => {
  it('is marked failed after SEND_RETRY_SECONDS of failures, and a person is alerted', async () => {
    for (let i = 0; i < 20; i += 1) world.sendFailures.push(browserGone());
    world.receive(JID, 'Hola', { id: 'GIVE-UP-1' });
    const contact = await eventually(async () => {
      const last = await t.service.db.contact.findFirst({ where: { caseId, direction: 'outbound' } });
      return last?.status === 'failed' ? last : undefined;
    }, 20_000, 'the reply given up on');
    expect(contact.errorCode).toBe('CHANNEL_UNREACHABLE');
    // The person is alerted after the contact is marked failed, and the job completes after that: wait for it.
    const job = (await outboundJobs()).find((j) => (j.data as { contactIds: string[] }).contactIds.includes(contact.id))!;
    await eventually(async () => ((await job.getState()) === 'completed' ? true : undefined), 10_000, 'the send job completed');
    const alerts = await t.service.db.alert.findMany({ where: { caseId } });
    expect(alerts.map((a) => a.reason)).toContainEqual(expect.stringContaining('No se envió: durante demasiado tiempo no se pudo entregar el mensaje a WhatsApp'));
    expect(world.textsTo(JID)).toEqual([]);
    expect(t.logText()).toContain('the channel did not take the messages in time');
    world.sendFailures.length = 0;
  });

  it('keeps trying every few minutes once the queue’s attempts are used up, instead of dropping the job', async () => {
    await t.service.queues.outbound.pause();
    try {
      world.receive(JID, 'Hola de nuevo', { id: 'GIVE-UP-2' });
      const queued = await eventually(async () => {
        const jobs = await t.service.queues.outbound.getJobs(['waiting', 'prioritized']);
        return jobs.length > 0 ? jobs[0] : undefined;
      }, 10_000, 'the reply queued');
      // The same send with a single attempt: its first failure uses the queue's attempts up.
      await queued!.remove();
      const single = await t.service.queues.outbound.add('send', queued!.data, { attempts: 1 });
      world.sendFailures.push(browserGone());
      const before = Date.now();
      await t.service.queues.outbound.resume();
      await eventually(async () => ((await single.getState()) === 'delayed' ? true : undefined), 10_000, 'the send delayed');
      const delayed = (await t.service.queues.outbound.getJob(single.id!))!;
      expect(delayed.timestamp + delayed.delay - before).toBeGreaterThanOrEqual(SEND_RETRY_CAP_MS - 1_000);
      const contact = await lastOutbound();
      expect(contact.status).not.toBe('failed');
      await delayed.remove();
    } finally {
      await t.service.queues.outbound.resume();
    }
  });
});
