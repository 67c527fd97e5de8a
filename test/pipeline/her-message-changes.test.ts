/**
 * She edits a message she sent, or deletes it for everyone, on her phone: staff see it on that
 * message (the record keeps what she first wrote); nothing is sent her for it and the bot's question
 * still waits; but an edit that now holds an emergency word is answered as one. A change from another
 * number, or of a message the case does not hold, changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { sqlConversationStore } from '../../src/persistence/sql-conversation-store.js';
import { e164 } from '../../src/app/phone-number.js';
import type { TestService } from '../support/test-service.js';
import { eventually } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';
import type { ConsoleClient } from '../support/console-client.js';
import { startWithCoordinatorAndPsychologist } from '../support/coordinator-and-psychologist.js';

let t: TestService;
let privacy: PrivacyTools;
let coordinator: ConsoleClient;

beforeAll(async () => {
  ({ t, privacy, coordinator } = await startWithCoordinatorAndPsychologist());
});

afterAll(async () => {
  await t?.stop();
});

const write = (from: string, text: string, id: string) => t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from, text, id } });
const change = (payload: Record<string, unknown>) => t.service.server.inject({ method: 'POST', url: '/api/simulator/change', payload });

/** What her phone received once everything queued has run. */
async function phoneAfterAll(phone: string): Promise<string[]> {
  await queuesIdle(t.service.queues);
  const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(phone)}` });
  return (res.json() as { text: string }[]).map((m) => m.text);
}
const contactOf = (id: string) => t.service.db.contact.findFirstOrThrow({ where: { channel: 'simulator', direction: 'inbound', channelMessageId: id } });
const herTexts = async (caseId: string) =>
  (await t.service.db.contact.findMany({ where: { caseId, direction: 'inbound' }, orderBy: { createdAt: 'asc' } })).map((c) => privacy.cipher.decrypt(c.textCipher!));

describe('her edits and deletions', () => {
  it('shows an edit on her message, keeps what she first wrote, sends nothing and leaves the question waiting', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz' });
    const first = `e1-${caseId}`;
    await write(phone, 'Hola', first);
    expect(await phoneAfterAll(phone)).toHaveLength(1);

    expect((await change({ from: phone, of: first, text: 'Hola, soy Luz' })).statusCode).toBe(202);
    const edited = await eventually(async () => {
      const row = await contactOf(first);
      return row.herEditedAt ? row : undefined;
    }, 10_000, 'the edit on her message');
    expect(privacy.cipher.decrypt(edited.editedTextCipher!)).toBe('Hola, soy Luz');
    expect(Buffer.from(edited.editedTextCipher!).toString('utf8')).not.toContain('soy Luz');
    expect(await herTexts(caseId)).toEqual(['Hola']);
    expect(await phoneAfterAll(phone)).toHaveLength(1);

    // A second edit replaces the first; the question she was asked still takes her answer.
    await change({ from: phone, of: first, text: 'Hola, soy Luz Elena' });
    await queuesIdle(t.service.queues);
    expect(privacy.cipher.decrypt((await contactOf(first)).editedTextCipher!)).toBe('Hola, soy Luz Elena');
    await write(phone, '1', `e1b-${caseId}`);
    const after = await phoneAfterAll(phone);
    expect(after).toHaveLength(2);
    expect(after[1]).toMatch(/¿Cómo te sientes hoy\?/);

    // An earlier edit handed over late (a retried job) does not replace the later one.
    const store = sqlConversationStore(t.service.db, privacy);
    const late = { channel: 'simulator' as const, channelMessageId: `${first}:tarde`, from: e164.parse(phone), of: first, editedText: 'Hola, soy L', at: new Date(Date.now() - 60_000).toISOString() };
    expect(await store.markHerMessageChanged(late)).toEqual({ caseId, contactId: edited.id });
    expect(privacy.cipher.decrypt((await contactOf(first)).editedTextCipher!)).toBe('Hola, soy Luz Elena');

    const page = await coordinator.get(`/casos/${caseId}`);
    expect(page.body).toMatch(/Ella lo editó en su teléfono \(<time [^>]+>[^<]+<\/time>\):<\/p><p class="mensaje__texto">Hola, soy Luz Elena<\/p>/);
  });

  it('answers an edit that now holds an emergency word as an emergency', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const first = `e2-${caseId}`;
    await write(phone, 'Hola', first);
    expect(await phoneAfterAll(phone)).toHaveLength(1);
    await change({ from: phone, of: first, text: 'AYUDA' });
    const received = await phoneAfterAll(phone);
    expect(received).toHaveLength(2);
    const alert = await t.service.db.alert.findFirstOrThrow({ where: { caseId, kind: 'emergency_word' } });
    expect(alert.urgency).toBe('urgent');
    expect(await herTexts(caseId)).toEqual(['Hola', 'AYUDA']);
    // Handed over again, the same edit answers nothing more.
    await change({ from: phone, of: first, text: 'AYUDA' });
    expect(await phoneAfterAll(phone)).toHaveLength(2);
  });

  it('shows a deletion once, keeps the message in her record, and sends nothing', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const first = `e3-${caseId}`;
    await write(phone, 'Me volvió a gritar', first);
    expect(await phoneAfterAll(phone)).toHaveLength(1);
    await change({ from: phone, of: first });
    const deleted = await eventually(async () => (await contactOf(first)).herDeletedAt ?? undefined, 10_000, 'the deletion');
    await change({ from: phone, of: first });
    await queuesIdle(t.service.queues);
    expect((await contactOf(first)).herDeletedAt).toEqual(deleted);
    expect(await herTexts(caseId)).toEqual(['Me volvió a gritar']);
    expect(await phoneAfterAll(phone)).toHaveLength(1);
    const page = await coordinator.get(`/casos/${caseId}`);
    expect(page.body).toContain('Me volvió a gritar');
    expect(page.body).toMatch(/Ella lo borró para todos en su teléfono \(<time /);
  });

  it('changes nothing for a change from another number, or of a message no case or number holds', async () => {
    const her = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const other = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const first = `e4-${her.caseId}`;
    await write(her.phone, 'Hola', first);
    await queuesIdle(t.service.queues);
    await change({ from: other.phone, of: first });
    await change({ from: other.phone, of: first, text: 'AYUDA' });
    await change({ from: her.phone, of: 'nunca-recibido', text: 'AYUDA' });
    await change({ from: '+5219980000001', of: first });
    await queuesIdle(t.service.queues);
    expect(await contactOf(first)).toMatchObject({ herEditedAt: null, herDeletedAt: null, editedTextCipher: null });
    expect(await phoneAfterAll(other.phone)).toEqual([]);
    expect(await phoneAfterAll('+5219980000001')).toEqual([]);
    expect(await t.service.db.alert.count({ where: { caseId: { in: [her.caseId, other.caseId] } } })).toBe(0);
  });

  it('shows a change of a number without a case on its review page, and answers only an emergency word', async () => {
    const stranger = '+5219987770011';
    await write(stranger, 'Soy yo, cambié de número', 'e5-sin-caso');
    await queuesIdle(t.service.queues);
    const sentBefore = await phoneAfterAll(stranger);
    await change({ from: stranger, of: 'e5-sin-caso', text: 'Soy yo, cambié de teléfono' });
    await change({ from: stranger, of: 'e5-sin-caso' });
    await queuesIdle(t.service.queues);
    const row = await contactOf('e5-sin-caso');
    expect(row.caseId).toBeNull();
    expect(row.herDeletedAt).not.toBeNull();
    expect(privacy.cipher.decrypt(row.editedTextCipher!)).toBe('Soy yo, cambié de teléfono');
    expect(await phoneAfterAll(stranger)).toEqual(sentBefore);
    const page = await coordinator.get(`/desconocidos/${row.unknownSenderId}`);
    expect(page.body).toContain('Soy yo, cambié de número');
    expect(page.body).toMatch(/Ella lo editó en su teléfono \(<time [^>]+>[^<]+<\/time>\):<\/p><p class="mensaje__texto">Soy yo, cambié de teléfono<\/p>/);
    expect(page.body).toContain('Ella lo borró para todos en su teléfono');

    // An edit that now holds an emergency word gets the emergency reply, as a new message would.
    await write(stranger, 'Hola', 'e5-sin-caso-2');
    await queuesIdle(t.service.queues);
    const before = await phoneAfterAll(stranger);
    await change({ from: stranger, of: 'e5-sin-caso-2', text: 'AYUDA' });
    const after = await phoneAfterAll(stranger);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatch(/^Si estás en peligro, llama al 911 ahora/);
    expect((await t.service.db.unknownSender.findFirstOrThrow({ where: { id: row.unknownSenderId! } })).emergencyAt).not.toBeNull();
  });

  it('lists a number without a case for a look again when an edit of its message now holds a risk signal, answering nothing', async () => {
    const stranger = '+5219987770012';
    await write(stranger, 'Hola, soy yo', 'e6-sin-caso');
    await queuesIdle(t.service.queues);
    const sender = await t.service.db.unknownSender.findFirstOrThrow({ where: { contacts: { some: { channelMessageId: 'e6-sin-caso' } } } });
    expect(sender.riskAt).toBeNull();
    await t.service.db.unknownSender.update({ where: { id: sender.id }, data: { reviewedAt: new Date() } });
    const sentBefore = await phoneAfterAll(stranger);
    await change({ from: stranger, of: 'e6-sin-caso', text: 'Hola, soy yo, me quitó el celular' });
    await queuesIdle(t.service.queues);
    expect(await t.service.db.unknownSender.findUniqueOrThrow({ where: { id: sender.id } })).toMatchObject({ riskAt: expect.any(Date), reviewedAt: null, emergencyAt: null });
    expect(await phoneAfterAll(stranger)).toEqual(sentBefore);
  });

  it('refuses a malformed change naming the field', async () => {
    const res = await change({ from: '+5219981112233', text: 'hola' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'of' });
  });
});
