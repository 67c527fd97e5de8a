/**
 * A woman whose case has no follow-up consent (the 911 call left none, or she withdrew it) writes:
 * the bot answers nothing, her message is kept, and a person is asked to read it, once until it is
 * attended; none while a person holds the chat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { NO_CONSENT_REASON } from '../../src/app/no-consent-alert.js';
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

/** A case whose newest follow-up decision is a no. */
async function caseWithoutConsent(): Promise<{ caseId: string; phone: string }> {
  const { caseId, phone, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
  await t.service.db.consent.create({ data: { survivorId, purpose: 'follow_up', granted: false, source: 'chat' } });
  return { caseId, phone };
}
async function write(phone: string, text: string, id: string): Promise<void> {
  const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text, id } });
  expect(res.statusCode).toBe(202);
  await queuesIdle(t.service.queues);
}
const noConsentAlerts = (caseId: string) => t.service.db.alert.findMany({ where: { caseId, kind: 'no_consent' }, orderBy: { createdAt: 'asc' } });

describe('her message without follow-up consent', () => {
  it('answers nothing, keeps it, and asks a person to read it once until attended', async () => {
    const { caseId, phone } = await caseWithoutConsent();
    await write(phone, 'hola, ¿siguen ahí? quisiera volver a platicar', `nc1-${caseId}`);
    expect(await t.service.db.contact.count({ where: { caseId, direction: 'outbound' } })).toBe(0);
    expect(await t.service.db.contact.count({ where: { caseId, direction: 'inbound' } })).toBe(1);
    const [alert, ...more] = await noConsentAlerts(caseId);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ urgency: 'normal', reason: NO_CONSENT_REASON, resolvedAt: null });

    // Not a handoff: the unit's reports count only those as «pases a persona».
    expect(await t.service.db.alert.count({ where: { caseId, kind: 'handoff' } })).toBe(0);
    expect((await coordinator.get(`/casos/${caseId}`)).body).toContain('Escribió sin consentimiento de seguimiento');
    const inbox = await coordinator.get('/');
    const waiting = /<ol class="filas" id="filas-waiting">([\s\S]*?)<\/ol>/.exec(inbox.body)?.[1] ?? '';
    expect(waiting).toContain(`/casos/${caseId}`);

    await write(phone, '¿hola?', `nc2-${caseId}`);
    expect(await noConsentAlerts(caseId)).toHaveLength(1);
    expect((await coordinator.post(`/casos/${caseId}/alertas/${alert!.id}/atendida`)).statusCode).toBe(303);
    await write(phone, 'perdón, soy yo otra vez', `nc3-${caseId}`);
    expect((await noConsentAlerts(caseId)).map((a) => a.resolvedAt === null)).toEqual([false, true]);
    expect(await t.service.db.contact.count({ where: { caseId, direction: 'outbound' } })).toBe(0);
  });

  it('asks a person to look at a voice note or a photo she sends, as at a text; not at a sticker', async () => {
    const { caseId, phone } = await caseWithoutConsent();
    const send = async (kind: string, id: string) => {
      const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, kind, id } });
      expect(res.statusCode).toBe(202);
      await queuesIdle(t.service.queues);
    };
    await send('sticker', `nv1-${caseId}`);
    expect(await noConsentAlerts(caseId)).toEqual([]);
    await send('voice', `nv2-${caseId}`);
    expect(await noConsentAlerts(caseId)).toEqual([expect.objectContaining({ urgency: 'normal', reason: NO_CONSENT_REASON, resolvedAt: null })]);
    await send('image', `nv3-${caseId}`);
    expect(await noConsentAlerts(caseId)).toHaveLength(1);
    expect(await t.service.db.contact.count({ where: { caseId, direction: 'outbound' } })).toBe(0);
    expect(await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ attention: 'bot' });
  });

  it('raises none for a message that only thanks', async () => {
    const { caseId, phone } = await caseWithoutConsent();
    await write(phone, 'muchas gracias 🙏', `nt1-${caseId}`);
    expect(await t.service.db.contact.count({ where: { caseId, direction: 'inbound' } })).toBe(1);
    expect(await noConsentAlerts(caseId)).toEqual([]);
    await write(phone, 'gracias, ¿me pueden volver a escribir?', `nt2-${caseId}`);
    expect(await noConsentAlerts(caseId)).toHaveLength(1);
  });

  it('raises none while a person holds the chat', async () => {
    const { caseId, phone } = await caseWithoutConsent();
    await t.service.db.case.update({ where: { id: caseId }, data: { attention: 'with_person', heldById: coordinatorId, attentionSince: new Date() } });
    await write(phone, 'hola', `nh1-${caseId}`);
    expect(await noConsentAlerts(caseId)).toEqual([]);
  });
});
