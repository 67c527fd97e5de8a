import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { DEMO_PHONE, seedDemo } from '../../src/demo/seed-demo.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ env: { FLOOD_MAX_MESSAGES: '20', FLOOD_WINDOW_SECONDS: '3600' } });
  await seedDemo(t.service.db, { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) });
});

afterAll(async () => {
  await t?.stop();
});

describe('a flood from one number', () => {
  it('is limited with 429s and one staff alert while others are still answered', async () => {
    const flood = Array.from({ length: 1000 }, (_, i) =>
      t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: DEMO_PHONE, text: `spam ${i}`, id: `flood-${i}` } }),
    );
    const started = Date.now();
    const other = '+5215550002222';
    const otherAccepted = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: other, text: 'hola', id: 'other-1' } });
    const results = await Promise.all(flood);
    expect(otherAccepted.statusCode).toBe(202);

    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 202)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(980);
    const refused = results.find((r) => r.statusCode === 429)!;
    expect(refused.json()).toMatchObject({ error: 'rate_limited', field: 'from' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);

    const reply = await eventually(async () => {
      const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(other)}` });
      const got = res.json() as unknown[];
      return got.length > 0 ? got : undefined;
    }, 15_000, 'the other number to be answered');
    expect(reply).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(15_000);

    const alerts = await t.service.db.alert.findMany({ where: { kind: 'rate_limited' } });
    expect(alerts).toHaveLength(1);
    const demoCase = await t.service.db.case.findFirstOrThrow({ where: { folio: 'DEMO-0001' } });
    expect(alerts[0]).toMatchObject({ caseId: demoCase.id, urgency: 'normal' });
    expect(alerts[0]!.reason).not.toContain('998');
  });
});
