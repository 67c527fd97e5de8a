import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { openLiveStream } from '../support/live-stream.js';
import { createConsentingCase } from '../support/demo-case.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';

let t: TestService;
let base: string;
let ana: ConsoleClient;
let anaId: string;
const privacy = () => ({ cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) });

beforeAll(async () => {
  t = await startTestService();
  anaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test' });
  ana = new ConsoleClient(t.service.server);
  await ana.signIn('ana@unidad.test');
  base = await t.service.server.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await t?.stop();
});

describe('the live stream', () => {
  it('forwards case events as ids only, and closes with the server', async () => {
    const stream = await openLiveStream(base, ana);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers.get('cache-control')).toBe('no-store');

    const { caseId } = await createConsentingCase(t.service.db, privacy(), { interventionAt: new Date() });
    await t.service.db.case.update({ where: { id: caseId }, data: { assignedStaffId: anaId } });
    await t.service.events.publish({ type: 'contact_added', caseId, contactId: '0193b5d6-3c1e-7000-8000-00000000000b' });
    await t.service.events.publish({ type: 'alert_raised', caseId: null, alertId: '0193b5d6-3c1e-7000-8000-00000000000c' });
    await t.service.events.publish({ type: 'attention_changed', caseId });
    const text = await stream.readUntil((s) => s.includes('attention_changed'));
    const events = text
      .split('\n\n')
      .filter((block) => block.startsWith('event: case'))
      .map((block) => JSON.parse(block.split('\ndata: ')[1]!) as unknown);
    expect(events).toEqual([
      { type: 'contact_added', caseId },
      { type: 'attention_changed', caseId },
    ]);
    await stream.close();
  });

  it('sends each person only events of cases she may see', async () => {
    await createStaffAccount(t.service.db, { role: 'psychologist', email: 'berta@unidad.test' });
    await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coordina@unidad.test' });
    const berta = new ConsoleClient(t.service.server);
    await berta.signIn('berta@unidad.test');
    const coordinator = new ConsoleClient(t.service.server);
    await coordinator.signIn('coordina@unidad.test');
    const { caseId: hers } = await createConsentingCase(t.service.db, privacy(), { interventionAt: new Date() });
    await t.service.db.case.update({ where: { id: hers }, data: { assignedStaffId: anaId } });
    const { caseId: bertas } = await createConsentingCase(t.service.db, privacy(), { interventionAt: new Date() });
    const bertaId = (await t.service.db.staff.findUniqueOrThrow({ where: { email: 'berta@unidad.test' } })).id;
    await t.service.db.case.update({ where: { id: bertas }, data: { assignedStaffId: bertaId } });

    const anaStream = await openLiveStream(base, ana);
    const bertaStream = await openLiveStream(base, berta);
    const coordinatorStream = await openLiveStream(base, coordinator);
    // Each stream keeps the order of events: what she reads up to her own case's event shows any leak before it.
    await t.service.events.publish({ type: 'attention_changed', caseId: bertas });
    await t.service.events.publish({ type: 'attention_changed', caseId: hers });
    await t.service.events.publish({ type: 'contact_added', caseId: bertas, contactId: '0193b5d6-3c1e-7000-8000-00000000000d' });
    const seenByAna = await anaStream.readUntil((s) => s.includes(hers));
    const seenByBerta = await bertaStream.readUntil((s) => s.includes('contact_added'));
    const seenByCoordinator = await coordinatorStream.readUntil((s) => s.includes(hers) && s.includes(bertas));
    expect(seenByAna).not.toContain(bertas);
    expect(seenByBerta).not.toContain(hers);
    expect(seenByCoordinator).toContain(hers);
    await Promise.all([anaStream, bertaStream, coordinatorStream].map((s) => s.close()));
  });

  it('refuses a stream to nobody signed in, with 401', async () => {
    const res = await fetch(`${base}/events`);
    expect(res.status).toBe(401);
  });
});
