import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../src/app/ports.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { eventually, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { markUrgent } from '../support/urgent-case.js';
import { expectReopened } from '../support/reopened-case.js';
import { startOpenHoursService } from '../support/open-hours-service.js';

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
const events: CaseEvent[] = [];
let stopListening: () => Promise<void>;
let ana: ConsoleClient;
let coordination: ConsoleClient;
let anaId: string;

beforeAll(async () => {
  // Any hour is inside her safe hours: a person's message outside them needs confirming (test/console/outside-hours.test.ts).
  ({ t, privacy } = await startOpenHoursService());
  stopListening = await t.service.events.subscribe((e) => events.push(e));
  anaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana Pérez' });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test', displayName: 'Carmen Coordinadora' });
  ana = new ConsoleClient(t.service.server);
  coordination = new ConsoleClient(t.service.server);
  await ana.signIn('ana@unidad.test');
  await coordination.signIn('coord@unidad.test');
});

afterAll(async () => {
  await stopListening?.();
  await t?.stop();
});

async function newCase(options: { alias?: string; assigned?: string | null } = {}) {
  const created = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: options.alias ?? 'Luz' });
  if (options.assigned !== null) await t.service.db.case.update({ where: { id: created.caseId }, data: { assignedStaffId: options.assigned ?? anaId } });
  return created;
}

let inboundSeq = 0;
async function write(from: string, text: string) {
  inboundSeq += 1;
  const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from, text, id: `t-${inboundSeq}` } });
  expect(res.statusCode).toBe(202);
}

