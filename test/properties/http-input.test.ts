import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { DEMO_PHONE, seedDemo } from '../../src/demo/seed-demo.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ env: { FLOOD_MAX_MESSAGES: '10000' } });
  await seedDemo(t.service.db, { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) });
});

afterAll(async () => {
  await t?.stop();
});

/** Any JSON value, biased towards objects that look almost right. */
const body = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      from: fc.oneof(fc.string(), fc.constant(DEMO_PHONE), fc.integer(), fc.constant(null)),
      text: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string())),
      id: fc.oneof(fc.string(), fc.integer()),
    },
    { requiredKeys: [] },
  ),
);

describe('every HTTP input', () => {
  it('gets a 2xx or a 4xx naming the problem, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const res = await t.service.server.inject({
          method: 'POST',
          url: '/api/simulator/inbound',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        expect(res.statusCode === 202 || (res.statusCode >= 400 && res.statusCode < 500)).toBe(true);
        if (res.statusCode !== 202) {
          const error = res.json() as { field: string; message: string };
          expect(typeof error.field).toBe('string');
          expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('answers raw bytes that are not JSON with a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'), async (bytes, type) => {
        const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', headers: { 'content-type': type }, payload: Buffer.from(bytes) });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });

  it('answers any query string on the outbound endpoint with 200 or 400', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (to) => {
        const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(to)}` });
        expect([200, 400]).toContain(res.statusCode);
      }),
      { numRuns: 100 },
    );
  });
});

describe('every message text', () => {
  const texts = fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 }),
    fc.constantFrom('\uD800', 'a\uDFFFb', '\u0000\u0001\u001f', '👩🏽‍⚕️🌻', 'ǅ Ⅻ ﷽ 𝕬', 'ma\u0301s tarde', 'x'.repeat(4096)),
  );

  it('is accepted, processed and answered without a failure', async () => {
    const sent = await fc.sample(texts, { numRuns: 40, seed: 42 });
    for (const [i, text] of sent.entries()) {
      const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: DEMO_PHONE, text, id: `prop-${i}` } });
      expect(res.statusCode).toBe(202);
    }
    await queuesIdle(t.service.queues, 30_000);
    const failed = await t.service.queues.inbound.getJobCounts('failed');
    expect(failed.failed).toBe(0);
    const recorded = await t.service.db.contact.count({ where: { direction: 'inbound', channelMessageId: { startsWith: 'prop-' } } });
    expect(recorded).toBe(sent.length);
    expect(await t.service.db.contact.count({ where: { direction: 'outbound', status: { not: 'sent' } } })).toBe(0);
  });

  it('over 4096 characters is refused naming the field', async () => {
    const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: DEMO_PHONE, text: 'x'.repeat(4097) } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'text' });
  });
});
