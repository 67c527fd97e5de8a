/**
 * Her consent per purpose recorded from the case page: each decision kept with who recorded it and
 * audited, refused by field when wrong, and a withdrawal stopping at once what depends on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { fireCheckIn } from '../../src/app/checkins/fire-check-in.js';

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let ana: ConsoleClient;
let carlos: ConsoleClient;
let coordinator: ConsoleClient;
let anaId: string;
let martaId: string;
const json = { accept: 'application/json' };
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await startTestService({ env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none', WORKING_HOURS: '1-7 00:00-24:00' } });
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  anaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana Pérez' });
  await createStaffAccount(t.service.db, { role: 'psychologist', email: 'carlos@unidad.test', displayName: 'Carlos Ruiz' });
  martaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'marta@unidad.test', displayName: 'Marta' });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test' });
  ana = new ConsoleClient(t.service.server);
  carlos = new ConsoleClient(t.service.server);
  coordinator = new ConsoleClient(t.service.server);
  await ana.signIn('ana@unidad.test');
  await carlos.signIn('carlos@unidad.test');
  await coordinator.signIn('coord@unidad.test');
});

afterAll(async () => {
  await t?.stop();
});

const anasCase = () => createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz', assignedStaffId: anaId });
const consentsOf = (survivorId: string) => t.service.db.consent.findMany({ where: { survivorId }, orderBy: { recordedAt: 'asc' } });
const audits = (caseId: string) => t.service.db.auditLog.findMany({ where: { action: 'case.consent_recorded', subject: `case:${caseId}` } });

/** Books a session for `caseId` with Marta `hoursAhead` from now, through the coordinator's API. */
async function book(caseId: string, hoursAhead: number) {
  const startsAt = new Date(Date.now() + hoursAhead * HOUR);
  startsAt.setUTCMinutes(0, 0, 0);
  return coordinator.request({
    method: 'POST',
    url: '/api/appointments',
    headers: { 'csrf-token': coordinator.csrf, 'content-type': 'application/json' },
    payload: JSON.stringify({ caseId, staffId: martaId, startsAt: startsAt.toISOString() }),
  });
}

