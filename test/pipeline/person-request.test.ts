/**
 * She can ask for a person at any moment, in her words: where the question waiting for her does not
 * understand her message, or no conversation is under way, «quiero hablar con una persona» gets the
 * reply that a person will write and the case waits for one. A flow's own choice for it keeps its
 * answer; «no quiero hablar con alguien» is no request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import type { TestService } from '../support/test-service.js';
import { caseWithSessionsAndAlerts, sentToCase, writeAndSettle } from '../support/her-writes.js';
import { createConsentingCase } from '../support/demo-case.js';
import { startOpenHoursService } from '../support/open-hours-service.js';

let t: TestService;
let privacy: PrivacyTools;

beforeAll(async () => {
  ({ t, privacy } = await startOpenHoursService());
});

afterAll(async () => {
  await t?.stop();
});

const PERSON_REPLY = 'Claro que sí. En un ratito te escribe por aquí una persona de confianza.';

const write = (phone: string, text: string, id: string) => writeAndSettle(t, phone, text, id);
const sent = (caseId: string) => sentToCase(t, privacy.cipher, caseId);
const caseRow = (caseId: string) => caseWithSessionsAndAlerts(t, caseId);

describe('her request for a person', () => {
  it('with no conversation under way, calls a person instead of starting the flow', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'quiero hablar con una persona por favor', `p1-${caseId}`);
    expect(await sent(caseId)).toEqual([['interrupt:person_request', PERSON_REPLY]]);
    const row = await caseRow(caseId);
    expect(row).toMatchObject({ attention: 'waiting_person', urgency: 'normal', attentionReason: 'Pidió hablar con una persona' });
    expect(row.sessions).toEqual([]);
    expect(row.alerts).toEqual([expect.objectContaining({ kind: 'handoff', urgency: 'normal' })]);

    // The bot stays silent now: a person answers.
    await write(phone, '¿hola?', `p2-${caseId}`);
    expect(await sent(caseId)).toHaveLength(1);
  });

  it('at a question that does not understand her, ends the conversation and calls a person', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `q1-${caseId}`);
    await write(phone, 'si pero quiero hablar con una persona de verdad, no con un robot', `q2-${caseId}`);
    expect((await sent(caseId)).map(([node]) => node)).toEqual(['momento', 'interrupt:person_request']);
    const row = await caseRow(caseId);
    expect(row.attention).toBe('waiting_person');
    expect(row.sessions.map((s) => [s.status, s.outcome])).toEqual([['ended', 'pide_persona']]);
  });

  it('takes a long message she writes at a question for a person to read, not for «no te entendí»', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `l1-${caseId}`);
    const story = 'pues la verdad no sé por dónde empezar, desde la semana pasada que regresó a la casa todo está otra vez igual, ' +
      'no me deja ver a mi familia, me revisa el celular todas las noches y ya no duermo, mis hijos están asustados y yo no sé qué hacer';
    await write(phone, story, `l2-${caseId}`);
    expect(await sent(caseId)).toEqual([
      ['momento', expect.stringMatching(/¿Es buen momento para platicar\?/)],
      ['interrupt:person_request', 'Gracias por contarme. En un ratito te escribe por aquí una persona de confianza.'],
    ]);
    const row = await caseRow(caseId);
    expect(row.attention).toBe('waiting_person');
    // «Me revisa el celular» is a risk signal: the person who reads it sees the case as urgent.
    expect(row.alerts.map((a) => [a.kind, a.urgency]).sort()).toEqual([['handoff', 'normal'], ['risk_signal', 'urgent']]);
  });

  it('leaves a flow\'s own choice for it to the flow, its answer saved', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `c1-${caseId}`);
    await write(phone, '1', `c2-${caseId}`);
    await write(phone, 'necesito hablar con alguien', `c3-${caseId}`);
    expect((await sent(caseId)).map(([node]) => node)).toEqual(['momento', 'como_te_sientes', 'respuesta_hablar']);
    const result = await t.service.db.flowResult.findFirst({ where: { caseId, name: 'como_se_siente' } });
    expect(result?.category).toBe('hablar_con_alguien');
    expect((await caseRow(caseId)).attention).toBe('waiting_person');
  });

  it('is no request when she says she does not want one', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `n1-${caseId}`);
    // Past the time a line could cross the question, so the question answers it.
    await t.service.db.contact.updateMany({ where: { caseId, direction: 'outbound' }, data: { statusAt: new Date(Date.now() - 60_000) } });
    await write(phone, 'no quiero hablar con alguien ahorita, gracias', `n2-${caseId}`);
    expect((await sent(caseId)).map(([node]) => node)).not.toContain('interrupt:person_request');
    expect((await caseRow(caseId)).attention).toBe('bot');
  });
});
