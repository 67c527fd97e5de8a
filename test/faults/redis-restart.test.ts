import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';

let redis: PrivateRedis;
let t: TestService;

beforeAll(async () => {
  redis = await startPrivateRedis();
  t = await startTestService({ env: { REDIS_URL: redis.url, WORKER_LOCK_SECONDS: '2' } });
});

afterAll(async () => {
  await t?.stop();
  await redis?.stop();
});

describe('Redis crashing in the middle of a burst', () => {
  it('loses no accepted message and sends no reply twice', async () => {
    const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
    const phones: string[] = [];
    for (let i = 0; i < 30; i += 1) phones.push((await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() })).phone);
    const flow = t.service.flows.get('primer-contacto')!;
    expect(flow).toBeDefined();

    const post = (phone: string, i: number) =>
      t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text: 'Hola', id: `burst-${i}` } });
    const first = await Promise.all(phones.slice(0, 15).map((p, i) => post(p, i)));
    await redis.crash();
    const during = phones.slice(15).map((p, i) => post(p, 15 + i));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await redis.restart();
    const rest = await Promise.all(during);
    expect([...first, ...rest].map((r) => r.statusCode)).toEqual(Array(30).fill(202));

    const received = async (phone: string) =>
      (await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(phone)}` })).json() as { text: string }[];
    await eventually(
      async () => {
        const counts = await Promise.all(phones.map(async (p) => (await received(p)).length));
        return counts.every((c) => c >= 1) ? counts : undefined;
      },
      45_000,
      'every survivor to get her replies',
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // One reply each: the opener, greeting and safety question in one message; a reply sent twice would make two.
    for (const phone of phones) expect((await received(phone)).map((m) => m.text)).toHaveLength(1);
    expect(await t.service.db.contact.count({ where: { direction: 'inbound' } })).toBe(30);
    expect(await t.service.db.contact.count({ where: { direction: 'outbound', status: 'sent' } })).toBe(30);
  }, 90_000);
});
