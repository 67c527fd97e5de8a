import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { DEMO_PHONE, seedDemo } from '../../src/persistence/seed-demo.js';
import { signatureOf } from '../../src/channels/cloud-api/webhook-signature.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { FakeGraphApi } from './support/fake-graph-api.js';
import { webhookBody } from './support/cloud-harness.js';

const DIGITS = DEMO_PHONE.slice(1);
const SECRET = 'service-app-secret';
let t: TestService;
let graph: FakeGraphApi;
let cipher: FieldCipher;

beforeAll(async () => {
  graph = new FakeGraphApi();
  const baseUrl = await graph.start();
  t = await startTestService({
    env: {
      CHANNEL: 'cloud-api',
      CLOUD_API_BASE_URL: baseUrl,
      CLOUD_API_PHONE_NUMBER_ID: '109876543210',
      CLOUD_API_TOKEN: 'EAAG-service-token',
      CLOUD_API_APP_SECRET: SECRET,
      CLOUD_API_VERIFY_TOKEN: 'service-verify-token',
    },
  });
  cipher = new FieldCipher(t.config.DATA_KEYS);
  await seedDemo(t.service.db, { cipher, hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) });
});
afterAll(async () => {
  await t?.stop();
  await graph?.stop();
});

async function webhook(body: object, signature?: string) {
  const raw = JSON.stringify(body);
  return t.service.server.inject({
    method: 'POST',
    url: '/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature ?? signatureOf(raw, SECRET) },
    payload: raw,
  });
}

describe('the service on the Cloud API (fake Graph API)', () => {
  it('verifies the webhook and serves no simulator', async () => {
    const res = await t.service.server.inject({ method: 'GET', url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=service-verify-token&hub.challenge=42' });
    expect(res.body).toBe('42');
    expect((await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: {} })).statusCode).toBe(404);
  });

  it('refuses a badly signed webhook and records nothing', async () => {
    const res = await webhook(webhookBody({ messages: [{ from: DIGITS, id: 'wamid.BAD', timestamp: '1764349200', type: 'text', text: { body: 'Hola' } }] }), 'sha256=00');
    expect(res.statusCode).toBe(401);
    await queuesIdle(t.service.queues);
    expect(await t.service.db.contact.count()).toBe(0);
  });

  it('answers her message through the Graph API, in order, and records statuses', async () => {
    const now = String(Math.floor(Date.now() / 1000));
    expect((await webhook(webhookBody({ messages: [{ from: DIGITS, id: 'wamid.IN1', timestamp: now, type: 'text', text: { body: 'Hola' } }] }))).statusCode).toBe(200);
    const texts = await eventually(async () => {
      const delivered = graph.deliveredTo(DIGITS);
      return delivered.length >= 2 ? delivered : undefined;
    }, 10_000, 'the replies');
    await queuesIdle(t.service.queues);
    const outbound = await t.service.db.contact.findMany({ where: { direction: 'outbound' }, orderBy: { sequence: 'asc' } });
    expect(outbound.map((c) => cipher.decrypt(c.textCipher!))).toEqual(texts);
    expect(outbound.every((c) => c.status === 'sent' && c.channelMessageId?.startsWith('wamid:'))).toBe(true);

    const [first, second] = graph.issuedWamids;
    await webhook(webhookBody({ statuses: [{ id: first, status: 'read', timestamp: now, recipient_id: DIGITS }] }));
    await webhook(
      webhookBody({ statuses: [{ id: second, status: 'failed', timestamp: now, recipient_id: DIGITS, errors: [{ code: 131047, title: 'Re-engagement message' }] }] }),
    );
    await webhook(webhookBody({ statuses: [{ id: first, status: 'delivered', timestamp: now, recipient_id: DIGITS }] }));
    await queuesIdle(t.service.queues);
    const after = await t.service.db.contact.findMany({ where: { direction: 'outbound' }, orderBy: { sequence: 'asc' } });
    expect(after.slice(0, 2).map((c) => [c.status, c.errorCode])).toEqual([
      ['read', null],
      ['failed', 'CLOUD_131047'],
    ]);
  });

  it('keeps wamids, numbers and texts out of the contacts and the log', async () => {
    const dump = JSON.stringify(await t.service.db.contact.findMany({ select: { channelMessageId: true, errorCode: true } }));
    for (const secret of [...graph.issuedWamids, 'wamid.IN1', DIGITS]) expect(dump).not.toContain(secret);
    for (const secret of [DIGITS, 'EAAG-service-token', SECRET]) expect(t.logText()).not.toContain(secret);
  });
});
