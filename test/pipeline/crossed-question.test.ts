/**
 * She writes in several lines: the lines she sent before she could read the question the first one
 * started are kept, not met with «no te entendí» and not counted as failed answers; an answer the
 * question understands is taken however fast it comes, and so is a request for a person; a line written once she could read it is
 * asked again as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import type { TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';
import { READING_GRACE_MS } from '../../src/app/crossed-question.js';
import { startOpenHoursService } from '../support/open-hours-service.js';

let t: TestService;
let privacy: PrivacyTools;

beforeAll(async () => {
  ({ t, privacy } = await startOpenHoursService());
});

afterAll(async () => {
  await t?.stop();
});

const write = (from: string, text: string) => t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from, text } });
async function phone(to: string): Promise<string[]> {
  await queuesIdle(t.service.queues);
  const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(to)}` });
  return (res.json() as { text: string }[]).map((m) => m.text);
}
const herTexts = async (caseId: string) =>
  (await t.service.db.contact.findMany({ where: { caseId, direction: 'inbound' }, orderBy: { createdAt: 'asc' } })).map((c) => privacy.cipher.decrypt(c.textCipher!));
/** As if the bot's last message reached her long enough ago for her to read it. */
const readLongAgo = (caseId: string) =>
  t.service.db.contact.updateMany({ where: { caseId, direction: 'outbound' }, data: { statusAt: new Date(Date.now() - 2 * READING_GRACE_MS) } });

describe('lines she wrote before she could read the question', () => {
  it('are kept without «no te entendí», and the question still takes her answer', async () => {
    const { caseId, phone: her } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    for (const text of ['Hola', 'buenas tardes', 'disculpa la hora, no sabía si era este número', 'estoy sola ahorita']) await write(her, text);
    const received = await phone(her);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(/¿Es buen momento para platicar\?/);
    expect(await herTexts(caseId)).toEqual(['Hola', 'buenas tardes', 'disculpa la hora, no sabía si era este número', 'estoy sola ahorita']);
    // Four lines, none of them a failed answer: she still has every attempt, and «1» goes on.
    await readLongAgo(caseId);
    await write(her, '1');
    const after = await phone(her);
    expect(after).toHaveLength(2);
    expect(after[1]).toMatch(/¿Cómo te sientes hoy\?/);
    const session = await t.service.db.flowSession.findFirstOrThrow({ where: { caseId, status: 'waiting' } });
    expect(session.flowId).toBe('primer-contacto');
  });

  it('call a person when one asks for a person, however fast', async () => {
    const { caseId, phone: her } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    for (const text of ['Hola', 'buenas tardes', 'quería platicar con alguien, no me siento bien']) await write(her, text);
    const received = await phone(her);
    expect(received).toHaveLength(2);
    expect(received[1]).toBe('Claro que sí. En un ratito te escribe por aquí una persona de confianza.');
    expect(await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ attention: 'waiting_person', attentionReason: 'Pidió hablar con una persona' });
  });

  it('take an answer the question understands, however fast', async () => {
    const { phone: her } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(her, 'Hola');
    await write(her, 'sí');
    const received = await phone(her);
    expect(received[1]).toMatch(/¿Cómo te sientes hoy\?/);
  });

  it('a greeting once she could have read the question gets the question again, not «no te entendí»', async () => {
    const { caseId, phone: her } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(her, 'Hola');
    const [question] = await phone(her);
    await readLongAgo(caseId);
    await write(her, 'holaaa, buenas tardes');
    expect(await phone(her)).toEqual([question, question]);
    // No attempt spent: the session still holds none.
    const session = await t.service.db.flowSession.findFirstOrThrow({ where: { caseId, status: 'waiting' } });
    expect((JSON.parse(privacy.cipher.decrypt(session.stateCipher)) as { attempts: number }).attempts).toBe(0);

    // Another greeting in a row is only kept: the question is already the last thing on her screen.
    await readLongAgo(caseId);
    await write(her, 'hola?');
    expect(await phone(her)).toEqual([question, question]);
    expect(await herTexts(caseId)).toEqual(['Hola', 'holaaa, buenas tardes', 'hola?']);
    // And her answer after it is still read.
    await write(her, '1');
    expect(await phone(her)).toHaveLength(3);
  });

  it('are asked again once she could have read the question, as before', async () => {
    const { caseId, phone: her } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(her, 'Hola');
    expect(await phone(her)).toHaveLength(1);
    await readLongAgo(caseId);
    await write(her, 'uf, quién sabe');
    const received = await phone(her);
    expect(received).toHaveLength(2);
    expect(received[1]).toBe('Perdona, no te entendí. Responde 1 (sí) o 2 (no).');
  });
});