describe('a decision recorded', () => {
  it('is kept with who recorded it, audited, and shown on the case as the one in force', async () => {
    const { caseId, survivorId } = await anasCase();
    const before = await ana.get(`/casos/${caseId}`);
    expect(before.body).toMatch(/<strong>Registro en BANAVIM<\/strong>: <span class="tenue">sin registrar<\/span>/);

    const res = await ana.post(`/casos/${caseId}/consentimientos`, { proposito: 'banavim', decision: 'si' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/casos/${caseId}?hecho=consentimiento`);
    const banavim = (await consentsOf(survivorId)).filter((c) => c.purpose === 'banavim');
    expect(banavim).toEqual([expect.objectContaining({ granted: true, source: 'console', recordedById: anaId })]);
    expect(await audits(caseId)).toEqual([expect.objectContaining({ staffId: anaId, detail: { purpose: 'banavim', granted: true } })]);

    const page = await ana.get(res.headers.location as string);
    expect(page.body).toContain('Decisión registrada.');
    expect(page.body).toMatch(/<strong>Registro en BANAVIM<\/strong>: sí <span class="tenue">\(en la consola, /);
    // The newest decision is the one in force.
    await ana.post(`/casos/${caseId}/consentimientos`, { proposito: 'banavim', decision: 'no' });
    expect((await ana.get(`/casos/${caseId}`)).body).toMatch(/<strong>Registro en BANAVIM<\/strong>: no <span class="tenue">/);
  });

  it.each([
    [{ decision: 'si' }, 'proposito'],
    [{ proposito: 'llamadas', decision: 'si' }, 'proposito'],
    [{ proposito: 'videollamada' }, 'decision'],
    [{ proposito: 'videollamada', decision: 'tal vez' }, 'decision'],
  ])('refuses %j naming %s, and records nothing', async (form, field) => {
    const { caseId, survivorId } = await anasCase();
    const res = await ana.post(`/casos/${caseId}/consentimientos`, form, json);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field });
    expect(await consentsOf(survivorId)).toHaveLength(2);
    expect(await audits(caseId)).toEqual([]);
  });

  it('is refused on a case the psychologist may not see, and records nothing', async () => {
    const { caseId, survivorId } = await anasCase();
    const res = await carlos.post(`/casos/${caseId}/consentimientos`, { proposito: 'seguimiento', decision: 'no' });
    expect(res.statusCode).toBe(404);
    expect(await consentsOf(survivorId)).toHaveLength(2);
  });
});

describe('withdrawing follow-up consent', () => {
  it('withdraws every message to her not sent yet and ends her waiting conversation, in the same moment', async () => {
    const { caseId, survivorId } = await anasCase();
    const unsent = [];
    for (const [author, status] of [['bot', 'queued'], ['staff', 'queued'], ['bot', 'sending']] as const) {
      unsent.push(
        await t.service.db.contact.create({
          data: { caseId, direction: 'outbound', channel: 'simulator', author, status, textCipher: privacy.cipher.encrypt('¿Cómo estás?') },
        }),
      );
    }
    const sent = await t.service.db.contact.create({
      data: { caseId, direction: 'outbound', channel: 'simulator', author: 'bot', status: 'sent', textCipher: privacy.cipher.encrypt('Hola') },
    });
    const session = await t.service.db.flowSession.create({ data: { caseId, flowId: 'primer-contacto', status: 'waiting', stateCipher: privacy.cipher.encrypt('{}') } });

    const res = await ana.post(`/casos/${caseId}/consentimientos`, { proposito: 'seguimiento', decision: 'no' }, json);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ withdrawnMessages: 3, cancelledSessions: 0, checkInsPlanned: 0 });
    for (const c of unsent) {
      expect(await t.service.db.contact.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: 'failed', errorCode: 'CANCELLED_NO_CONSENT' });
    }
    expect((await t.service.db.contact.findUniqueOrThrow({ where: { id: sent.id } })).status).toBe('sent');
    expect(await t.service.db.flowSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ status: 'ended', outcome: 'sin_consentimiento' });
    expect((await consentsOf(survivorId)).at(-1)).toMatchObject({ purpose: 'follow_up', granted: false });
    expect(await audits(caseId)).toEqual([expect.objectContaining({ detail: { purpose: 'follow_up', granted: false, withdrawnMessages: 3 } })]);

    const page = await ana.get(`/casos/${caseId}?hecho=consentimiento-baja`);
    expect(page.body).toContain('el bot ya no le escribe');
    expect(page.body).toContain('Sin consentimiento de seguimiento: el bot no le escribe.');
  });
});

describe('follow-up consent given in the console', () => {
  it('enrols a case imported without it in the check-in plan', async () => {
    const { caseId, survivorId } = await anasCase();
    await t.service.db.consent.deleteMany({ where: { survivorId } });
    expect(await t.service.db.checkIn.count({ where: { caseId } })).toBe(0);
    const res = await ana.post(`/casos/${caseId}/consentimientos`, { proposito: 'seguimiento', decision: 'si' });
    expect(res.headers.location).toBe(`/casos/${caseId}?hecho=consentimiento-plan`);
    const planned = await t.service.db.checkIn.findMany({ where: { caseId, status: 'scheduled' } });
    expect(planned.length).toBeGreaterThan(0);
    // Given again, it plans nothing new.
    const again = await ana.post(`/casos/${caseId}/consentimientos`, { proposito: 'seguimiento', decision: 'si' }, json);
    expect(again.json()).toMatchObject({ checkInsPlanned: 0 });
    expect(await t.service.db.checkIn.count({ where: { caseId } })).toBe(planned.length);
  });
});

describe('follow-up consent given again after a withdrawal', () => {
  it('plans again, from now, the check-ins cancelled for want of it, and only those', async () => {
    const { caseId } = await anasCase();
    const enrolled = await t.service.checkIns.enroll(caseId);
    expect(enrolled.length).toBeGreaterThan(1);
    const [first, second] = enrolled;
    expect((await ana.post(`/casos/${caseId}/consentimientos`, { proposito: 'seguimiento', decision: 'no' })).statusCode).toBe(303);
    // The first falls due while her consent is withdrawn; a person cancelled the second for a reason of their own.
    await t.service.db.checkIn.update({ where: { id: first!.id }, data: { dueAt: new Date() } });
    expect(await fireCheckIn(t.service.checkIns.deps, first!.id)).toMatchObject({ kind: 'cancelled', reason: 'sin consentimiento de seguimiento' });
    await t.service.db.checkIn.update({ where: { id: second!.id }, data: { status: 'cancelled', movedReason: 'acordado con ella' } });

    const res = await ana.post(`/casos/${caseId}/consentimientos`, { proposito: 'seguimiento', decision: 'si' }, json);
    expect(res.json()).toMatchObject({ checkInsPlanned: 1 });
    const again = await t.service.db.checkIn.findUniqueOrThrow({ where: { id: first!.id } });
    expect(again).toMatchObject({ status: 'scheduled', plannedAt: first!.plannedAt });
    expect(again.dueAt.getTime()).toBeGreaterThan(Date.now());
    expect((await t.service.checkIns.deps.scheduler.scheduledJobs()).map((j) => `${j.checkInId}@${j.dueAt}`)).toContain(`${first!.id}@${again.dueAt.getTime()}`);
    expect((await t.service.db.checkIn.findUniqueOrThrow({ where: { id: second!.id } })).status).toBe('cancelled');
  });
});

describe('video-call consent', () => {
  it('withdrawn, cancels her sessions still to happen and their invitation, and booking is refused until she gives it again', async () => {
    const { caseId } = await anasCase();
    const booked = await book(caseId, 24 * 3);
    expect(booked.statusCode).toBe(201);
    const sessionId = booked.json().id as string;

    const res = await ana.post(`/casos/${caseId}/consentimientos`, { proposito: 'videollamada', decision: 'no' });
    expect(res.headers.location).toBe(`/casos/${caseId}?hecho=consentimiento-citas`);
    expect((await t.service.db.appointment.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe('cancelled');
    expect(await t.service.db.checkIn.count({ where: { caseId, flowId: 'invitacion-videollamada', status: 'scheduled' } })).toBe(0);
    expect(await t.service.db.auditLog.count({ where: { action: 'appointment.cancel', staffId: anaId, subject: `case:${caseId}` } })).toBe(1);

    const refused = await book(caseId, 24 * 4);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'no_video_consent', field: 'caseId' });
    expect((await coordinator.get('/calendario')).body).not.toContain(`value="${caseId}"`);

    await ana.post(`/casos/${caseId}/consentimientos`, { proposito: 'videollamada', decision: 'si' });
    expect((await book(caseId, 24 * 5)).statusCode).toBe(201);
  });

  it('never recorded, refuses booking with the reason in the calendar form', async () => {
    const { caseId, survivorId } = await anasCase();
    await t.service.db.consent.deleteMany({ where: { survivorId, purpose: 'video_call' } });
    expect((await coordinator.get('/calendario')).body).not.toContain(`value="${caseId}"`);
    const res = await coordinator.post('/calendario/citas', { staffId: martaId, caseId, hueco: '', inicio: new Date(Date.now() + 48 * HOUR).toISOString().slice(0, 16) });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('No tiene registrado su consentimiento para videollamadas.');
  });
});
