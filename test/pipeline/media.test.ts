import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { inboundJobId } from '../../src/scheduling/job-payloads.js';

let t: TestService;
let privacy: PrivacyTools;
const staff = { mine: '', other: '' };
const clients = {} as Record<'mine' | 'other', ConsoleClient>;
/** Small enough to test the cap with a few kilobytes. */
const MAX = 64 * 1024;

beforeAll(async () => {
  // Any hour is inside her safe hours: a person's message outside them needs confirming (test/console/outside-hours.test.ts).
  t = await startTestService({ env: { MEDIA_MAX_BYTES: String(MAX), CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none' } });
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  for (const key of ['mine', 'other'] as const) {
    staff[key] = await createStaffAccount(t.service.db, { role: 'psychologist', email: `${key}@media.test` });
    clients[key] = new ConsoleClient(t.service.server);
    expect((await clients[key].signIn(`${key}@media.test`)).statusCode).toBe(303);
  }
});

afterAll(async () => {
  await t?.stop();
});

const post = (payload: Record<string, unknown>) => t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload });

async function caseOfMine() {
  const created = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
  await t.service.db.case.update({ where: { id: created.caseId }, data: { assignedStaffId: staff.mine } });
  return created;
}

describe('voice notes, photos and places she sends', () => {
  it('keeps a voice note encrypted (its bytes are not in the table), plays it for her psychologist only, never cached, each time audited', async () => {
    const { caseId, phone } = await caseOfMine();
    const voice = Buffer.concat([Buffer.from('OggS'), randomBytes(4096)]);
    const res = await post({ from: phone, kind: 'voice', media: { mime: 'audio/ogg; codecs=opus', data: voice.toString('base64') }, id: `v-${caseId}` });
    expect(res.statusCode).toBe(202);
    await queuesIdle(t.service.queues);

    const contact = await t.service.db.contact.findFirstOrThrow({ where: { caseId, direction: 'inbound' }, include: { media: true } });
    expect(contact.kind).toBe('voice');
    // Redis keeps the finished job a day (to de-duplicate), but no longer the file.
    const finished = await t.service.queues.inbound.getJob(inboundJobId('simulator', `v-${caseId}`));
    expect(finished?.data.kind === 'non_text' && finished.data.sealed.length).toBeLessThan(1_000);
    expect(finished?.data.kind).toBe('non_text');
    expect(contact.media).toMatchObject({ status: 'stored', mime: 'audio/ogg; codecs=opus', byteSize: voice.length });
    const stored = Buffer.from(contact.media!.dataCipher!);
    expect(stored.includes(voice.subarray(4, 68))).toBe(false);
    expect(privacy.cipher.decryptBytes(stored).equals(voice)).toBe(true);
    const raw = await t.service.db.$queryRaw<{ hit: boolean }[]>`SELECT position(${voice.subarray(4, 68)}::bytea in "dataCipher") > 0 AS hit FROM "ContactMedia"`;
    expect(raw.every((row) => !row.hit)).toBe(true);

    // The conversation names it and offers a player.
    const page = await clients.mine.get(`/casos/${caseId}`);
    expect(page.body).toContain('Nota de voz');
    expect(page.body).toContain(`/casos/${caseId}/mensajes/${contact.id}/archivo`);
    expect(page.body).not.toContain('texto eliminado');

    const file = await clients.mine.get(`/casos/${caseId}/mensajes/${contact.id}/archivo`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('audio/ogg; codecs=opus');
    expect(file.headers['cache-control']).toBe('no-store');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(voice)).toBe(true);
    expect(file.headers['accept-ranges']).toBe('bytes');
    // Safari plays it a range at a time.
    const first = await clients.mine.get(`/casos/${caseId}/mensajes/${contact.id}/archivo`, { range: 'bytes=0-1' });
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-1/${voice.length}`);
    expect(first.rawPayload.equals(voice.subarray(0, 2))).toBe(true);
    const tail = await clients.mine.get(`/casos/${caseId}/mensajes/${contact.id}/archivo`, { range: 'bytes=-10' });
    expect(tail.rawPayload.equals(voice.subarray(voice.length - 10))).toBe(true);
    const past = await clients.mine.get(`/casos/${caseId}/mensajes/${contact.id}/archivo`, { range: `bytes=${voice.length}-` });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${voice.length}`);
    // A type whose parameters no header can carry (as a channel may hand one over) still plays.
    await t.service.db.contactMedia.update({ where: { contactId: contact.id }, data: { mime: 'audio/ogg; codecs="opus\r\nx-a: b"; rate=48000' } });
    const odd = await clients.mine.get(`/casos/${caseId}/mensajes/${contact.id}/archivo`);
    expect(odd.statusCode).toBe(200);
    expect(odd.headers['content-type']).toBe('audio/ogg; rate=48000');
    expect(odd.headers['x-a']).toBeUndefined();
    const views = await t.service.db.auditLog.findMany({ where: { action: 'case.media_viewed', staffId: staff.mine, subject: `case:${caseId}` } });
    expect(views).toHaveLength(5);
    expect(views[0]!.detail).toEqual({ contactId: contact.id });

    // Another psychologist learns nothing, not even that the file exists.
    const refused = await clients.other.get(`/casos/${caseId}/mensajes/${contact.id}/archivo`);
    expect(refused.statusCode).toBe(404);
    expect(refused.rawPayload.includes(voice.subarray(4, 68))).toBe(false);
    expect(await t.service.db.auditLog.count({ where: { action: 'case.media_viewed', staffId: staff.other } })).toBe(0);
  });

  it('does not count a file the page loads by itself as activity: an unattended console still signs out', async () => {
    const { caseId, phone } = await caseOfMine();
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(512)]);
    expect((await post({ from: phone, kind: 'image', media: { mime: 'image/jpeg', data: photo.toString('base64') }, id: `idle-${caseId}` })).statusCode).toBe(202);
    await queuesIdle(t.service.queues);
    const contact = await t.service.db.contact.findFirstOrThrow({ where: { caseId, direction: 'inbound' } });
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    await t.service.db.staffSession.updateMany({ where: { staffId: staff.mine }, data: { lastSeenAt: tenMinutesAgo } });
    expect((await clients.mine.get(`/casos/${caseId}/mensajes/${contact.id}/archivo`)).statusCode).toBe(200);
    const [session] = await t.service.db.staffSession.findMany({ where: { staffId: staff.mine } });
    expect(session!.lastSeenAt).toEqual(tenMinutesAgo);
    // Opening the page herself is activity.
    expect((await clients.mine.get(`/casos/${caseId}`)).statusCode).toBe(200);
    const [touched] = await t.service.db.staffSession.findMany({ where: { staffId: staff.mine } });
    expect(touched!.lastSeenAt.getTime()).toBeGreaterThan(tenMinutesAgo.getTime());
  });

  it('records a file over MEDIA_MAX_BYTES as too large, with its size, and keeps none of it', async () => {
    const { caseId, phone } = await caseOfMine();
    const video = randomBytes(MAX + 1);
    expect((await post({ from: phone, kind: 'video', media: { mime: 'video/mp4', data: video.toString('base64') }, id: `big-${caseId}` })).statusCode).toBe(202);
    await queuesIdle(t.service.queues);
    const contact = await t.service.db.contact.findFirstOrThrow({ where: { caseId, direction: 'inbound' }, include: { media: true } });
    expect(contact.media).toMatchObject({ status: 'too_large', byteSize: MAX + 1, dataCipher: null });
    const page = await clients.mine.get(`/casos/${caseId}`);
    expect(page.body).toContain('demasiado grande para guardarse');
    expect((await clients.mine.get(`/casos/${caseId}/mensajes/${contact.id}/archivo`)).statusCode).toBe(404);
  });

  it('serves a document only as a download, whatever type it claims', async () => {
    const { caseId, phone } = await caseOfMine();
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    await post({ from: phone, kind: 'document', media: { mime: 'text/html', data: html.toString('base64') }, id: `doc-${caseId}` });
    await queuesIdle(t.service.queues);
    const contact = await t.service.db.contact.findFirstOrThrow({ where: { caseId, direction: 'inbound' } });
    const file = await clients.mine.get(`/casos/${caseId}/mensajes/${contact.id}/archivo`);
    expect(file.headers['content-type']).toBe('application/octet-stream');
    expect(file.headers['content-disposition']).toBe('attachment; filename="documento"');
    expect(file.headers['content-security-policy']).toContain('sandbox');
  });

  it('keeps a shared location encrypted and shows it as coordinates with a map link', async () => {
    const { caseId, phone } = await caseOfMine();
    await post({ from: phone, kind: 'location', location: { lat: 21.1619, lng: -86.8515 }, id: `loc-${caseId}` });
    await queuesIdle(t.service.queues);
    const contact = await t.service.db.contact.findFirstOrThrow({ where: { caseId, direction: 'inbound' }, include: { location: true } });
    expect(contact.kind).toBe('location');
    expect(Buffer.from(contact.location!.cipher!).toString('latin1')).not.toContain('21.16');
    expect(JSON.parse(privacy.cipher.decrypt(contact.location!.cipher!))).toEqual({ lat: 21.1619, lng: -86.8515 });
    const page = await clients.mine.get(`/casos/${caseId}`);
    expect(page.body).toContain('21.16190, -86.85150');
    expect(page.body).toContain('https://www.openstreetmap.org/?mlat=21.161900&amp;mlon=-86.851500');
  });

  it('puts a place shared right after an emergency word at the top of the urgent alert, and a calm one only in the history', async () => {
    const calm = await caseOfMine();
    await post({ from: calm.phone, kind: 'location', location: { lat: 20.5, lng: -87.1 }, id: `calm-${calm.caseId}` });
    await queuesIdle(t.service.queues);
    expect((await clients.mine.get(`/casos/${calm.caseId}`)).body).not.toContain('Ubicación que compartió');

    const { caseId, phone } = await caseOfMine();
    await post({ from: phone, text: 'AYUDA', id: `sos-${caseId}-1` });
    await queuesIdle(t.service.queues);
    await post({ from: phone, kind: 'location', location: { lat: 21.1619, lng: -86.8515, name: 'Parque' }, id: `sos-${caseId}-2` });
    await queuesIdle(t.service.queues);
    const page = (await clients.mine.get(`/casos/${caseId}`)).body;
    const alerts = page.slice(page.indexOf('id="titulo-alertas"'));
    const top = alerts.slice(0, alerts.indexOf('<ul class="lista">'));
    expect(top).toContain('Ubicación que compartió');
    expect(top).toContain('Parque · <span class="mensaje__coordenadas">21.16190, -86.85150</span>');
  });

  it('asks a person to write to her when she calls, tells her once by text, and shows the call on her case', async () => {
    const { caseId, phone } = await caseOfMine();
    expect((await post({ from: phone, kind: 'call', id: `call-${caseId}` })).statusCode).toBe(202);
    expect((await post({ from: phone, kind: 'call', id: `call-${caseId}-2` })).statusCode).toBe(202);
    await queuesIdle(t.service.queues);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { alerts: true } });
    expect(row).toMatchObject({ attention: 'waiting_person', attentionReason: 'Intentó llamar; el bot solo lee texto.' });
    expect(row.alerts.map(({ kind, reason }) => ({ kind, reason }))).toEqual([{ kind: 'handoff', reason: 'Intentó llamar: necesita que le escriba una persona.' }]);
    const sent = await t.service.db.contact.findMany({ where: { caseId, direction: 'outbound' } });
    expect(sent.map((c) => privacy.cipher.decrypt(c.textCipher!))).toEqual([t.config.NON_TEXT_REPLY]);
    const page = await clients.mine.get(`/casos/${caseId}`);
    expect(page.body.match(/Llamada de WhatsApp/g)).toHaveLength(2);
  });

  it('answers the check-in she was sent with a voice note: answered, not missed', async () => {
    const { caseId, phone } = await caseOfMine();
    const now = new Date();
    const checkIn = await t.service.db.checkIn.create({ data: { caseId, flowId: 'seguimiento', dueAt: now, plannedAt: now, status: 'sent', sentAt: now } });
    await t.service.db.case.update({ where: { id: caseId }, data: { missedInARow: 1 } });
    expect((await post({ from: phone, kind: 'voice', id: `ci-${caseId}` })).statusCode).toBe(202);
    await queuesIdle(t.service.queues);
    expect(await t.service.db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } })).toMatchObject({ status: 'answered' });
    expect((await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).missedInARow).toBe(0);
  });

  it('takes a photo after her "BAJA" as her writing again: the person she is promised may write to her', async () => {
    const { caseId, phone, survivorId } = await caseOfMine();
    expect((await post({ from: phone, text: 'BAJA', id: `baja-${caseId}` })).statusCode).toBe(202);
    await queuesIdle(t.service.queues);
    const optedOutAt = (await t.service.db.survivor.findUniqueOrThrow({ where: { id: survivorId } })).optedOutAt;
    expect(optedOutAt).not.toBeNull();
    // Her «gracias», 👍 or sticker to the confirmation is no wish to be written to again: nothing changes, nothing is sent.
    const outbound = await t.service.db.contact.count({ where: { caseId, direction: 'outbound' } });
    expect((await post({ from: phone, text: 'ok, gracias 👍', id: `gracias-${caseId}` })).statusCode).toBe(202);
    expect((await post({ from: phone, kind: 'sticker', id: `sticker-${caseId}` })).statusCode).toBe(202);
    await queuesIdle(t.service.queues);
    expect((await t.service.db.survivor.findUniqueOrThrow({ where: { id: survivorId } })).optedOutAt).toEqual(optedOutAt);
    expect(await t.service.db.contact.count({ where: { caseId, direction: 'outbound' } })).toBe(outbound);
    expect(await t.service.db.flowSession.count({ where: { caseId, status: 'waiting' } })).toBe(0);
    expect((await post({ from: phone, kind: 'image', id: `foto-${caseId}` })).statusCode).toBe(202);
    await queuesIdle(t.service.queues);
    expect((await t.service.db.survivor.findUniqueOrThrow({ where: { id: survivorId } })).optedOutAt).toBeNull();
    // The case waits for a person, and the person may write to her.
    expect((await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).attention).toBe('waiting_person');
    expect((await clients.mine.post(`/casos/${caseId}/tomar`, {})).statusCode).toBe(303);
    const sent = await clients.mine.post(`/casos/${caseId}/mensajes`, { texto: 'Hola, soy Ana.' });
    expect(sent.statusCode).toBe(303);
  });

  it('refuses a malformed file or place naming the field', async () => {
    const bad = await post({ from: '+5215550001111', kind: 'image', media: { mime: 'image/jpeg', data: '%%%' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('media');
    const noPlace = await post({ from: '+5215550001111', kind: 'location' });
    expect(noPlace.statusCode).toBe(400);
    expect(noPlace.body).toContain('location');
    const textWithFile = await post({ from: '+5215550001111', text: 'hola', media: { mime: 'image/jpeg', data: 'AAAA' } });
    expect(textWithFile.statusCode).toBe(400);
  });
});
