import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { DEMO_PHONE, seedDemo } from '../../src/demo/seed-demo.js';
import { eventually, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import type { FakeWhatsApp } from './support/fake-whatsapp.js';
import { startWhatsAppWebService, type WhatsAppWebService } from './support/whatsapp-web-service.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { querySql } from '../support/query-sql.js';

const JID = `${DEMO_PHONE.slice(1)}@c.us`;
let t: TestService;
let world: FakeWhatsApp;
let cipher: FieldCipher;
let service: WhatsAppWebService;
let caseId: string;

beforeAll(async () => {
  service = await startWhatsAppWebService();
  ({ t, world } = service);
  cipher = new FieldCipher(t.config.DATA_KEYS);
  await seedDemo(t.service.db, { cipher, hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) });
  caseId = (await t.service.db.case.findFirstOrThrow({ where: { folio: 'DEMO-0001' } })).id;
});
afterAll(async () => {
  await service?.stop();
});

const sql = <T = Record<string, unknown>>(query: string, values: unknown[] = []) => querySql<T>(t.database.url, query, values);

const waitFor = <T>(what: string, probe: () => Promise<T | null | undefined | false>) =>
  eventually(async () => (await probe()) || undefined, 10_000, what);

describe('the service on whatsapp-web.js (fake client)', () => {
  it('reports the channel in /healthz once the client is ready', async () => {
    await waitFor('ready', async () => t.service.channel!.health().state === 'ready');
    const res = await t.service.server.inject({ method: 'GET', url: '/healthz' });
    expect(res.json()).toMatchObject({ status: 'ok', channel: { state: 'ready' } });
  });

  it('answers her message through WhatsApp, in order, and records the sends', async () => {
    // "Hola" opens with one message; "1" (yes) asks how she feels; "1" (well) answers with two messages in a row.
    world.receive(JID, 'Hola', { id: 'SVC-IN-1' });
    await waitFor('the opener', async () => world.textsTo(JID).length >= 1);
    world.receive(JID, '1', { id: 'SVC-IN-1-SI' });
    await waitFor('the question', async () => world.textsTo(JID).length >= 2);
    world.receive(JID, '1', { id: 'SVC-IN-1-BIEN' });
    await waitFor('the bot replies', async () => world.textsTo(JID).length >= 4);
    await queuesIdle(t.service.queues);
    expect(world.textsTo(JID)).toHaveLength(4);
    expect(world.textsTo(JID)[0]).toMatch(/^Hola .*, soy Ana\..*¿Es buen momento para platicar\?/);
    // Sequence orders the messages of one reply: the replies to her three messages follow one another in time.
    const outbound = await t.service.db.contact.findMany({ where: { direction: 'outbound', caseId }, orderBy: [{ createdAt: 'asc' }, { sequence: 'asc' }] });
    expect(outbound.map((c) => cipher.decrypt(c.textCipher!))).toEqual(world.textsTo(JID));
    expect(outbound.map((c) => c.status)).toEqual(outbound.map(() => 'sent'));
    expect(outbound.map((c) => c.channelMessageId)).toEqual(world.sent.map((m) => m.id));
  });

  it('stores acks on the contact, never going backwards', async () => {
    const first = world.sent[0]!;
    world.ack(first.id, 3);
    await waitFor('read', async () => (await t.service.db.contact.findFirst({ where: { channelMessageId: first.id, status: 'read' } })) !== null);
    world.ack(first.id, 2);
    await queuesIdle(t.service.queues);
    expect((await t.service.db.contact.findFirstOrThrow({ where: { channelMessageId: first.id } })).status).toBe('read');
  });

  it('routes a voice note to a person with one discreet reply', async () => {
    const before = world.textsTo(JID).length;
    world.receive(JID, '', { id: 'SVC-VOICE-1', type: 'ptt' });
    await waitFor('the discreet reply', async () => world.textsTo(JID).length > before);
    expect(world.textsTo(JID).slice(before)).toEqual([t.config.NON_TEXT_REPLY]);
    await queuesIdle(t.service.queues);
    const voice = await t.service.db.contact.findFirstOrThrow({ where: { channelMessageId: 'SVC-VOICE-1' } });
    expect(voice).toMatchObject({ direction: 'inbound', kind: 'voice', textCipher: null, caseId });
    const held = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(held.attention).toBe('waiting_person');
    expect(await t.service.db.alert.count({ where: { caseId, kind: 'handoff' } })).toBe(1);

    world.receive(JID, '', { id: 'SVC-VOICE-2', type: 'image' });
    await waitFor('recorded', async () => t.service.db.contact.findFirst({ where: { channelMessageId: 'SVC-VOICE-2' } }));
    await queuesIdle(t.service.queues);
    expect(world.textsTo(JID).slice(before)).toEqual([t.config.NON_TEXT_REPLY]);
  });

  it('pauses the bot when a person writes from the linked phone', async () => {
    await t.service.db.case.update({ where: { id: caseId }, data: { attention: 'bot' } });
    const typed = world.typeOnLinkedPhone(JID, 'Hola, soy Marta. ¿Puedes hablar?');
    const contact = await waitFor('the takeover', async () =>
      t.service.db.contact.findFirst({ where: { channelMessageId: typed.id.id, direction: 'outbound' } }),
    );
    expect(contact).toMatchObject({ author: 'staff', status: 'sent', kind: 'text', caseId });
    expect(cipher.decrypt(contact.textCipher!)).toBe('Hola, soy Marta. ¿Puedes hablar?');
    await queuesIdle(t.service.queues);
    expect((await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).attention).toBe('with_person');
    expect(await t.service.db.auditLog.count({ where: { action: 'takeover', subject: `case:${caseId}` } })).toBe(1);

    const before = world.textsTo(JID).length;
    world.receive(JID, 'Sí, ahora puedo', { id: 'SVC-IN-2' });
    await waitFor('her message recorded', async () => t.service.db.contact.findFirst({ where: { channelMessageId: 'SVC-IN-2' } }));
    await queuesIdle(t.service.queues);
    expect(world.textsTo(JID)).toHaveLength(before);
  });

  it('maps a @lid sender to her case and stores the mapping as hashes', async () => {
    world.lids.set('246813579246813@lid', JID);
    world.receive('246813579246813@lid', 'desde otro id', { id: 'SVC-LID-1' });
    const contact = await waitFor('the @lid message', async () => t.service.db.contact.findFirst({ where: { channelMessageId: 'SVC-LID-1' } }));
    expect(contact.caseId).toBe(caseId);
    const identities = await t.service.db.channelIdentity.findMany();
    expect(identities).toHaveLength(1);
    expect(identities[0]).toMatchObject({ channel: 'whatsapp_web', phoneHash: phoneHasher(t.config.PHONE_HASH_KEY)(DEMO_PHONE) });
    expect(identities[0]!.survivorId).toBeTruthy();
  });

  it('shows the link status and QR page to signed-in admins only', async () => {
    await createStaffAccount(t.service.db, { role: 'admin', email: 'admin@unidad.test' });
    await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi@unidad.test' });
    const admin = new ConsoleClient(t.service.server);
    expect((await admin.signIn('admin@unidad.test')).statusCode).toBe(303);
    const link = await admin.get('/api/admin/whatsapp/link');
    expect(link.statusCode).toBe(200);
    expect(link.json()).toMatchObject({ state: 'ready' });
    expect(link.headers['cache-control']).toBe('no-store');
    const page = await admin.get('/admin/whatsapp');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/api/admin/whatsapp/link');

    const psychologist = new ConsoleClient(t.service.server);
    await psychologist.signIn('psi@unidad.test');
    expect((await psychologist.get('/api/admin/whatsapp/link')).statusCode).toBe(403);

    const anonymous = new ConsoleClient(t.service.server);
    expect((await anonymous.get('/api/admin/whatsapp/link')).statusCode).toBe(401);
    const signIn = await anonymous.get('/admin/whatsapp');
    expect(signIn.statusCode).toBe(302);
    expect(signIn.headers.location).toMatch(/^\/login/);
  });

  it('keeps numbers, lids and texts out of the tables and the log', async () => {
    await queuesIdle(t.service.queues);
    const dump = JSON.stringify([await sql('SELECT * FROM "Contact"'), await sql('SELECT * FROM "ChannelIdentity"'), await sql('SELECT * FROM "AuditLog"'), await sql('SELECT * FROM "Alert"')]);
    for (const secret of [DEMO_PHONE.slice(1), '246813579246813', 'Hola, soy Marta', 'Sí, ahora puedo', t.config.NON_TEXT_REPLY]) {
      expect(dump).not.toContain(secret);
      expect(t.logText()).not.toContain(secret);
    }
  });
});
