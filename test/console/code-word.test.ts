/**
 * Her code word recorded from the case page: only its keyed hash is stored, her next message that is
 * the word stops the bot and alerts a person, words that mean something else to the bot are refused
 * naming the field, and every change is audited without the word.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '../support/test-service.js';
import { sayAndWait } from '../support/simulator-phone.js';
import { queuesIdle } from '../support/queues-idle.js';
import type { ConsoleClient } from '../support/console-client.js';
import { startWithTwoPsychologists, type TwoPsychologists } from '../support/two-psychologists.js';

let t: TestService;
let ana: ConsoleClient;
let carlos: ConsoleClient;
let anaId: string;
let anasCase: TwoPsychologists['anasCase'];
const json = { accept: 'application/json' };

beforeAll(async () => {
  ({ t, ana, carlos, anaId, anasCase } = await startWithTwoPsychologists());
});

afterAll(async () => {
  await t?.stop();
});

const storedHash = async (survivorId: string) => (await t.service.db.survivor.findUniqueOrThrow({ where: { id: survivorId } })).codeWordHash;
const audits = (caseId: string) =>
  t.service.db.auditLog.findMany({ where: { action: { startsWith: 'case.code_word' }, subject: `case:${caseId}` }, orderBy: { createdAt: 'asc' } });

describe('recording her code word', () => {
  it('stores only its hash, says so on the case, audits it without the word, and her message with it stops the bot', async () => {
    const { caseId, survivorId, phone } = await anasCase();
    expect((await ana.get(`/casos/${caseId}`)).body).toContain('No tiene palabra clave acordada.');
    const res = await ana.post(`/casos/${caseId}/palabra-clave`, { palabra_clave: '  Mariposa Azul ' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/casos/${caseId}?hecho=palabra-clave`);
    const hash = await storedHash(survivorId);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const page = await ana.get(`/casos/${caseId}?hecho=palabra-clave`);
    expect(page.body).toContain('Palabra clave guardada');
    expect(page.body).toContain('Tiene una palabra clave acordada.');
    expect(page.body.toLowerCase()).not.toContain('mariposa');
    const [entry] = await audits(caseId);
    expect(entry).toMatchObject({ staffId: anaId, action: 'case.code_word_set' });
    expect(JSON.stringify(entry!.detail).toLowerCase()).not.toContain('mariposa');

    // She writes it as she would, in her own case and signs: the bot stops and a person is alerted.
    expect(await sayAndWait(t.service.server, phone, '¡MARIPOSA azul!', `cw-${caseId}`, 1)).toEqual(['Ok, gracias 👍']);
    await queuesIdle(t.service.queues);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { alerts: true } });
    expect(row).toMatchObject({ attention: 'waiting_person', urgency: 'urgent', attentionReason: 'Usó su palabra clave' });
    expect(row.alerts.map((a) => a.kind)).toEqual(['code_word']);
  });

  it('replaces the earlier one, and removed, her old word is an ordinary message again', async () => {
    const { caseId, survivorId, phone } = await anasCase();
    await ana.post(`/casos/${caseId}/palabra-clave`, { palabra_clave: 'Girasol' });
    const first = await storedHash(survivorId);
    await ana.post(`/casos/${caseId}/palabra-clave`, { palabra_clave: 'Tulipán' });
    const second = await storedHash(survivorId);
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);

    const removed = await ana.post(`/casos/${caseId}/palabra-clave/quitar`, {});
    expect(removed.headers.location).toBe(`/casos/${caseId}?hecho=palabra-quitada`);
    expect(await storedHash(survivorId)).toBeNull();
    expect((await audits(caseId)).map((a) => a.action)).toEqual(['case.code_word_set', 'case.code_word_set', 'case.code_word_removed']);
    expect((await ana.get(`/casos/${caseId}`)).body).toContain('No tiene palabra clave acordada.');

    // "Tulipán" now starts the conversation like any message.
    expect((await sayAndWait(t.service.server, phone, 'Tulipán', `cw2-${caseId}`, 1))[0]).toMatch(/^Hola Luz/);
    await queuesIdle(t.service.queues);
    expect(await t.service.db.alert.count({ where: { caseId } })).toBe(0);
  });
});

describe('refusals', () => {
  it.each([
    ['Sí', 'al menos 4 letras'],
    ['1234', 'debe tener letras'],
    ['ayuda ya', 'emergencia o de baja'],
    ['BAJA', 'emergencia o de baja'],
    ['claro que sí', 'respuesta de todos los días'],
    ['Hola', 'respuesta de todos los días'],
    ['x'.repeat(61), 'como máximo 60'],
  ])('%j is refused naming palabra_clave, and nothing changes', async (word, problem) => {
    const { caseId, survivorId } = await anasCase();
    await ana.post(`/casos/${caseId}/palabra-clave`, { palabra_clave: 'Girasol' });
    const before = await storedHash(survivorId);
    const res = await ana.post(`/casos/${caseId}/palabra-clave`, { palabra_clave: word }, json);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'code_word_unsuitable', field: 'palabra_clave' });
    expect(res.json().message).toContain(problem);
    expect(await storedHash(survivorId)).toBe(before);
    expect(await audits(caseId)).toHaveLength(1);
  });

  it('an empty word is a 400 naming the field', async () => {
    const { caseId } = await anasCase();
    const res = await ana.post(`/casos/${caseId}/palabra-clave`, { palabra_clave: '   ' }, json);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'palabra_clave' });
  });

  it('another psychologist\'s case is not found, and keeps its word', async () => {
    const { caseId, survivorId } = await anasCase();
    await ana.post(`/casos/${caseId}/palabra-clave`, { palabra_clave: 'Girasol' });
    const before = await storedHash(survivorId);
    expect((await carlos.post(`/casos/${caseId}/palabra-clave/quitar`, {}, json)).statusCode).toBe(404);
    expect((await carlos.post(`/casos/${caseId}/palabra-clave`, { palabra_clave: 'Tulipán' }, json)).statusCode).toBe(404);
    expect(await storedHash(survivorId)).toBe(before);
  });
});
