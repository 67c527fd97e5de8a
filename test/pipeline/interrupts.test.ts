import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeCodeWord } from '../../src/engine/index.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { codeWordHasher, phoneHasher } from '../../src/privacy/phone-hash.js';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';

let t: TestService;
let privacy: PrivacyTools;

beforeAll(async () => {
  t = await startTestService();
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
});

afterAll(async () => {
  await t?.stop();
});

const post = (from: string, text: string, id: string) =>
  t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from, text, id } });

async function repliesTo(phone: string, count: number): Promise<string[]> {
  return eventually(async () => {
    const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(phone)}` });
    const texts = (res.json() as { text: string }[]).map((m) => m.text);
    return texts.length >= count ? texts : undefined;
  }, 10_000, `${count} replies`);
}

describe('interrupts before any flow step', () => {
  it('an emergency word answers what to do now and puts the case first, urgent, for a person', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    expect((await post(phone, 'Hola', `e-${caseId}-1`)).statusCode).toBe(202);
    expect(await repliesTo(phone, 1)).toEqual(['Hola Flor, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
    expect((await post(phone, 'necesito AYUDA', `e-${caseId}-2`)).statusCode).toBe(202);
    const texts = await repliesTo(phone, 2);
    expect(texts[1]).toMatch(/llama al 911/);
    await queuesIdle(t.service.queues);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { alerts: true, sessions: true } });
    expect(row).toMatchObject({ attention: 'waiting_person', urgency: 'urgent', attentionReason: 'Escribió una palabra de emergencia' });
    expect(row.alerts).toEqual([expect.objectContaining({ kind: 'emergency_word', urgency: 'urgent' })]);
    expect(row.sessions.map((s) => [s.status, s.outcome])).toEqual([['ended', 'emergency_word']]);

    // The bot stays silent afterwards: a person answers.
    expect((await post(phone, '1', `e-${caseId}-3`)).statusCode).toBe(202);
    await queuesIdle(t.service.queues);
    expect(await repliesTo(phone, 2)).toHaveLength(2);
  });

  it('her code word gets a harmless reply, withdraws what was pending and alerts a person', async () => {
    const { caseId, phone, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await t.service.db.survivor.update({
      where: { id: survivorId },
      data: { codeWordHash: codeWordHasher(t.config.PHONE_HASH_KEY)(normalizeCodeWord('Girasol')) },
    });
    await t.service.db.checkIn.create({ data: { caseId, planItem: 'luego', flowId: 'seguimiento', dueAt: new Date(Date.now() + 86_400_000), plannedAt: new Date() } });
    expect((await post(phone, '  girasol ', `c-${caseId}`)).statusCode).toBe(202);
    const [reply] = await repliesTo(phone, 1);
    expect(reply).toBe('Ok, gracias 👍');
    await queuesIdle(t.service.queues);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { alerts: true, checkIns: true } });
    expect(row).toMatchObject({ attention: 'waiting_person', urgency: 'urgent', attentionReason: 'Usó su palabra clave' });
    expect(row.alerts.map((a) => a.kind)).toEqual(['code_word']);
    expect(row.checkIns.map((c) => c.status)).toEqual(['cancelled']);
  });

  it.each([
    ['written in a fancy-text keyboard\'s letters', normalizeCodeWord('Girasol'), '\u{1D5DA}\u{1D5F6}\u{1D5FF}\u{1D5EE}\u{1D600}\u{1D5FC}\u{1D5F9}'],
    // Stored before code words were read through compatibility forms: «º» was kept as it is.
    ['agreed when «º» was kept as typed', 'senora nº 5', 'Señora Nº 5'],
  ])('her code word is recognised %s', async (_how, stored, written) => {
    const { caseId, phone, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await t.service.db.survivor.update({ where: { id: survivorId }, data: { codeWordHash: codeWordHasher(t.config.PHONE_HASH_KEY)(stored) } });
    expect((await post(phone, written, `f-${caseId}`)).statusCode).toBe(202);
    expect(await repliesTo(phone, 1)).toEqual(['Ok, gracias 👍']);
    await queuesIdle(t.service.queues);
    expect((await t.service.db.alert.findMany({ where: { caseId } })).map((a) => a.kind)).toEqual(['code_word']);
  });

  it('her code word is answered even when her waiting session was stored by a release this one cannot read', async () => {
    const { caseId, phone, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await t.service.db.survivor.update({
      where: { id: survivorId },
      data: { codeWordHash: codeWordHasher(t.config.PHONE_HASH_KEY)(normalizeCodeWord('Girasol')) },
    });
    expect((await post(phone, 'Hola', `v-${caseId}-1`)).statusCode).toBe(202);
    await repliesTo(phone, 1);
    await queuesIdle(t.service.queues);
    const waiting = await t.service.db.flowSession.findFirstOrThrow({ where: { caseId, status: 'waiting' } });
    const state = { ...(JSON.parse(privacy.cipher.decrypt(waiting.stateCipher)) as object), version: 99 };
    await t.service.db.flowSession.update({ where: { id: waiting.id }, data: { stateCipher: privacy.cipher.encrypt(JSON.stringify(state)) } });

    expect((await post(phone, 'girasol', `v-${caseId}-2`)).statusCode).toBe(202);
    expect((await repliesTo(phone, 2))[1]).toBe('Ok, gracias 👍');
    await queuesIdle(t.service.queues);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { alerts: true, sessions: true } });
    expect(row).toMatchObject({ attention: 'waiting_person', urgency: 'urgent', attentionReason: 'Usó su palabra clave' });
    expect(row.alerts.map((a) => a.kind)).toEqual(['code_word']);
    expect(row.sessions.map((s) => [s.status, s.outcome, s.timeoutAt])).toEqual([['ended', 'code_word', null]]);
  });

  it('an opt-out word is confirmed once, cancels every check-in, and nothing is sent until she writes again', async () => {
    const { caseId, phone, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(Date.now() + 86_400_000) });
    const planned = await t.service.checkIns.enroll(caseId);
    expect(planned.length).toBeGreaterThan(0);
    expect((await post(phone, 'Baja, por favor', `o-${caseId}-1`)).statusCode).toBe(202);
    const [confirmation] = await repliesTo(phone, 1);
    expect(confirmation).toMatch(/ya no te enviaré mensajes/);
    await queuesIdle(t.service.queues);
    const survivor = await t.service.db.survivor.findUniqueOrThrow({ where: { id: survivorId } });
    expect(survivor.optedOutAt).not.toBeNull();
    const checkIns = await t.service.db.checkIn.findMany({ where: { caseId } });
    expect(checkIns.every((c) => c.status === 'cancelled' && c.movedReason === 'pidió no recibir mensajes')).toBe(true);
    const jobs = await t.service.checkIns.deps.scheduler.scheduledJobs();
    expect(jobs.filter((j) => checkIns.some((c) => c.id === j.checkInId))).toEqual([]);

    // She writes again: the opt-out is lifted and the conversation goes on.
    expect((await post(phone, 'Hola de nuevo', `o-${caseId}-2`)).statusCode).toBe(202);
    const again = await repliesTo(phone, 2);
    expect(again.slice(1)).toEqual(['Hola Flor, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
    expect((await t.service.db.survivor.findUniqueOrThrow({ where: { id: survivorId } })).optedOutAt).toBeNull();
  });

  it('a flow handoff makes the case wait for a person', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await post(phone, 'Hola', `h-${caseId}-1`);
    await repliesTo(phone, 1);
    await post(phone, '1', `h-${caseId}-2`);
    await repliesTo(phone, 2);
    await post(phone, '4', `h-${caseId}-3`);
    await repliesTo(phone, 3);
    await queuesIdle(t.service.queues);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { alerts: true } });
    expect(row.attention).toBe('waiting_person');
    expect(row.alerts.map((a) => a.kind)).toEqual(['handoff']);
  });
});
