import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { queueOutboundDispatcher } from '../../src/scheduling/outbound-dispatcher.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { simulatorInbox } from '../support/simulator-phone.js';
import type { E164 } from '../../src/app/phone-number.js';

/*
 * A reply is sent whenever she writes, since she is at her phone then. One that could not go out for
 * a long while (an unlinked phone, the daily cap) no longer answers a moment she chose: it goes only
 * inside her safe hours, as a message the service starts does; to a number without a case, inside the
 * deployment's.
 */

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };

/** A weekday three days from now: a window only then means now is outside it. */
const laterWeekday = ((new Date(Date.now() + 72 * 3600_000).getUTCDay() + 6) % 7) + 1;

beforeAll(async () => {
  // The deployment's hours, for numbers without a case, are outside now too.
  t = await startTestService({ env: { CONTACT_WINDOWS: `${laterWeekday} 10:00-10:30` } });
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
});

afterAll(async () => {
  await t?.stop();
});

/**
 * A message received `minutesAgo` minutes ago from `owner` (her case, or a number without one), and
 * the service's reply `text` to it (by `author`), still queued.
 */
async function queuedReplyOf(owner: { caseId: string } | { unknownSenderId: string }, minutesAgo: number, author: 'bot' | 'system', text: string) {
  const at = new Date(Date.now() - minutesAgo * 60_000);
  const inbound = await t.service.db.contact.create({
    data: { ...owner, direction: 'inbound', channel: 'simulator', author: 'survivor', status: 'received', textCipher: privacy.cipher.encrypt('hola'), createdAt: at, statusAt: at },
  });
  const reply = await t.service.db.contact.create({
    data: { ...owner, direction: 'outbound', channel: 'simulator', author, status: 'queued', causeId: inbound.id, textCipher: privacy.cipher.encrypt(text) },
  });
  await queueOutboundDispatcher(t.service.queues.outbound).dispatch(`late-reply-${reply.id}`, [reply.id]);
  return reply.id;
}

/** Her message received `minutesAgo` minutes ago, and the bot's reply to it, still queued. */
async function queuedReply(minutesAgo: number) {
  // Her only window is on a weekday three days from now: now is outside it.
  const { caseId, phone } = await createConsentingCase(t.service.db, privacy, {
    interventionAt: new Date(),
    safeHours: { windows: [{ days: [laterWeekday], from: '10:00', to: '10:30' }], blocked: [] },
  });
  return { phone, replyId: await queuedReplyOf({ caseId }, minutesAgo, 'bot', 'Gracias por escribir.') };
}

const settled = (contactId: string) =>
  eventually(async () => {
    const row = await t.service.db.contact.findUniqueOrThrow({ where: { id: contactId } });
    return row.status === 'sent' || row.status === 'failed' ? row : undefined;
  }, 10_000, 'the reply to be sent or held back');

describe('a reply to her message', () => {
  it('goes out at once outside her safe hours while her message is recent', async () => {
    const { phone, replyId } = await queuedReply(1);
    expect((await settled(replyId)).status).toBe('sent');
    expect(await simulatorInbox(t.service.server, phone)).toEqual(['Gracias por escribir.']);
  });

  it('is held back outside her safe hours once her message is an hour old', async () => {
    const { phone, replyId } = await queuedReply(60);
    expect(await settled(replyId)).toMatchObject({ status: 'failed', errorCode: 'OUTSIDE_SAFE_HOURS' });
    expect(await simulatorInbox(t.service.server, phone)).toEqual([]);
  });
});

let unknownSeq = 0;
/** A message from a number without a case received `minutesAgo` minutes ago, and the service's reply to it, still queued. */
async function queuedUnknownReply(minutesAgo: number) {
  unknownSeq += 1;
  const phone = `+52998777000${unknownSeq}` as E164;
  const sender = await t.service.db.unknownSender.create({ data: { phoneHash: privacy.hashPhone(phone), phoneCipher: privacy.cipher.encrypt(phone), messageCount: 1 } });
  return { phone, replyId: await queuedReplyOf({ unknownSenderId: sender.id }, minutesAgo, 'system', 'Hola. Este número no recibe mensajes.') };
}

describe('a reply to a number without a case', () => {
  it('goes out at once outside the deployment\'s hours while its message is recent', async () => {
    const { phone, replyId } = await queuedUnknownReply(1);
    expect((await settled(replyId)).status).toBe('sent');
    expect(await simulatorInbox(t.service.server, phone)).toEqual(['Hola. Este número no recibe mensajes.']);
  });

  it('is held back outside the deployment\'s hours once its message is an hour old', async () => {
    const { phone, replyId } = await queuedUnknownReply(60);
    expect(await settled(replyId)).toMatchObject({ status: 'failed', errorCode: 'OUTSIDE_SAFE_HOURS' });
    expect(await simulatorInbox(t.service.server, phone)).toEqual([]);
  });
});
