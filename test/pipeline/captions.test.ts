import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
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

const post = (payload: Record<string, unknown>) => t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload });

async function repliesTo(phone: string, count: number): Promise<string[]> {
  return eventually(async () => {
    const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(phone)}` });
    const texts = (res.json() as { text: string }[]).map((m) => m.text);
    return texts.length >= count ? texts : undefined;
  }, 10_000, `${count} replies`);
}

describe('a caption is read like a text', () => {
  it('a photo captioned "AYUDA por favor" answers what to do now, makes the case urgent, and keeps the caption encrypted with the photo', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    expect((await post({ from: phone, kind: 'image', caption: 'AYUDA por favor', id: `cap-${caseId}-1` })).statusCode).toBe(202);
    const [reply] = await repliesTo(phone, 1);
    expect(reply).toMatch(/llama al 911/);
    await queuesIdle(t.service.queues);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { alerts: true } });
    expect(row).toMatchObject({ attention: 'waiting_person', urgency: 'urgent' });
    expect(row.alerts.map((alert) => alert.kind)).toEqual(['emergency_word']);
    const [photo] = await t.service.db.contact.findMany({ where: { caseId, direction: 'inbound' } });
    expect(photo?.kind).toBe('image');
    expect(photo?.textCipher).not.toBeNull();
    expect(Buffer.from(photo!.textCipher!).toString('latin1')).not.toContain('AYUDA');
    expect(privacy.cipher.decrypt(photo!.textCipher!)).toBe('AYUDA por favor');
  });

  it('a captioned photo answers the waiting question like a text', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    expect((await post({ from: phone, text: 'Hola', id: `cap-${caseId}-1` })).statusCode).toBe(202);
    const first = await repliesTo(phone, 1);
    // One message opens it: her greeting, then the safety question.
    expect(first).toEqual(['Hola Flor, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
    expect((await post({ from: phone, kind: 'image', caption: 'sí, ahorita puedo', id: `cap-${caseId}-2` })).statusCode).toBe(202);
    const texts = await repliesTo(phone, 2);
    expect(texts[1]).toMatch(/Cómo te sientes/);
    await queuesIdle(t.service.queues);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { alerts: true } });
    expect(row.attention).toBe('bot');
    // The bot read the caption, not the photo: a person is told there is one to look at.
    expect(row.alerts.map(({ kind, urgency, reason, resolvedAt }) => ({ kind, urgency, reason, resolvedAt }))).toEqual([
      { kind: 'file_to_review', urgency: 'normal', reason: 'Envió una imagen con texto; el bot solo leyó el texto: revisa el archivo.', resolvedAt: null },
    ]);
  });

  it('a photo without a caption still goes to a person, as before', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    expect((await post({ from: phone, text: 'Hola', id: `nc-${caseId}-1` })).statusCode).toBe(202);
    expect(await repliesTo(phone, 1)).toEqual(['Hola Flor, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
    expect((await post({ from: phone, kind: 'image', id: `nc-${caseId}-2` })).statusCode).toBe(202);
    await repliesTo(phone, 2);
    await queuesIdle(t.service.queues);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { alerts: true } });
    expect(row.attention).toBe('waiting_person');
    expect(row.alerts.map((alert) => alert.kind)).toEqual(['handoff']);
  });

  it('a sticker is kept and answered with nothing: it says «gracias» or «ok» more often than anything, and the question still waits', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    expect((await post({ from: phone, text: 'Hola', id: `st-${caseId}-1` })).statusCode).toBe(202);
    await repliesTo(phone, 1);
    expect((await post({ from: phone, kind: 'sticker', id: `st-${caseId}-2` })).statusCode).toBe(202);
    await queuesIdle(t.service.queues);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { alerts: true, sessions: true } });
    expect(row).toMatchObject({ attention: 'bot', alerts: [], sessions: [expect.objectContaining({ status: 'waiting' })] });
    expect(await t.service.db.contact.findMany({ where: { caseId, direction: 'inbound' }, select: { kind: true }, orderBy: { createdAt: 'asc' } })).toEqual([{ kind: 'text' }, { kind: 'sticker' }]);
    expect((await post({ from: phone, text: 'sí', id: `st-${caseId}-3` })).statusCode).toBe(202);
    expect((await repliesTo(phone, 2))[1]).toMatch(/Cómo te sientes/);
  });

  it('a caption without a kind, or with a text, is refused naming the field', async () => {
    const res = await post({ from: '+5215550001111', text: 'hola', caption: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('caption');
  });
});
