/**
 * Her reaction (👍 on the question) instead of a written answer: read as its emoji when it is on a
 * message sent to her since she last wrote, while the bot waits for her answer; otherwise nothing is
 * recorded or sent (a reaction to an older message, after she opted out, or from a number without a
 * case).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { eventually, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
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

const post = (payload: Record<string, unknown>) => t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload });

/** What her phone received, with each message's id, once there are at least `count`. */
async function phoneHas(phone: string, count: number): Promise<{ id: string; text: string }[]> {
  return eventually(async () => {
    const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(phone)}` });
    const received = res.json() as { id: string; text: string }[];
    return received.length >= count ? received : undefined;
  }, 10_000, `${count} messages`);
}
/** What her phone received once everything queued has run. */
async function phoneAfterAll(phone: string): Promise<string[]> {
  await queuesIdle(t.service.queues);
  const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(phone)}` });
  return (res.json() as { text: string }[]).map((m) => m.text);
}
const herMessages = async (caseId: string) =>
  (await t.service.db.contact.findMany({ where: { caseId, direction: 'inbound' }, orderBy: { createdAt: 'asc' } })).map((c) => privacy.cipher.decrypt(c.textCipher!));

describe('a reaction instead of an answer', () => {
  it('👍 on the question she was just asked answers it, and is kept as her message', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    expect((await post({ from: phone, text: 'Hola', id: `r1-${caseId}-1` })).statusCode).toBe(202);
    const [question] = await phoneHas(phone, 1);
    expect(question!.text).toMatch(/¿Es buen momento para platicar\?/);

    expect((await post({ from: phone, text: '👍', reactionTo: question!.id, id: `r1-${caseId}-2` })).statusCode).toBe(202);
    const received = await phoneHas(phone, 2);
    expect(received[1]!.text).toMatch(/¿Cómo te sientes hoy\?/);
    expect(await herMessages(caseId)).toEqual(['Hola', '👍']);
  });

  it('on a message older than her last one answers nothing and is not kept', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await post({ from: phone, text: 'Hola', id: `r2-${caseId}-1` });
    const [question] = await phoneHas(phone, 1);
    await post({ from: phone, text: '1', id: `r2-${caseId}-2` });
    await phoneHas(phone, 2);
    // «¿Cómo te sientes?» waits; a 👍 now on the first question is not an answer to it.
    expect((await post({ from: phone, text: '👍', reactionTo: question!.id, id: `r2-${caseId}-3` })).statusCode).toBe(202);
    expect(await phoneAfterAll(phone)).toHaveLength(2);
    expect(await herMessages(caseId)).toEqual(['Hola', '1']);
  });

  it('on the confirmation of her opt-out does not bring her back', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await post({ from: phone, text: 'BAJA', id: `r3-${caseId}-1` });
    const [confirmation] = await phoneHas(phone, 1);
    expect(confirmation!.text).toMatch(/ya no te enviaré mensajes/);
    await post({ from: phone, text: '👍', reactionTo: confirmation!.id, id: `r3-${caseId}-2` });
    expect(await phoneAfterAll(phone)).toHaveLength(1);
    const survivor = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { survivor: true } });
    expect(survivor.survivor.optedOutAt).not.toBeNull();
    expect(await herMessages(caseId)).toEqual(['BAJA']);
  });

  it('when no flow waits for her answer starts no conversation', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await post({ from: phone, text: 'Hola', id: `r4-${caseId}-1` });
    const [question] = await phoneHas(phone, 1);
    await t.service.db.flowSession.updateMany({ where: { caseId }, data: { status: 'ended' } });
    await post({ from: phone, text: '❤️', reactionTo: question!.id, id: `r4-${caseId}-2` });
    expect(await phoneAfterAll(phone)).toHaveLength(1);
    expect(await herMessages(caseId)).toEqual(['Hola']);
  });

  it('from a number without a case gets no reply and leaves nothing', async () => {
    const phone = '+529981110777';
    expect((await post({ from: phone, text: '👍', reactionTo: 'sim-somewhere', id: 'r5-1' })).statusCode).toBe(202);
    expect(await phoneAfterAll(phone)).toEqual([]);
    expect(await t.service.db.unknownSender.count()).toBe(0);
  });

  it('the simulator refuses a reaction without its emoji, naming the field', async () => {
    const res = await post({ from: '+529981110778', kind: 'sticker', reactionTo: 'sim-x' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('reactionTo');
  });
});
