/**
 * Numbers that write without an open case reach a person: coordinators review them (an emergency word
 * first, then a risk signal), see the number only with a reason, write to it while it has just written, link a woman's
 * new number to her case, after which she is answered there, and open again the case of a woman
 * whose follow-up ended.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { e164 } from '../../src/app/phone-number.js';
import { eventually, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { startWithCoordinatorAndPsychologist } from '../support/coordinator-and-psychologist.js';
import { openLiveStream } from '../support/live-stream.js';
import { simulatorInbox } from '../support/simulator-phone.js';
import { expectReopened } from '../support/reopened-case.js';

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let coordinator: ConsoleClient;
let psychologist: ConsoleClient;
let coordinatorId: string;
const json = { accept: 'application/json' };

beforeAll(async () => {
  ({ t, privacy, coordinator, coordinatorId, psychologist } = await startWithCoordinatorAndPsychologist());
});

afterAll(async () => {
  await t?.stop();
});

let said = 0;
/** A message from `phone` through the simulator channel, recorded once it is in the database. */
async function write(phone: string, text: string): Promise<void> {
  said += 1;
  const id = `wa-unknown-${said}`;
  const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text, id } });
  expect(res.statusCode).toBe(202);
  await eventually(() => t.service.db.contact.findFirst({ where: { channelMessageId: id } }).then((c) => c ?? undefined), 10_000, 'the message recorded');
}
const senderOf = (phone: string) => t.service.db.unknownSender.findUniqueOrThrow({ where: { phoneHash: privacy.hashPhone(e164.parse(phone)) } });