async function phone(to: string): Promise<string[]> {
  const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(to)}` });
  return (res.json() as { text: string }[]).map((m) => m.text);
}

async function phoneReaches(to: string, count: number): Promise<string[]> {
  return eventually(async () => {
    const got = await phone(to);
    return got.length >= count ? got : undefined;
  }, 10_000, `${count} messages on the phone`);
}

const json = { accept: 'application/json' };

describe('taking over an urgent chat, writing to her and handing back', () => {
  let caseId: string;
  let number: string;
  let openingCount: number;

  beforeAll(async () => {
    ({ caseId, phone: number } = await newCase());
    await write(number, 'Hola');
    const opening = await phoneReaches(number, 1);
    // One message opens it: her greeting, then the safety question.
    expect(opening).toEqual(['Hola Luz, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
    openingCount = opening.length;
    await queuesIdle(t.service.queues);
    await markUrgent(t.service.db, t.service.events, caseId);
  });

  it('lists the urgent case first in her inbox, by alias, with the reason and how long', async () => {
    const calm = await newCase({ alias: 'Rosa' });
    const inbox = await ana.get('/');
    expect(inbox.statusCode).toBe(200);
    const urgent = inbox.body.indexOf(`id="caso-${caseId}"`);
    const other = inbox.body.indexOf(`id="caso-${calm.caseId}"`);
    expect(urgent).toBeGreaterThan(-1);
    expect(other).toBeGreaterThan(urgent);
    const row = inbox.body.slice(urgent, inbox.body.indexOf('</li>', urgent));
    expect(row).toContain('data-group="urgent"');
    expect(row).toContain('Luz');
    expect(row).toContain('Palabra de emergencia');
    expect(row).toMatch(/hace (un momento|\d+ min)/);
    expect(inbox.body).not.toContain(number);
    expect(inbox.body).not.toContain(number.slice(1));
  });

  it('lets only one of two people take it at the same time; the other is told who has it', async () => {
    const [first, second] = await Promise.all([
      ana.post(`/casos/${caseId}/tomar`, {}, json),
      coordination.post(`/casos/${caseId}/tomar`, {}, json),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = first.statusCode === 409 ? first : second;
    const winnerIsAna = loser === second;
    expect(loser.json()).toMatchObject({ error: 'held_by_other', heldBy: winnerIsAna ? 'Ana Pérez' : 'Carmen Coordinadora' });
    // Make sure Ana holds it for the rest of the story.
    if (!winnerIsAna) {
      await t.service.db.case.update({ where: { id: caseId }, data: { heldById: anaId } });
    }
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row).toMatchObject({ attention: 'with_person', heldById: anaId, urgency: 'urgent', attentionReason: 'Palabra de emergencia' });
    expect(await t.service.db.flowSession.count({ where: { caseId, status: 'waiting' } })).toBe(1);
    expect(events).toContainEqual({ type: 'attention_changed', caseId });
    const audit = await t.service.db.auditLog.findMany({ where: { action: 'case.taken_over', subject: `case:${caseId}` } });
    expect(audit).toHaveLength(1);

    const again = await coordination.post(`/casos/${caseId}/tomar`);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('La conversación la tiene Ana Pérez');
    const page = await coordination.get(`/casos/${caseId}`);
    expect(page.body).toContain('La conversación la tiene Ana Pérez');
  });

  it('keeps the bot silent while she is held, and records what she writes', async () => {
    const before = events.length;
    await write(number, '¿Sigues ahí?');
    await queuesIdle(t.service.queues);
    await new Promise((r) => setTimeout(r, 200));
    expect(await phone(number)).toHaveLength(openingCount);
    const inbound = await t.service.db.contact.findMany({ where: { caseId, direction: 'inbound' } });
    expect(inbound).toHaveLength(2);
    expect(events.slice(before)).toContainEqual(expect.objectContaining({ type: 'contact_added', caseId }));
  });

  it('sends her message through the outbound queue, recorded as a contact by her, and announced live', async () => {
    const before = events.length;
    const res = await ana.post(`/casos/${caseId}/mensajes`, { texto: '  Aquí estoy, Luz. ¿Puedes hablar?  ' }, json);
    expect(res.statusCode).toBe(201);
    const { contactId } = res.json() as { contactId: string };
    const received = await phoneReaches(number, openingCount + 1);
    expect(received.at(-1)).toBe('Aquí estoy, Luz. ¿Puedes hablar?');
    const contact = await eventually(async () => {
      const c = await t.service.db.contact.findUniqueOrThrow({ where: { id: contactId } });
      return c.status === 'sent' ? c : undefined;
    });
    expect(contact).toMatchObject({ caseId, direction: 'outbound', author: 'staff', staffId: anaId, channel: 'simulator' });
    expect(privacy.cipher.decrypt(contact.textCipher!)).toBe('Aquí estoy, Luz. ¿Puedes hablar?');
    expect(events.slice(before)).toContainEqual({ type: 'contact_added', caseId, contactId });

    const form = await ana.post(`/casos/${caseId}/mensajes`, { texto: 'Te leo.' });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe(`/casos/${caseId}?hecho=enviado`);
    await phoneReaches(number, openingCount + 2);
    // Each message is an action of hers in the audit trail: who, which contact, never the text.
    const audited = await t.service.db.auditLog.findMany({ where: { action: 'case.message_sent', subject: `case:${caseId}` }, orderBy: { createdAt: 'asc' } });
    expect(audited).toHaveLength(2);
    expect(audited[0]).toMatchObject({ staffId: anaId, detail: { contactId, what: 'message' } });
    expect(JSON.stringify(audited.map((entry) => entry.detail))).not.toContain('Te leo');
  });

  it('refuses messages from anyone who does not hold the chat, and empty ones', async () => {
    const other = await coordination.post(`/casos/${caseId}/mensajes`, { texto: 'Hola' }, json);
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ error: 'held_by_other', heldBy: 'Ana Pérez' });
    const empty = await ana.post(`/casos/${caseId}/mensajes`, { texto: '   ' }, json);
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ field: 'texto', message: 'texto: no puede estar vacío' });
    // The page says it in Spanish too.
    const page = await ana.post(`/casos/${caseId}/mensajes`, { texto: '   ' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('no puede estar vacío');
    const noChoice = await ana.post(`/casos/${caseId}/devolver`, {});
    expect(noChoice.statusCode).toBe(400);
    expect(noChoice.body).toContain('elige qué hace el bot después');
    // A field not sent at all is missing, in Spanish, not "is required".
    const missing = await ana.post(`/casos/${caseId}/mensajes`, {}, json);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ field: 'texto', message: 'texto: es obligatorio' });
    // A check without a message of its own is worded in Spanish too, as staff read it.
    const notice = await ana.get(`/casos/${caseId}?hecho=${'x'.repeat(21)}`, json);
    expect(notice.statusCode).toBe(400);
    expect(notice.json()).toMatchObject({ field: 'hecho', message: 'hecho: debe tener como máximo 20 caracteres' });
  });

  it('shows the whole history with who wrote each message, her consents and never her number', async () => {
    const page = await ana.get(`/casos/${caseId}`);
    expect(page.statusCode).toBe(200);
    for (const text of ['Hola', '¿Sigues ahí?', 'Aquí estoy, Luz. ¿Puedes hablar?', 'Te leo.']) expect(page.body).toContain(text);
    expect(page.body).toContain('mensaje--bot');
    expect(page.body).toMatch(/<p class="mensaje__autor">Ana Pérez<\/p>/);
    expect(page.body).toMatch(/<p class="mensaje__autor">Luz<\/p>/);
    expect(page.body).toContain('Mensajes de seguimiento</strong>: sí');
    expect(page.body).toContain('Palabra de emergencia');
    expect(page.body).not.toContain(number.slice(1));
    const viewed = await t.service.db.auditLog.findMany({ where: { action: 'case.viewed', subject: `case:${caseId}` } });
    expect(viewed.length).toBeGreaterThanOrEqual(1);
    expect(viewed.at(-1)!.staffId).toBe(anaId);
  });

  it('hands back to the bot: alerts resolved by her, urgency cleared, and her next answer resumes the flow', async () => {
    const res = await ana.post(`/casos/${caseId}/devolver`, { modo: 'reanudar' });
    expect(res.statusCode).toBe(303);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row).toMatchObject({ attention: 'bot', heldById: null, urgency: 'none', attentionReason: null, attentionSince: null });
    const alerts = await t.service.db.alert.findMany({ where: { caseId } });
    expect(alerts.every((a) => a.resolvedAt !== null && a.resolvedById === anaId)).toBe(true);
    const audit = await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'case.handed_back', subject: `case:${caseId}` } });
    expect(audit.detail).toEqual({ mode: 'resume' });

    const before = (await phone(number)).length;
    await write(number, '1');
    const after = await phoneReaches(number, before + 1);
    expect(after.slice(before)[0]).toContain('¿Cómo te sientes hoy?');
  });
});

describe('taking over from the console', () => {
  it("withdraws the bot's messages still waiting to go out, so they do not arrive while she talks with a person", async () => {
    const { caseId } = await newCase({ alias: 'Alba' });
    // A paced or unlinked channel can keep the bot's messages queued for seconds or hours.
    const queued = { caseId, direction: 'outbound', channel: 'simulator', author: 'bot', status: 'queued', textCipher: privacy.cipher.encrypt('¿Cómo te sientes hoy?') } as const;
    const bot = await t.service.db.contact.create({ data: queued });
    const sent = await t.service.db.contact.create({ data: { ...queued, status: 'sent' } });
    expect((await ana.post(`/casos/${caseId}/tomar`, {}, json)).statusCode).toBe(200);
    expect(await t.service.db.contact.findUniqueOrThrow({ where: { id: bot.id } })).toMatchObject({ status: 'failed', errorCode: 'CANCELLED_TAKEOVER' });
    expect((await t.service.db.contact.findUniqueOrThrow({ where: { id: sent.id } })).status).toBe('sent');
  });
});

describe('other ways of handing back', () => {
  it('ends the follow-up with an outcome: case closed, sessions ended, check-ins cancelled', async () => {
    const { caseId, phone: number } = await newCase({ alias: 'Sol' });
    await write(number, 'Hola');
    expect(await phoneReaches(number, 1)).toEqual(['Hola Sol, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
    await queuesIdle(t.service.queues);
    const future = new Date(Date.now() + 7 * 24 * 3_600_000);
    await t.service.db.checkIn.create({ data: { caseId, planItem: 'semana_1', flowId: 'primer-contacto', dueAt: future, plannedAt: future } });
    await ana.post(`/casos/${caseId}/tomar`);
    // Two messages not sent yet (a sender waits for its turn): the bot's, and Ana's goodbye.
    const unsent = (author: 'bot' | 'staff') =>
      t.service.db.contact.create({ data: { caseId, direction: 'outbound', channel: 'simulator', author, status: 'sending', sequence: 0, textCipher: privacy.cipher.encrypt('…') } });
    const [botUnsent, goodbye] = [await unsent('bot'), await unsent('staff')];
    const res = await ana.post(`/casos/${caseId}/devolver`, { modo: 'terminar', resultado: 'canalizada' });
    expect(res.statusCode).toBe(303);
    expect(await t.service.db.contact.findUniqueOrThrow({ where: { id: botUnsent.id } })).toMatchObject({ status: 'failed', errorCode: 'CANCELLED_CASE_CLOSED' });
    expect((await t.service.db.contact.findUniqueOrThrow({ where: { id: goodbye.id } })).status).toBe('sending');
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row).toMatchObject({ status: 'closed', outcome: 'canalizada', attention: 'bot', heldById: null });
    expect(row.closedAt).not.toBeNull();
    expect(await t.service.db.flowSession.count({ where: { caseId, status: 'waiting' } })).toBe(0);
    expect(await t.service.db.checkIn.findMany({ where: { caseId }, select: { status: true } })).toEqual([{ status: 'cancelled' }]);
    const page = await ana.get(`/casos/${caseId}`);
    expect(page.body).toContain('Seguimiento terminado');
    expect(page.body).toContain('Canalizada a otra institución');
    expect((await ana.post(`/casos/${caseId}/tomar`, {}, json)).statusCode).toBe(409);
    expect((await ana.get('/')).body).not.toContain(`caso-${caseId}`);
  });

  it('refuses to hand back a chat someone else holds, except a coordinator releasing it', async () => {
    const { caseId } = await newCase();
    await ana.post(`/casos/${caseId}/tomar`);
    const bea = new ConsoleClient(t.service.server);
    const beaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'bea@unidad.test', displayName: 'Bea' });
    await t.service.db.case.update({ where: { id: caseId }, data: { assignedStaffId: beaId } });
    await bea.signIn('bea@unidad.test');
    expect((await bea.post(`/casos/${caseId}/devolver`, { modo: 'reanudar' }, json)).statusCode).toBe(409);
    expect((await coordination.post(`/casos/${caseId}/devolver`, { modo: 'reanudar' }, json)).statusCode).toBe(200);
    const audit = await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'case.handed_back', subject: `case:${caseId}` } });
    expect(audit.detail).toEqual({ mode: 'resume', forced: true });
  });
});

describe('consent before any message', () => {
  it('refuses to write to her without follow-up consent, or after she opted out', async () => {
    const withdrawn = await newCase();
    await t.service.db.consent.create({ data: { survivorId: withdrawn.survivorId, purpose: 'follow_up', granted: false, source: 'chat' } });
    await ana.post(`/casos/${withdrawn.caseId}/tomar`);
    const refused = await ana.post(`/casos/${withdrawn.caseId}/mensajes`, { texto: 'Hola' }, json);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'no_follow_up_consent' });
    expect((await ana.post(`/casos/${withdrawn.caseId}/devolver`, { modo: 'flujo', flujo: 'primer-contacto' }, json)).statusCode).toBe(409);
    expect((await ana.get(`/casos/${withdrawn.caseId}`)).body).toContain('No hay consentimiento de seguimiento vigente');

    const optedOut = await newCase();
    await t.service.db.survivor.update({ where: { id: optedOut.survivorId }, data: { optedOutAt: new Date() } });
    await ana.post(`/casos/${optedOut.caseId}/tomar`);
    const res = await ana.post(`/casos/${optedOut.caseId}/mensajes`, { texto: 'Hola' }, json);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'opted_out' });
    await queuesIdle(t.service.queues);
    expect(await phone(withdrawn.phone)).toEqual([]);
    expect(await phone(optedOut.phone)).toEqual([]);
    expect(await t.service.db.contact.count({ where: { caseId: { in: [withdrawn.caseId, optedOut.caseId] } } })).toBe(0);
  });
});

describe('notes, phone reveal and assignment', () => {
  it('keeps private notes encrypted and audited', async () => {
    const { caseId } = await newCase();
    const res = await ana.post(`/casos/${caseId}/notas`, { texto: 'Refiere que él regresa el viernes.' });
    expect(res.statusCode).toBe(303);
    const note = await t.service.db.caseNote.findFirstOrThrow({ where: { caseId } });
    expect(note.staffId).toBe(anaId);
    expect(Buffer.from(note.textCipher).toString('utf8')).not.toContain('viernes');
    expect((await ana.get(`/casos/${caseId}`)).body).toContain('Refiere que él regresa el viernes.');
    const audit = await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'case.note_added', subject: `case:${caseId}` } });
    expect(audit.detail).toEqual({ noteId: note.id });
  });

  it('reveals her number only with a reason, uncached, and writes who, when and why to the audit log', async () => {
    const { caseId, phone: number } = await newCase();
    expect((await ana.post(`/casos/${caseId}/telefono`, {}, json)).statusCode).toBe(400);
    expect((await ana.post(`/casos/${caseId}/telefono`, { motivo: '   ' }, json)).statusCode).toBe(400);
    expect((await ana.post(`/casos/${caseId}/telefono`, { motivo: 'x'.repeat(201) }, json)).statusCode).toBe(400);
    expect(await t.service.db.auditLog.count({ where: { action: 'case.phone_revealed' } })).toBe(0);

    const res = await ana.post(`/casos/${caseId}/telefono`, { motivo: 'Llamada de seguimiento acordada' }, json);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ phone: number });
    expect(res.headers['cache-control']).toBe('no-store');
    const audit = await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'case.phone_revealed', subject: `case:${caseId}` } });
    // The reason is free text: kept encrypted with the data keys, like notes.
    expect(audit).toMatchObject({ staffId: anaId });
    expect(JSON.stringify(audit.detail)).not.toContain('Llamada');
    const sealed = (audit.detail as { sealed: { reason: string } }).sealed.reason;
    expect(privacy.cipher.decrypt(Buffer.from(sealed, 'base64'))).toBe('Llamada de seguimiento acordada');
    expect(JSON.stringify(audit)).not.toContain(number.slice(1));
    const page = await ana.post(`/casos/${caseId}/telefono`, { motivo: 'Otra vez' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(number);
    expect(t.logText()).not.toContain(number.slice(1));
  });

  it('lets a coordinator assign a case to a psychologist, who then sees it, audited', async () => {
    const { caseId } = await newCase({ assigned: null });
    const carlosId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'carlos@unidad.test', displayName: 'Carlos' });
    const carlos = new ConsoleClient(t.service.server);
    await carlos.signIn('carlos@unidad.test');
    expect((await carlos.get(`/casos/${caseId}`)).statusCode).toBe(404);
    const admin = await createStaffAccount(t.service.db, { role: 'admin', email: 'adm@unidad.test' });
    expect((await coordination.post(`/casos/${caseId}/asignar`, { staffId: admin }, json)).statusCode).toBe(400);
    const res = await coordination.post(`/casos/${caseId}/asignar`, { staffId: carlosId });
    expect(res.statusCode).toBe(303);
    expect((await carlos.get(`/casos/${caseId}`)).statusCode).toBe(200);
    expect((await carlos.get('/')).body).toContain(`caso-${caseId}`);
    const audit = await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'case.assigned', subject: `case:${caseId}` } });
    expect(audit.detail).toEqual({ assigneeId: carlosId });
    expect(events).toContainEqual({ type: 'attention_changed', caseId });
  });

  it('puts a chat held by a disabled account back in the queue for a person', async () => {
    const { caseId } = await newCase();
    const danaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'dana@unidad.test', displayName: 'Dana' });
    await t.service.db.case.update({ where: { id: caseId }, data: { assignedStaffId: danaId } });
    const dana = new ConsoleClient(t.service.server);
    await dana.signIn('dana@unidad.test');
    expect((await dana.post(`/casos/${caseId}/tomar`)).statusCode).toBe(303);
    await createStaffAccount(t.service.db, { role: 'admin', email: 'jefa@unidad.test' });
    const admin = new ConsoleClient(t.service.server);
    await admin.signIn('jefa@unidad.test');
    expect((await admin.post(`/admin/personal/${danaId}/desactivar`)).statusCode).toBe(303);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row).toMatchObject({ attention: 'waiting_person', heldById: null });
    expect(row.attentionReason).toContain('ya no tiene cuenta activa');
  });
});

describe('opening an ended follow-up again', () => {
  /** Ana's case, enrolled in the plan, whose follow-up she ended from the console. */
  async function endedCase(assigned?: string) {
    const { caseId } = await newCase();
    const planned = await t.service.checkIns.enroll(caseId);
    expect((await ana.post(`/casos/${caseId}/tomar`)).statusCode).toBe(303);
    expect((await ana.post(`/casos/${caseId}/devolver`, { modo: 'terminar', resultado: 'canalizada' })).statusCode).toBe(303);
    expect(await t.service.db.checkIn.count({ where: { caseId, status: 'scheduled' } })).toBe(0);
    if (assigned) await t.service.db.case.update({ where: { id: caseId }, data: { assignedStaffId: assigned } });
    return { caseId, planned };
  }

  it('waits for a person, plans again the check-ins its end cancelled, and is audited', async () => {
    const { caseId, planned } = await endedCase();
    expect((await ana.get(`/casos/${caseId}`)).body).toContain(`action="/casos/${caseId}/reabrir"`);

    const res = await ana.post(`/casos/${caseId}/reabrir`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/casos/${caseId}?hecho=reabierto`);
    await expectReopened(t.service.db, caseId, { reason: 'Seguimiento reabierto desde el caso', urgency: 'normal' });
    const scheduled = await t.service.db.checkIn.findMany({ where: { caseId, status: 'scheduled' } });
    expect(scheduled.map((c) => c.id).sort()).toEqual(planned.map((c) => c.id).sort());
    const jobs = (await t.service.checkIns.deps.scheduler.scheduledJobs()).map((j) => `${j.checkInId}@${j.dueAt}`);
    for (const c of scheduled) expect(jobs).toContain(`${c.id}@${c.dueAt.getTime()}`);
    expect(await t.service.db.auditLog.count({ where: { action: 'case.reopened', subject: `case:${caseId}`, staffId: anaId } })).toBe(1);
    const after = await ana.get(res.headers.location as string);
    expect(after.body).toContain('Seguimiento reabierto: el caso espera a una persona');
    expect(after.body).not.toContain(`action="/casos/${caseId}/reabrir"`);
  });

  it('is refused for a case still open, and to someone who may not see the case, changing nothing', async () => {
    const { caseId } = await endedCase();
    expect((await ana.post(`/casos/${caseId}/reabrir`, {}, json)).json()).toMatchObject({ checkInsPlanned: expect.any(Number) });
    const again = await ana.post(`/casos/${caseId}/reabrir`, {}, json);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'case_open' });
    expect(await t.service.db.auditLog.count({ where: { action: 'case.reopened', subject: `case:${caseId}` } })).toBe(1);

    // Another psychologist's case does not exist for Ana.
    const otherId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'rosa@unidad.test', displayName: 'Rosa' });
    const { caseId: hers } = await endedCase(otherId);
    expect((await ana.post(`/casos/${hers}/reabrir`, {}, json)).statusCode).toBe(404);
    expect((await t.service.db.case.findUniqueOrThrow({ where: { id: hers } })).status).toBe('closed');
  });
});
