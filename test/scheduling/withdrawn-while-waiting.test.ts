/**
 * A message claimed by a sender but still waiting for its turn (whatsapp-web spaces its sends by
 * seconds, and a queue of them lasts minutes) is withdrawn by her "BAJA" like one still queued: when
 * its turn comes the sender asks whether it is still to be sent, and sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../src/demo/seed-demo.js';
import { eventually, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import type { FakeWhatsApp } from '../channels/support/fake-whatsapp.js';
import { startReadyDemoService, type WhatsAppWebService } from '../channels/support/whatsapp-web-service.js';

const JID = `${DEMO_PHONE.slice(1)}@c.us`;
let t: TestService;
let world: FakeWhatsApp;
let service: WhatsAppWebService;
let caseId: string;

beforeAll(async () => {
  // Three seconds between two sends: her "BAJA" arrives while the second waits for its turn.
  service = await startReadyDemoService({ WA_MIN_GAP_MS: '3000', WA_MAX_GAP_MS: '3000' });
  ({ t, world } = service);
  caseId = (await t.service.db.case.findFirstOrThrow({ where: { folio: 'DEMO-0001' } })).id;
});

afterAll(async () => {
  await service?.stop();
});

describe('a message waiting for its turn to be sent', () => {
  it('is not sent once her BAJA withdrew it, and her opt-out is confirmed', async () => {
    world.receive(JID, 'Hola', { id: 'WAIT-IN-1' });
    await eventually(async () => (world.textsTo(JID).length >= 1 ? true : undefined), 10_000, 'the greeting answered');
    await queuesIdle(t.service.queues);

    world.receive(JID, '1', { id: 'WAIT-IN-2' });
    const waiting = await eventually(
      async () => (await t.service.db.contact.findFirst({ where: { caseId, direction: 'outbound', status: 'sending' } })) ?? undefined,
      5_000,
      'the reply claimed and waiting for its turn',
    );
    world.receive(JID, 'BAJA', { id: 'WAIT-IN-3' });
    await eventually(async () => (world.textsTo(JID).length >= 2 ? true : undefined), 15_000, 'the opt-out confirmed');
    await queuesIdle(t.service.queues, 15_000);

    expect(await t.service.db.contact.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({ status: 'failed', errorCode: 'CANCELLED_OPT_OUT' });
    const texts = world.textsTo(JID);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toMatch(/no te (volveremos a escribir|escribiremos)|BAJA|mensajes/i);
    expect(t.logText()).toContain('message withdrawn while it waited: not sent');
  });
});