describe('the review of numbers without a case', () => {
  it('lists those to review with an emergency word first, tells coordinators on the inbox, and never shows a number', async () => {
    await t.service.db.unknownSender.deleteMany({});
    await write('+529981110001', 'hola, ¿quién eres?');
    await write('+529981110002', 'Soy Rosa, me cambiaron el teléfono, necesito AYUDA');
    await write('+529981110003', 'hola');

    const inbox = await coordinator.get('/');
    expect(inbox.body).toContain('3 números sin caso por revisar (1 escribió una palabra de emergencia)');
    expect((await psychologist.get('/')).body).not.toContain('números sin caso');

    const page = await coordinator.get('/desconocidos');
    expect(page.statusCode).toBe(200);
    const emergency = await senderOf('+529981110002');
    const firstLink = /<a href="\/desconocidos\/([0-9a-f-]+)">Número 1<\/a>/.exec(page.body)?.[1];
    expect(firstLink).toBe(emergency.id);
    expect(page.body).toContain('Palabra de emergencia');
    expect(page.body).not.toMatch(/998111000\d/);
  });

  it('lists a number whose message tells of danger right after the emergencies, and answers it as any other', async () => {
    await write('+529981110004', 'soy la de la llamada de ayer, me amenazó otra vez, le escribo de otro teléfono');
    const risky = await senderOf('+529981110004');
    expect(risky.riskAt).toBeInstanceOf(Date);
    expect(risky.emergencyAt).toBeNull();
    expect((await senderOf('+529981110003')).riskAt).toBeNull();
    expect((await coordinator.get('/')).body).toContain('4 números sin caso por revisar (1 escribió una palabra de emergencia; 1 puede hablar de un riesgo)');
    const page = await coordinator.get('/desconocidos');
    const links = [...page.body.matchAll(/<a href="\/desconocidos\/([0-9a-f-]+)">Número \d+<\/a>/g)].map((m) => m[1]);
    expect(links.slice(0, 2)).toEqual([(await senderOf('+529981110002')).id, risky.id]);
    expect(page.body).toContain('Posible riesgo en su mensaje');
    expect((await coordinator.get(`/desconocidos/${risky.id}`)).body).toContain('puede hablar de un riesgo o un daño: léelo.');
    // Answered with the one neutral reply, as any number: nothing on her screen says what was read.
    const replies = await eventually(async () => {
      const texts = await simulatorInbox(t.service.server, '+529981110004');
      return texts.length > 0 ? texts : undefined;
    }, 10_000, 'the reply to the number');
    expect(replies).toHaveLength(1);
    expect(replies[0]).not.toMatch(/911|riesgo|peligro/i);
    // Out of the way of the counts below.
    await t.service.db.contact.deleteMany({ where: { unknownSenderId: risky.id } });
    await t.service.db.unknownSender.delete({ where: { id: risky.id } });
  });

  it('shows one number\'s messages to coordinators only, audited', async () => {
    const sender = await senderOf('+529981110002');
    expect((await psychologist.get(`/desconocidos/${sender.id}`)).statusCode).toBe(403);
    const page = await coordinator.get(`/desconocidos/${sender.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Soy Rosa, me cambiaron el teléfono, necesito AYUDA');
    expect(page.body).toContain('Escribió una palabra de emergencia');
    expect(page.body).not.toContain('9981110002');
    expect(await t.service.db.auditLog.count({ where: { action: 'unknown_sender.viewed', subject: `unknown:${sender.id}`, staffId: coordinatorId } })).toBe(1);
    expect((await coordinator.get('/desconocidos/00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });

  it('shows the number only for a reason, which is audited', async () => {
    const sender = await senderOf('+529981110001');
    const refused = await coordinator.post(`/desconocidos/${sender.id}/telefono`, { motivo: '  ' }, json);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ field: 'motivo' });
    const shown = await coordinator.post(`/desconocidos/${sender.id}/telefono`, { motivo: 'Devolverle la llamada' }, json);
    expect(shown.json()).toEqual({ phone: '+529981110001' });
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(await t.service.db.auditLog.count({ where: { action: 'unknown_sender.phone_revealed', subject: `unknown:${sender.id}` } })).toBe(1);
  });

  it('marked reviewed, leaves the list to review until the number writes again', async () => {
    const sender = await senderOf('+529981110003');
    const res = await coordinator.post(`/desconocidos/${sender.id}/revisado`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/desconocidos?hecho=revisado');
    expect((await senderOf('+529981110003')).reviewedAt).not.toBeNull();
    expect((await coordinator.get('/')).body).toContain('2 números sin caso por revisar');
    await write('+529981110003', 'otra vez yo');
    expect((await senderOf('+529981110003')).reviewedAt).toBeNull();
    expect((await coordinator.get('/')).body).toContain('3 números sin caso por revisar');
  });
});

describe('live', () => {
  it('a number writing tells coordinators\' screens, which redraw the count; a psychologist\'s stream carries nothing', async () => {
    const anaId = (await t.service.db.staff.findUniqueOrThrow({ where: { email: 'ana@unidad.test' } })).id;
    const hers = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), assignedStaffId: anaId });
    const base = await t.service.server.listen({ host: '127.0.0.1', port: 0 });
    const coordinatorStream = await openLiveStream(base, coordinator);
    const psychologistStream = await openLiveStream(base, psychologist);
    await write('+529981110009', 'SOS');
    await coordinatorStream.readUntil((text) => text.includes('event: desconocidos'));
    // Her stream keeps the order of events: one of her own cases after it shows nothing came before.
    await t.service.events.publish({ type: 'attention_changed', caseId: hers.caseId });
    expect(await psychologistStream.readUntil((text) => text.includes(hers.caseId))).not.toContain('desconocidos');
    await Promise.all([coordinatorStream.close(), psychologistStream.close()]);

    // Marking one reviewed redraws every coordinator's count too.
    const again = await openLiveStream(base, coordinator);
    const sos = await senderOf('+529981110009');
    await coordinator.post(`/desconocidos/${sos.id}/revisado`);
    await again.readUntil((text) => text.includes('event: desconocidos'));
    await again.close();

    await write('+529981110010', 'AYUDA');
    const notice = await coordinator.get('/api/desconocidos/aviso', { accept: 'text/html' });
    expect(notice.body).toMatch(/\d+ números sin caso por revisar \(\d+ escribieron una palabra de emergencia\)/);
    expect((await psychologist.get('/api/desconocidos/aviso')).statusCode).toBe(403);
  });
});

describe('writing to a number without a case', () => {
  /** Moves every message the number wrote `minutes` into the past. */
  async function wroteAgo(senderId: string, minutes: number): Promise<void> {
    await t.service.db.contact.updateMany({ where: { unknownSenderId: senderId, direction: 'inbound' }, data: { createdAt: new Date(Date.now() - minutes * 60_000) } });
  }
  const staffMessagesTo = (senderId: string) => t.service.db.contact.findMany({ where: { unknownSenderId: senderId, author: 'staff' } });

  it('reaches the number that just wrote, shows on its page with how far it went, and is audited without its text', async () => {
    await write('+529981110020', 'AYUDA, te escribo de otro teléfono');
    const sender = await senderOf('+529981110020');
    const page = await coordinator.get(`/desconocidos/${sender.id}`);
    expect(page.body).toContain(`action="/desconocidos/${sender.id}/mensaje"`);
    expect(page.body).not.toContain('name="sin_mensaje_reciente"');

    const res = await coordinator.post(`/desconocidos/${sender.id}/mensaje`, { texto: 'Hola, soy Lucía. ¿Puedes platicar ahora?' }, json);
    expect(res.statusCode).toBe(201);
    const { contactId } = res.json() as { contactId: string };
    await eventually(async () => ((await simulatorInbox(t.service.server, '+529981110020')).includes('Hola, soy Lucía. ¿Puedes platicar ahora?') ? true : undefined), 10_000, 'the message on her phone');
    const [sent] = await staffMessagesTo(sender.id);
    expect(sent).toMatchObject({ id: contactId, direction: 'outbound', channel: 'simulator', staffId: coordinatorId, caseId: null });
    await eventually(async () => ((await t.service.db.contact.findUniqueOrThrow({ where: { id: contactId } })).status === 'sent' ? true : undefined), 10_000, 'marked sent');

    const entry = await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'unknown_sender.message_sent', subject: `unknown:${sender.id}`, staffId: coordinatorId } });
    expect(entry.detail).toMatchObject({ contactId, afterFifteenMinutes: false });
    expect(JSON.stringify(entry.detail)).not.toContain('Lucía');

    const after = await coordinator.get(`/desconocidos/${sender.id}?hecho=enviado`);
    expect(after.body).toContain('Tu mensaje quedó en cola para enviarse');
    expect(after.body).toMatch(/<strong>Coordinación<\/strong>[^]*?\(enviado\)[^]*?Hola, soy Lucía/);
  });

  it('after 15 minutes goes only when the coordinator confirms it, and after 24 hours not at all, recording nothing refused', async () => {
    await write('+529981110021', 'hola');
    const sender = await senderOf('+529981110021');
    await wroteAgo(sender.id, 20);
    expect((await coordinator.get(`/desconocidos/${sender.id}`)).body).toContain('name="sin_mensaje_reciente"');
    const refused = await coordinator.post(`/desconocidos/${sender.id}/mensaje`, { texto: '¿Sigues ahí?' }, json);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'not_written_recently', field: 'sin_mensaje_reciente' });
    expect(await staffMessagesTo(sender.id)).toHaveLength(0);

    const confirmed = await coordinator.post(`/desconocidos/${sender.id}/mensaje`, { texto: '¿Sigues ahí?', sin_mensaje_reciente: 'si' });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(`/desconocidos/${sender.id}?hecho=enviado`);
    expect(await staffMessagesTo(sender.id)).toHaveLength(1);
    expect((await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'unknown_sender.message_sent', subject: `unknown:${sender.id}` } })).detail).toMatchObject({ afterFifteenMinutes: true });

    await wroteAgo(sender.id, 25 * 60);
    const page = await coordinator.get(`/desconocidos/${sender.id}`);
    expect(page.body).toContain('Pasaron más de 24 horas desde su último mensaje');
    expect(page.body).not.toContain(`action="/desconocidos/${sender.id}/mensaje"`);
    const closed = await coordinator.post(`/desconocidos/${sender.id}/mensaje`, { texto: '¿Sigues ahí?', sin_mensaje_reciente: 'si' }, json);
    expect(closed.statusCode).toBe(409);
    expect(closed.json()).toMatchObject({ error: 'reply_window_closed', field: 'texto' });
    expect(await staffMessagesTo(sender.id)).toHaveLength(1);
  });

  it('is for coordinators only, names a missing text, and a number no longer in the review', async () => {
    await write('+529981110022', 'hola');
    const sender = await senderOf('+529981110022');
    expect((await psychologist.post(`/desconocidos/${sender.id}/mensaje`, { texto: 'hola' }, json)).statusCode).toBe(403);
    const blank = await coordinator.post(`/desconocidos/${sender.id}/mensaje`, { texto: '   ' }, json);
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ field: 'texto' });
    expect((await coordinator.post('/desconocidos/00000000-0000-7000-8000-000000000000/mensaje', { texto: 'hola' }, json)).statusCode).toBe(404);
    expect(await staffMessagesTo(sender.id)).toHaveLength(0);
  });
});

describe('linking her new number to her case', () => {
  it('moves her messages to the case, makes the number hers, and she is answered there from then on', async () => {
    const { caseId, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Rosa' });
    await t.service.db.case.update({ where: { id: caseId }, data: { folio: 'QR-2026-0451' } });
    const sender = await senderOf('+529981110002');
    const messages = await t.service.db.contact.count({ where: { unknownSenderId: sender.id } });

    // First the case it names, by her alias, to confirm; nothing changes yet.
    const asked = await coordinator.post(`/desconocidos/${sender.id}/vincular`, { caso: 'qr-2026-0451' });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Vas a vincular este número al caso de <strong>Rosa</strong> (folio QR-2026-0451)');
    expect(await t.service.db.unknownSender.findUnique({ where: { id: sender.id } })).not.toBeNull();
    const unconfirmed = await coordinator.post(`/desconocidos/${sender.id}/vincular`, { caso: 'QR-2026-0451' }, json);
    expect(unconfirmed.statusCode).toBe(409);
    expect(unconfirmed.json()).toMatchObject({ error: 'confirmation_needed', field: 'confirmar', caseId });

    const res = await coordinator.post(`/desconocidos/${sender.id}/vincular`, { caso: 'qr-2026-0451', confirmar: 'si' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/casos/${caseId}?hecho=vinculado`);
    expect((await t.service.db.survivor.findUniqueOrThrow({ where: { id: survivorId } })).phoneHash).toBe(privacy.hashPhone(e164.parse('+529981110002')));
    expect(await t.service.db.contact.count({ where: { caseId } })).toBe(messages);
    expect(await t.service.db.unknownSender.findUnique({ where: { id: sender.id } })).toBeNull();
    expect(await t.service.db.auditLog.count({ where: { action: 'unknown_sender.linked', subject: `case:${caseId}` } })).toBe(1);
    expect((await coordinator.get(res.headers.location as string)).body).toContain('Soy Rosa, me cambiaron el teléfono');

    await write('+529981110002', 'hola');
    const inbound = await t.service.db.contact.findFirstOrThrow({ where: { channelMessageId: `wa-unknown-${said}` } });
    expect(inbound.caseId).toBe(caseId);
    expect(inbound.unknownSenderId).toBeNull();
  });

  it('gives a case whose 911 call left no number its follow-up plan, once it has her number', async () => {
    const { caseId, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Alba' });
    await t.service.db.survivor.update({ where: { id: survivorId }, data: { phoneHash: null, phoneCipher: null } });
    await write('+529981110011', 'hola, soy Alba');
    const sender = await senderOf('+529981110011');
    const res = await coordinator.post(`/desconocidos/${sender.id}/vincular`, { caso: caseId, confirmar: 'si' }, json);
    expect(res.statusCode).toBe(200);
    const planned = await t.service.db.checkIn.count({ where: { caseId, status: 'scheduled' } });
    expect(planned).toBeGreaterThan(0);
    expect(res.json()).toEqual({ caseId, checkInsPlanned: planned });
  });

  it('is refused, changing nothing, for a case that is closed, that does not exist, or a number another woman has', async () => {
    const sender = await senderOf('+529981110001');
    const closed = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await t.service.db.case.update({ where: { id: closed.caseId }, data: { status: 'closed', closedAt: new Date() } });
    const toClosed = await coordinator.post(`/desconocidos/${sender.id}/vincular`, { caso: closed.caseId }, json);
    expect(toClosed.statusCode).toBe(409);
    expect(toClosed.json()).toMatchObject({ error: 'case_closed' });
    expect((await coordinator.post(`/desconocidos/${sender.id}/vincular`, { caso: 'QR-NO-EXISTE' }, json)).statusCode).toBe(404);

    // A woman whose follow-up ended still has the number: it is hers, not a new one for another case.
    await t.service.db.survivor.update({ where: { id: closed.survivorId }, data: { phoneHash: sender.phoneHash, phoneCipher: privacy.cipher.encrypt('+529981110001') } });
    const open = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const taken = await coordinator.post(`/desconocidos/${sender.id}/vincular`, { caso: open.caseId, confirmar: 'si' }, json);
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: 'number_taken', field: 'caso' });
    expect(await t.service.db.unknownSender.findUnique({ where: { id: sender.id } })).not.toBeNull();
    expect(await t.service.db.contact.count({ where: { caseId: open.caseId } })).toBe(0);
    expect((await psychologist.post(`/desconocidos/${sender.id}/vincular`, { caso: open.caseId, confirmar: 'si' }, json)).statusCode).toBe(403);
  });
});

