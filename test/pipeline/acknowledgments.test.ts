/**
 * She often only thanks or acknowledges («gracias», «ok», 👍) between the bot's messages. Where the
 * question waiting for her does not understand it, it is kept on her case and nothing is sent: no
 * «no te entendí», no attempt spent, the question still waits. Where no conversation is under way, it
 * starts none. A question that takes «ok» or 👍 as a yes still takes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { READING_GRACE_MS } from '../../src/app/crossed-question.js';
import type { TestService } from '../support/test-service.js';
import { sentToCase, writeAndSettle } from '../support/her-writes.js';
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

const write = (phone: string, text: string, id: string) => writeAndSettle(t, phone, text, id);
/** The nodes the service's messages to the case came from, oldest first. */
const sentNodes = async (caseId: string) => (await sentToCase(t, privacy.cipher, caseId)).map(([node]) => node);
/** Her messages to the case, oldest first, as kept: text and the session they were recorded on. */
async function herMessages(caseId: string): Promise<Array<[string, string | null]>> {
  const rows = await t.service.db.contact.findMany({ where: { caseId, direction: 'inbound' }, orderBy: { createdAt: 'asc' } });
  return rows.map((c) => [privacy.cipher.decrypt(c.textCipher!), c.sessionId]);
}
/** The bot's messages reached her long ago: what she writes now is no line crossing the question. */
const readLongAgo = (caseId: string) =>
  t.service.db.contact.updateMany({ where: { caseId, direction: 'outbound' }, data: { statusAt: new Date(Date.now() - 2 * READING_GRACE_MS) } });

describe('her acknowledgments', () => {
  it('at a question that does not understand them, are kept and answered with nothing, spending no attempt', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `a1-${caseId}`);
    await readLongAgo(caseId);
    expect(await sentNodes(caseId)).toEqual(['momento']);
    const session = await t.service.db.flowSession.findFirstOrThrow({ where: { caseId } });

    // Three of them: counted as failed answers, the third would have ended the question unanswered.
    await write(phone, 'Muchas gracias 🙏🏽', `a2-${caseId}`);
    await write(phone, 'gracias!!', `a3-${caseId}`);
    await readLongAgo(caseId);
    await write(phone, '🙏', `a4-${caseId}`);
    expect(await sentNodes(caseId)).toEqual(['momento']);
    const after = await t.service.db.flowSession.findUniqueOrThrow({ where: { id: session.id } });
    // Nothing of the session was written again: no attempt counted.
    expect(after).toMatchObject({ status: session.status, updatedAt: session.updatedAt, timeoutAt: session.timeoutAt });
    expect(Buffer.from(after.stateCipher).equals(Buffer.from(session.stateCipher))).toBe(true);
    expect(await herMessages(caseId)).toEqual([
      ['Hola', session.id],
      ['Muchas gracias 🙏🏽', session.id],
      ['gracias!!', session.id],
      ['🙏', session.id],
    ]);

    // The question still waits for her answer.
    await write(phone, 'sí', `a5-${caseId}`);
    expect((await sentNodes(caseId)).slice(1)).toEqual(['como_te_sientes']);
  });

  it('with no conversation under way, start none', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'gracias por todo, Dios la bendiga 🌷', `b1-${caseId}`);
    expect(await sentNodes(caseId)).toEqual([]);
    expect(await t.service.db.flowSession.count({ where: { caseId } })).toBe(0);
    expect(await herMessages(caseId)).toEqual([['gracias por todo, Dios la bendiga 🌷', null]]);
    expect(t.logText()).toContain('inbound acknowledgment: recorded, nothing sent');
    expect(t.logText()).not.toContain('Dios la bendiga');

    // A message that is more than thanks starts the conversation as always.
    await write(phone, 'gracias, ¿puedo platicar contigo?', `b2-${caseId}`);
    expect(await sentNodes(caseId)).toEqual(['momento']);
  });

  it.each(['ok', '👍🏽'])('leave a question that takes «ok» as a yes to take it: %s', async (ok) => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await write(phone, 'Hola', `c1-${caseId}`);
    await readLongAgo(caseId);
    await write(phone, ok, `c2-${caseId}`);
    const nodes = await sentNodes(caseId);
    expect(nodes).toHaveLength(2);
    expect(nodes[1]).not.toBe('momento');
    const results = await t.service.db.flowResult.findMany({ where: { caseId } });
    expect(results.map((r) => r.category)).toContain('si');
  });
});
