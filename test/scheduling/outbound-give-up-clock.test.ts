/**
 * When the time to give up on a send starts: a wait the channel asks for (the daily cap, a rate, the
 * phone not linked) is no outage, so a send that failed once and then waited until tomorrow counts
 * its time to give up from its next failure, not from the one before the wait (see
 * `outbound-give-up.test.ts`). Through the whole service on whatsapp-web with a fake WhatsApp client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../src/demo/seed-demo.js';
import { eventually } from '../support/test-service.js';
import { startReadyDemoService, type WhatsAppWebService } from '../channels/support/whatsapp-web-service.js';

const JID = `${DEMO_PHONE.slice(1)}@c.us`;
let service: WhatsAppWebService;

beforeAll(async () => {
  // One send a day: the failed attempt takes it, so the retry meets the cap.
  service = await startReadyDemoService({ SEND_RETRY_SECONDS: '2', WA_DAILY_CAP: '1' });
});

afterAll(async () => {
  await service?.stop();
});

describe('the time to give up on a send', () => {
  it('starts again after a wait the channel asked for', async () => {
    const { t, world } = service;
    world.sendFailures.push(new Error('Protocol error (Runtime.callFunctionOn): Target closed.'));
    world.receive(JID, 'Hola', { id: 'CLOCK-1' });
    const job = await eventually(async () => {
      const [delayed] = await t.service.queues.outbound.getJobs(['delayed']);
      // Delayed to tomorrow by the cap, after one failed attempt.
      return delayed && delayed.attemptsMade === 1 && delayed.delay > 3_600_000 ? delayed : undefined;
    }, 15_000, 'the send delayed by the daily cap after its failure');
    expect(job.data).not.toHaveProperty('failingSince');
    const contact = await t.service.db.contact.findFirstOrThrow({ where: { direction: 'outbound' } });
    expect(contact.status).not.toBe('failed');
  });
});
