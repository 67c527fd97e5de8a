/**
 * Someone asks who is writing («¿quién eres?») or says the number is not hers, where the question
 * does not understand it or no conversation is under way. It may be her, who forgot; it may be
 * someone else holding her phone. The shipped settings answer a harmless goodbye that tells nothing,
 * the conversation ends, and the case waits for a person, urgently: the bot sends nothing more, not
 * even «no te entendí», until someone has looked.
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

const GOODBYE = 'Soy Ana 🙂 Luego te escribo. ¡Que tengas bonito día!';

const write = (phone: string, text: string, id: string) => writeAndSettle(t, phone, text, id);
const sent = (caseId: string) => sentToCase(t, privacy.cipher, caseId);
const caseRow = (caseId: string) => caseWithSessionsAndAlerts(t, caseId);

describe('someone asking who is writing', () => {
  it('at the safety question, gets a goodbye that tells nothing, and the case waits for a person, urgently', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `a1-${caseId}`);
    await write(phone, '¿Quién eres?', `a2-${caseId}`);
    expect((await sent(caseId)).map(([node, text]) => [node, node === 'momento' ? '…' : text])).toEqual([
      ['momento', '…'],
      ['interrupt:who_is_writing', GOODBYE],
    ]);
    const row = await caseRow(caseId);
    expect(row).toMatchObject({ attention: 'waiting_person', urgency: 'urgent' });
    expect(row.attentionReason).toMatch(/^Preguntaron quién escribe/);
    expect(row.sessions.map((s) => [s.status, s.outcome])).toEqual([['ended', 'pregunta_quien_escribe']]);
    // Its own kind: the reports' «pidió una persona» counts only her requests.
    expect(row.alerts.map((a) => [a.kind, a.urgency])).toEqual([['who_is_writing', 'urgent']]);

    // Nothing more from the bot until a person has looked.
    await write(phone, 'contesta', `a3-${caseId}`);
    expect(await sent(caseId)).toHaveLength(2);
  });

  it('with no conversation under way, starts none: «número equivocado» gets the goodbye', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'número equivocado', `b1-${caseId}`);
    expect(await sent(caseId)).toEqual([['interrupt:who_is_writing', GOODBYE]]);
    const row = await caseRow(caseId);
    expect(row.sessions).toEqual([]);
    expect(row.attention).toBe('waiting_person');
  });

  it('leaves to the flow what the question understands', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `c1-${caseId}`);
    await write(phone, 'sí, ya sé quién es', `c2-${caseId}`);
    expect((await sent(caseId)).map(([node]) => node)).toEqual(['momento', 'como_te_sientes']);
    const row = await caseRow(caseId);
    expect(row.attention).toBe('bot');
    expect(row.alerts).toEqual([]);
  });
});
