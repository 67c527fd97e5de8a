/**
 * She can ask, in her words, to be written at other hours («no me escribas en la mañana», «mejor
 * escríbeme cuando esté sola»). A person is asked to look at her safe hours whatever the flow does
 * with the message; where the question waiting for her does not understand it, or no conversation is
 * under way, she gets «Va, lo tomo en cuenta…» and the conversation ends, instead of «no te entendí»
 * or a new conversation's first question.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import type { TestService } from '../support/test-service.js';
import { caseWithSessionsAndAlerts, sentToCase, writeAndSettle } from '../support/her-writes.js';
import { createConsentingCase } from '../support/demo-case.js';
import { startOpenHoursService } from '../support/open-hours-service.js';
import { HOURS_REQUEST_REASON } from '../../src/app/hours-alert.js';

let t: TestService;
let privacy: PrivacyTools;

beforeAll(async () => {
  ({ t, privacy } = await startOpenHoursService());
});

afterAll(async () => {
  await t?.stop();
});

const HOURS_REPLY = 'Va, lo tomo en cuenta. Gracias por avisarme.';

const write = (phone: string, text: string, id: string) => writeAndSettle(t, phone, text, id);
const sent = (caseId: string) => sentToCase(t, privacy.cipher, caseId);
const caseRow = (caseId: string) => caseWithSessionsAndAlerts(t, caseId);
/** The case's alerts as [kind, urgency, reason], oldest first. */
async function alerts(caseId: string): Promise<Array<[string, string, string]>> {
  const rows = await t.service.db.alert.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } });
  return rows.map((a) => [a.kind, a.urgency, a.reason]);
}

describe('her request for other hours', () => {
  it('with no conversation under way, answers it and starts nothing; a person is asked to look at her hours', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'no me escribas en la mañana porfa', `a1-${caseId}`);
    expect(await sent(caseId)).toEqual([['interrupt:hours_request', HOURS_REPLY]]);
    const row = await caseRow(caseId);
    expect(row.sessions).toEqual([]);
    // The bot goes on with her at other times: nobody is awaited, the open alert lists the case.
    expect(row.attention).toBe('bot');
    expect(await alerts(caseId)).toEqual([['hours_request', 'normal', HOURS_REQUEST_REASON]]);
  });

  it('at a question that does not understand it, ends the conversation with the reply, not «no te entendí»', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `b1-${caseId}`);
    await write(phone, '1', `b2-${caseId}`);
    await write(phone, 'bien, pero ya no me escribas tan temprano', `b3-${caseId}`);
    expect((await sent(caseId)).map(([node]) => node)).toEqual(['momento', 'como_te_sientes', 'interrupt:hours_request']);
    const row = await caseRow(caseId);
    expect(row.sessions.map((s) => [s.status, s.outcome])).toEqual([['ended', 'pide_otro_horario']]);
    expect(await alerts(caseId)).toEqual([['hours_request', 'normal', HOURS_REQUEST_REASON]]);
  });

  it('where the question understands it, leaves the answer to the flow and still asks a person to look at her hours', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `c1-${caseId}`);
    await write(phone, 'mejor escríbeme en la tarde', `c2-${caseId}`);
    const replies = await sent(caseId);
    expect(replies.map(([node]) => node)).not.toContain('interrupt:hours_request');
    expect(replies.at(-1)?.[1]).toMatch(/Te escribo en otro momento/);
    expect(await alerts(caseId)).toEqual([['hours_request', 'normal', HOURS_REQUEST_REASON]]);
    // Asking again before anyone looked adds no second alert.
    await write(phone, 'a esta hora no puedo contestar', `c3-${caseId}`);
    expect(await alerts(caseId)).toEqual([['hours_request', 'normal', HOURS_REQUEST_REASON]]);
  });

  it('raises nothing while a person holds the chat (she reads it as it comes), and nothing for a time or a later moment alone', async () => {
    const held = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await t.service.db.case.update({ where: { id: held.caseId }, data: { attention: 'with_person' } });
    await write(held.phone, 'no me escribas en la mañana', `d1-${held.caseId}`);
    expect(await sent(held.caseId)).toEqual([]);
    expect(await alerts(held.caseId)).toEqual([]);

    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `e1-${caseId}`);
    await write(phone, 'escríbeme más tarde', `e2-${caseId}`);
    await write(phone, 'en las noches no duermo', `e3-${caseId}`);
    expect((await sent(caseId)).map(([node]) => node)).not.toContain('interrupt:hours_request');
    expect(await alerts(caseId)).toEqual([]);
  });
});
