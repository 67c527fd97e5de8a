/**
 * She tells of danger in her own words, without an emergency word («tengo miedo de que regrese»):
 * the bot goes on as it would, nothing is said to her about it, and the case goes urgent in the inbox
 * for a person to read her message. Where the question does not understand it, or no conversation is
 * under way, a person answers it, as a long message is answered. One alert until a person attends it; none while a person holds
 * the chat; also for a case without follow-up consent, whose messages the bot never answers, and for
 * a message she edits into one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { RISK_SIGNAL_REASON } from '../../src/app/risk-alert.js';
import type { TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';
import type { ConsoleClient } from '../support/console-client.js';
import { startWithCoordinatorAndPsychologist } from '../support/coordinator-and-psychologist.js';

let t: TestService;
let privacy: PrivacyTools;
let coordinator: ConsoleClient;
let coordinatorId: string;

beforeAll(async () => {
  ({ t, privacy, coordinator, coordinatorId } = await startWithCoordinatorAndPsychologist());
});

afterAll(async () => {
  await t?.stop();
});

const write = (from: string, text: string, id: string) => t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from, text, id } });

/** What her phone received once everything queued has run. */
async function phoneAfterAll(phone: string): Promise<string[]> {
  await queuesIdle(t.service.queues);
  const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(phone)}` });
  return (res.json() as { text: string }[]).map((m) => m.text);
}
const riskAlerts = (caseId: string) => t.service.db.alert.findMany({ where: { caseId, kind: 'risk_signal' }, orderBy: { createdAt: 'asc' } });

describe('a risk signal in her message', () => {
  it('leaves the conversation as it was and asks a person, urgently, to read it: once until attended', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `r1-${caseId}`);
    await write(phone, 'sí', `r2-${caseId}`);
    expect(await phoneAfterAll(phone)).toHaveLength(2);
    expect(await riskAlerts(caseId)).toEqual([]);

    await write(phone, 'más o menos, tengo MIEDO de que regrese', `r3-${caseId}`);
    const replies = await phoneAfterAll(phone);
    // The flow took «más o menos» as it always did; nothing in her replies speaks of the alert.
    expect(replies.slice(2)).toEqual([
      'Gracias por contarme. Hay días más pesados que otros, y está bien sentirse así.',
      expect.stringMatching(/^Recuerda que puedes escribirme/),
    ]);
    const [alert, ...more] = await riskAlerts(caseId);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ urgency: 'urgent', reason: RISK_SIGNAL_REASON, resolvedAt: null });
    expect(await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ attention: 'bot' });
    expect(t.logText()).toContain('risk signal in her message');
    expect(t.logText()).not.toMatch(/miedo|MIEDO/);

    // First in the inbox's urgent section, with the words of the alert; the case page names its kind.
    const inbox = await coordinator.get('/');
    const urgent = /<ol class="filas" id="filas-urgent">([\s\S]*?)<\/ol>/.exec(inbox.body)?.[1] ?? '';
    expect(urgent).toContain(`/casos/${caseId}`);
    expect(urgent).toContain(RISK_SIGNAL_REASON);
    expect((await coordinator.get(`/casos/${caseId}`)).body).toContain('Posible riesgo en su mensaje');

    // She goes on telling it: no second alert while the first is open.
    await write(phone, 'me amenazó otra vez', `r4-${caseId}`);
    await queuesIdle(t.service.queues);
    expect(await riskAlerts(caseId)).toHaveLength(1);

    expect((await coordinator.post(`/casos/${caseId}/alertas/${alert!.id}/atendida`)).statusCode).toBe(303);
    await write(phone, 'ya está afuera de mi casa', `r5-${caseId}`);
    await queuesIdle(t.service.queues);
    expect((await riskAlerts(caseId)).map((a) => a.resolvedAt === null)).toEqual([false, true]);
  });

  it('answers one the question does not understand, or that starts no conversation, with a person, not «no te entendí»', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `rq1-${caseId}`);
    await write(phone, 'sí', `rq2-${caseId}`);
    expect(await phoneAfterAll(phone)).toHaveLength(2);
    // «¿Cómo te sientes hoy?» has no answer in it: she is telling what happened.
    await write(phone, 'me volvió a pegar', `rq3-${caseId}`);
    expect((await phoneAfterAll(phone)).slice(2)).toEqual(['Gracias por contarme. En un ratito te escribe por aquí una persona de confianza.']);
    expect(await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ attention: 'waiting_person' });
    expect(await riskAlerts(caseId)).toMatchObject([{ urgency: 'urgent', reason: RISK_SIGNAL_REASON }]);

    // With no conversation under way, it starts none («Hola …, ¿es buen momento?» would answer her disclosure).
    const other = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(other.phone, 'me quiero matar', `rq4-${other.caseId}`);
    expect(await phoneAfterAll(other.phone)).toEqual(['Gracias por contarme. En un ratito te escribe por aquí una persona de confianza.']);
    expect(await t.service.db.case.findUniqueOrThrow({ where: { id: other.caseId } })).toMatchObject({ attention: 'waiting_person' });
    expect(await riskAlerts(other.caseId)).toMatchObject([{ urgency: 'urgent' }]);
    expect(t.logText()).not.toMatch(/matar|pegar/);
  });

  it('raises nothing for an ordinary message, nor for a word that only contains one («miedosa» is another word)', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola, ¿cómo estás?', `n1-${caseId}`);
    await write(phone, 'sí, ahorita puedo', `n2-${caseId}`);
    await write(phone, 'bien, la perrita es bien miedosa jaja', `n3-${caseId}`);
    await queuesIdle(t.service.queues);
    expect(await t.service.db.contact.count({ where: { caseId, direction: 'inbound' } })).toBe(3);
    expect(await riskAlerts(caseId)).toEqual([]);
  });

  it('raises none while a person holds the chat: she reads it as it comes', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await t.service.db.case.update({ where: { id: caseId }, data: { attention: 'with_person', heldById: coordinatorId, attentionSince: new Date() } });
    await write(phone, 'me quiero morir', `h1-${caseId}`);
    expect(await phoneAfterAll(phone)).toEqual([]);
    expect(await riskAlerts(caseId)).toEqual([]);
  });

  it('alerts a person for a case without follow-up consent, to whom the bot sends nothing', async () => {
    const { caseId, phone, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await t.service.db.consent.create({ data: { survivorId, purpose: 'follow_up', granted: false, source: 'console' } });
    await write(phone, 'me quitó el celular, le escribo de otro', `c1-${caseId}`);
    expect(await phoneAfterAll(phone)).toEqual([]);
    expect(await riskAlerts(caseId)).toEqual([expect.objectContaining({ urgency: 'urgent', resolvedAt: null })]);
  });

  it('reads her edit too: a message she changes into one that tells of danger alerts a person, and answers nothing', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `d1-${caseId}`);
    expect(await phoneAfterAll(phone)).toHaveLength(1);
    const change = await t.service.server.inject({ method: 'POST', url: '/api/simulator/change', payload: { from: phone, of: `d1-${caseId}`, text: 'Hola, tengo miedo' } });
    expect(change.statusCode).toBe(202);
    expect(await phoneAfterAll(phone)).toHaveLength(1);
    expect(await riskAlerts(caseId)).toEqual([expect.objectContaining({ urgency: 'urgent', reason: RISK_SIGNAL_REASON })]);
  });

  it('reads an emergency word she negates as a risk signal: no 911 on her screen, a person reads it; one she thanks for raises nothing', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `g1-${caseId}`);
    await write(phone, 'sí', `g2-${caseId}`);
    await write(phone, 'bien, muchas gracias por la ayuda', `g3-${caseId}`);
    const replies = await phoneAfterAll(phone);
    expect(replies.join(' ')).not.toMatch(/911/);
    expect(await riskAlerts(caseId)).toEqual([]);
    await write(phone, 'no, ya no estoy en peligro', `g4-${caseId}`);
    expect((await phoneAfterAll(phone)).join(' ')).not.toMatch(/911/);
    expect(await riskAlerts(caseId)).toEqual([expect.objectContaining({ urgency: 'urgent', reason: RISK_SIGNAL_REASON })]);
    expect(await t.service.db.alert.count({ where: { caseId, kind: 'emergency_word' } })).toBe(0);
  });

  it('leaves an emergency word to its own reply and alert', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'AYUDA tengo miedo', `e1-${caseId}`);
    expect((await phoneAfterAll(phone))[0]).toMatch(/llama al 911/);
    expect(await riskAlerts(caseId)).toEqual([]);
    expect(await t.service.db.alert.count({ where: { caseId, kind: 'emergency_word' } })).toBe(1);
  });
});
