import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../../src/privacy/phone-hash.js';
import { DEMO_PHONE, seedDemo } from '../../../src/demo/seed-demo.js';
import { eventually } from '../../support/test-service.js';
import { FakeWhatsApp } from '../support/fake-whatsapp.js';
import { startWhatsAppWebService, type WhatsAppWebService } from '../support/whatsapp-web-service.js';

const JID = `${DEMO_PHONE.slice(1)}@c.us`;
let service: WhatsAppWebService;
let world: FakeWhatsApp;

beforeAll(async () => {
  world = new FakeWhatsApp();
  // No phone linked yet: the gateway waits for its QR code to be scanned.
  world.linked = false;
  service = await startWhatsAppWebService(
    { WA_NOT_READY_RETRY_MS: '300', CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none' },
    world,
  );
});
afterAll(async () => {
  await service?.stop();
});

describe('messages queued while WhatsApp is not ready', () => {
  it('wait without using up their attempts, and go out once the phone is linked', async () => {
    const { t } = service;
    await eventually(async () => (t.service.channel!.health().state === 'qr_required' ? true : undefined), 10_000, 'the QR code');
    const cipher = new FieldCipher(t.config.DATA_KEYS);
    const { caseId } = await seedDemo(t.service.db, { cipher, hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) });
    const now = new Date();
    const checkIn = await t.service.db.checkIn.create({ data: { caseId, planItem: 'espera', flowId: 'primer-contacto', dueAt: now, plannedAt: now } });
    await t.service.checkIns.deps.scheduler.schedule(checkIn);

    // The send job is taken, refused (not ready) and put back, several times over.
    const job = await eventually(async () => {
      const [found] = await t.service.queues.outbound.getJobs(['delayed', 'waiting', 'active']);
      return found && found.attemptsStarted >= 3 ? found : undefined;
    }, 15_000, 'the send tried a few times');
    const again = await t.service.queues.outbound.getJob(job.id!);
    expect(again?.attemptsMade).toBe(0);
    expect(await t.service.db.contact.count({ where: { caseId, direction: 'outbound', status: 'failed' } })).toBe(0);

    world.scanQr();
    await eventually(async () => (world.textsTo(JID).length >= 1 ? true : undefined), 15_000, 'the check-in delivered');
    // The phone has them before they are marked sent (the mark follows the send): wait for the mark.
    const outbound = await eventually(async () => {
      const rows = await t.service.db.contact.findMany({ where: { caseId, direction: 'outbound' }, orderBy: { sequence: 'asc' } });
      return rows.every((c) => c.status === 'sent') ? rows : undefined;
    }, 10_000, 'the messages marked sent');
    // The opener is one message: the greeting, then the safety question.
    expect(outbound).toHaveLength(1);
    expect(outbound.map((c) => cipher.decrypt(c.textCipher!))).toEqual(world.textsTo(JID));
    expect(world.textsTo(JID)[0]).toMatch(/^Hola .*, soy Ana\..*¿Es buen momento para platicar\?/);
  });
});