describe('a woman who writes again after her follow-up ended', () => {
  it('is named on the number\'s page, and her case opens again waiting for a person, with her messages', async () => {
    const { caseId, survivorId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Marisol' });
    await t.service.db.case.update({ where: { id: caseId }, data: { folio: 'QR-2026-0990', status: 'closed', closedAt: new Date(), outcome: 'seguimiento_concluido' } });
    await t.service.db.survivor.update({ where: { id: survivorId }, data: { optedOutAt: new Date() } });
    await write(phone, 'Hola, soy yo otra vez. Necesito AYUDA');
    const sender = await senderOf(phone);

    const page = await coordinator.get(`/desconocidos/${sender.id}`);
    expect(page.body).toContain('Su seguimiento terminó');
    expect(page.body).toContain('Este número es de <strong>Marisol</strong> (folio QR-2026-0990)');
    expect((await psychologist.post(`/desconocidos/${sender.id}/reabrir`, {}, json)).statusCode).toBe(403);

    const res = await coordinator.post(`/desconocidos/${sender.id}/reabrir`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/casos/${caseId}?hecho=reabierto`);
    await expectReopened(t.service.db, caseId, { reason: 'Volvió a escribir después de terminar su seguimiento', urgency: 'urgent' });
    expect((await t.service.db.survivor.findUniqueOrThrow({ where: { id: survivorId } })).optedOutAt).toBeNull();
    expect(await t.service.db.unknownSender.findUnique({ where: { id: sender.id } })).toBeNull();
    expect(await t.service.db.auditLog.count({ where: { action: 'case.reopened', subject: `case:${caseId}`, staffId: coordinatorId } })).toBe(1);
    const casePage = await coordinator.get(res.headers.location as string);
    expect(casePage.body).toContain('Seguimiento reabierto');
    expect(casePage.body).toContain('Hola, soy yo otra vez. Necesito AYUDA');

    // What she writes next reaches her case; the bot waits for the person.
    const outbound = () => t.service.db.contact.count({ where: { caseId, direction: 'outbound' } });
    const before = await outbound();
    await write(phone, '¿sigues ahí?');
    expect((await t.service.db.contact.findFirstOrThrow({ where: { channelMessageId: `wa-unknown-${said}` } })).caseId).toBe(caseId);
    expect(await outbound()).toBe(before);
  });

  it('is refused for a number that is no woman\'s whose follow-up ended, changing nothing', async () => {
    await write('+529981110030', 'hola');
    const sender = await senderOf('+529981110030');
    expect((await coordinator.get(`/desconocidos/${sender.id}`)).body).not.toContain('Su seguimiento terminó');
    const res = await coordinator.post(`/desconocidos/${sender.id}/reabrir`, {}, json);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'case_not_found' });
    expect(await t.service.db.unknownSender.findUnique({ where: { id: sender.id } })).not.toBeNull();
  });
});
