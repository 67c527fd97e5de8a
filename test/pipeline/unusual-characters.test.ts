import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { DEMO_PHONE, seedDemo } from '../../src/demo/seed-demo.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';

let t: TestService;
let cipher: FieldCipher;

beforeAll(async () => {
  t = await startTestService();
  cipher = new FieldCipher(t.config.DATA_KEYS);
  await seedDemo(t.service.db, { cipher, hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) });
});

afterAll(async () => {
  await t?.stop();
});

const loneHigh = String.fromCharCode(0xd800);
const loneLow = String.fromCharCode(0xdc00);

/**
 * A channel hands over what her phone sent, and a phone can send what no keyboard types: NUL (which
 * PostgreSQL refuses in a text column), escape characters, half of a surrogate pair. None of it may
 * fail her turn, or the job would retry and fail until her message is lost.
 */
describe('her messages with characters no keyboard types', () => {
  it('records and answers each one, and no job fails', async () => {
    const texts = ['Hola\u0000', '1\u0000', `me siento ${loneHigh} mal \u0000 y \u001b`, `no \u0000 gracias ${loneLow}`];
    for (const [i, text] of texts.entries()) {
      const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: DEMO_PHONE, text, id: `raro-${i}` } });
      expect(res.statusCode).toBe(202);
      await queuesIdle(t.service.queues);
    }
    expect(await t.service.queues.inbound.getFailed()).toEqual([]);
    const contacts = await t.service.db.contact.findMany({ orderBy: [{ createdAt: 'asc' }, { sequence: 'asc' }] });
    const inbound = contacts.filter((c) => c.direction === 'inbound');
    expect(inbound.map((c) => c.channelMessageId)).toEqual(texts.map((_, i) => `raro-${i}`));
    // Kept as she sent it; half a surrogate pair is not text and is stored as the replacement character.
    expect(cipher.decrypt(inbound[0]!.textCipher!)).toBe('Hola\u0000');
    expect(cipher.decrypt(inbound[2]!.textCipher!)).toBe('me siento \uFFFD mal \u0000 y \u001b');
    // Every message of hers has an answer after it.
    for (const message of inbound) {
      expect(contacts.some((c) => c.direction === 'outbound' && c.causeId === message.id && c.status === 'sent')).toBe(true);
    }
  });
});
