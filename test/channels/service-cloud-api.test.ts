import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { DEMO_PHONE, seedDemo } from '../../src/demo/seed-demo.js';
import { eventually, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';
import type { FakeGraphApi } from './support/fake-graph-api.js';
import { startCloudApiService, type CloudApiService } from './support/cloud-api-service.js';
import { APP_SECRET, TOKEN, VERIFY_TOKEN } from './support/cloud-harness.js';
import { webhookBody } from './support/cloud-harness.js';

const DIGITS = DEMO_PHONE.slice(1);
let cloud: CloudApiService;
let t: TestService;
let graph: FakeGraphApi;
let cipher: FieldCipher;

beforeAll(async () => {
  // The shipped flows: their opening messages name approved templates.
  cloud = await startCloudApiService({ CHECKIN_PLAN: 'test/checkins/fixtures/plan-primer.yaml' });
  ({ t, graph } = cloud);
  cipher = new FieldCipher(t.config.DATA_KEYS);
  await seedDemo(t.service.db, { cipher, hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) });
});
afterAll(async () => {
  await cloud?.stop();
});

const webhook = (body: object, signature?: string) => cloud.webhook(body, signature);

describe('the service on the Cloud API (fake Graph API)', () => {
  it('verifies the webhook and serves no simulator', async () => {
    const res = await t.service.server.inject({ method: 'GET', url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42` });
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
    // "Hola" opens with one message; "1" (yes) asks how she feels; "1" (well) answers with two messages in a row.
    const say = async (id: string, body: string, total: number) => {
      expect((await webhook(webhookBody({ messages: [{ from: DIGITS, id, timestamp: now, type: 'text', text: { body } }] }))).statusCode).toBe(200);
      return eventually(async () => {
        const delivered = graph.deliveredTo(DIGITS);
        return delivered.length >= total ? delivered : undefined;
      }, 10_000, 'the replies');
    };
    await say('wamid.IN1', 'Hola', 1);
    await say('wamid.IN2', '1', 2);
    const texts = await say('wamid.IN3', '1', 4);
    await queuesIdle(t.service.queues);
    expect(texts).toHaveLength(4);
    expect(texts[0]).toMatch(/^Hola .*, soy Ana\..*¿Es buen momento para platicar\?/);
    // Sequence orders the messages of one reply: the replies to her three messages follow one another in time.
    const outbound = await t.service.db.contact.findMany({ where: { direction: 'outbound' }, orderBy: [{ createdAt: 'asc' }, { sequence: 'asc' }] });
    expect(outbound.map((c) => cipher.decrypt(c.textCipher!))).toEqual(texts);
    expect(outbound.every((c) => c.status === 'sent' && c.channelMessageId?.startsWith('wamid:'))).toBe(true);

    // The opener names a template; the question after it does not.
    const [opener, question] = graph.issuedWamids;
    await webhook(webhookBody({ statuses: [{ id: question, status: 'read', timestamp: now, recipient_id: DIGITS }] }));
    await webhook(
      webhookBody({ statuses: [{ id: opener, status: 'failed', timestamp: now, recipient_id: DIGITS, errors: [{ code: 131047, title: 'Re-engagement message' }] }] }),
    );
    await webhook(webhookBody({ statuses: [{ id: question, status: 'delivered', timestamp: now, recipient_id: DIGITS }] }));
    await queuesIdle(t.service.queues);
    const after = await t.service.db.contact.findMany({ where: { direction: 'outbound', retryOfId: null }, orderBy: [{ createdAt: 'asc' }, { sequence: 'asc' }] });
    expect(after.slice(0, 2).map((c) => [c.status, c.errorCode])).toEqual([
      ['failed', 'CLOUD_131047'],
      ['read', null],
    ]);
    // The refused text named a template: it went once more, as that template.
    const retry = await eventually(async () => {
      const row = await t.service.db.contact.findUnique({ where: { retryOfId: after[0]!.id } });
      return row?.status === 'sent' ? row : undefined;
    }, 10_000, 'the retry as template');
    expect(retry.errorCode).toBeNull();
    expect(graph.to(DIGITS).at(-1)!.body).toMatchObject({
      type: 'template',
      template: { name: 'ana_bienvenida_buen_momento', language: { code: 'es_MX' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Luz' }] }] },
    });
  });

  it('opens with the flow\'s template when her window is closed (a message delivered more than a day late)', async () => {
    await t.service.db.flowSession.updateMany({ data: { status: 'ended' } });
    const before = graph.to(DIGITS).length;
    const dayAndHalfAgo = String(Math.floor(Date.now() / 1000) - 36 * 3600);
    const redis = new Redis(t.redis.url);
    // Her earlier messages are two days old as well: neither the webhook's record nor her case's says she wrote lately.
    await t.service.db.contact.updateMany({ where: { direction: 'inbound' }, data: { createdAt: new Date(Date.now() - 48 * 3600 * 1000) } });
    const windows = await redis.keys(`${t.redis.prefix}:cloud:window:*`);
    if (windows.length > 0) await redis.del(...windows);
    redis.disconnect();
    await webhook(webhookBody({ messages: [{ from: DIGITS, id: 'wamid.LATE', timestamp: dayAndHalfAgo, type: 'text', text: { body: 'Hola' } }] }));
    const sent = await eventually(async () => {
      const requests = graph.to(DIGITS).slice(before);
      return requests.length >= 1 ? requests : undefined;
    }, 10_000, 'the opening message');
    await queuesIdle(t.service.queues);
    // One message: the greeting and the safety question are one template, with her alias as its one parameter.
    expect(graph.to(DIGITS).slice(before)).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({
      type: 'template',
      template: { name: 'ana_bienvenida_buen_momento', language: { code: 'es_MX' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Luz' }] }] },
    });
    expect(sent[0]!.body['template'].components).toHaveLength(1);
    expect(sent[0]!.body['template'].components[0].parameters).toHaveLength(1);
  });

  // She has not written in the last 24 hours, so a check-in opens with its template. The shipped flows
  // have no English or Maya texts: their templates exist only as es_MX, and Meta has no Maya at all. Without an alias, the greeting names her with the neutral word, never an empty one.
  it.each([
    ['es-MX', 'Flor', 'Flor'],
    ['en', 'Flor', 'Flor'],
    ['yua', 'Flor', 'Flor'],
    ['es-MX', '', 'amiga'],
    ['yua', '  ', 'amiga'],
  ] as const)('opens a check-in of a survivor in %s (alias %j) with the es_MX template, the alias parameter %j', async (language, alias, parameter) => {
    const privacy = { cipher, hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(Date.now() - 13 * 3600 * 1000), alias, language });
    await t.service.checkIns.enroll(caseId);
    const sent = await eventually(async () => {
      const requests = graph.to(phone.slice(1));
      return requests.length >= 1 ? requests : undefined;
    }, 10_000, 'the check-in message');
    await queuesIdle(t.service.queues);
    expect(graph.to(phone.slice(1))).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({
      type: 'template',
      template: { name: 'ana_bienvenida_buen_momento', language: { code: 'es_MX' }, components: [{ type: 'body', parameters: [{ type: 'text', text: parameter }] }] },
    });
    expect(sent[0]!.body['template'].components[0].parameters).toHaveLength(1);
  });

  it('sends her replies from the job that handled her message; if the Graph API fails for now, the outbound queue takes over and each goes once, in order', async () => {
    const now = String(Math.floor(Date.now() / 1000));
    const outboundJobs = async () => (await t.service.queues.outbound.getJobs(['completed', 'failed', 'delayed', 'waiting', 'active'])).map((j) => j.data.contactIds);
    const converse = async (wamid: string) => {
      await t.service.db.flowSession.updateMany({ data: { status: 'ended' } });
      const before = graph.deliveredTo(DIGITS).length;
      await webhook(webhookBody({ messages: [{ from: DIGITS, id: wamid, timestamp: now, type: 'text', text: { body: 'Hola' } }] }));
      const texts = await eventually(async () => {
        const delivered = graph.deliveredTo(DIGITS).slice(before);
        return delivered.length >= 1 ? delivered : undefined;
      }, 15_000, 'the replies');
      await queuesIdle(t.service.queues);
      // Ids are UUIDv7: the latest inbound message is hers (createdAt has only the webhook's seconds).
      const inbound = await t.service.db.contact.findFirstOrThrow({ where: { direction: 'inbound' }, orderBy: { id: 'desc' } });
      const replies = await t.service.db.contact.findMany({ where: { causeId: inbound.id }, orderBy: { sequence: 'asc' } });
      expect(replies.map((c) => cipher.decrypt(c.textCipher!))).toEqual(texts);
      expect(replies.map((c) => [c.status, c.errorCode])).toEqual(replies.map(() => ['sent', null]));
      return replies.map((c) => c.id);
    };

    const direct = await converse('wamid.DIRECT1');
    expect((await outboundJobs()).flat()).not.toContain(direct[0]);

    graph.failures.push({ status: 503, message: 'Service temporarily unavailable' });
    const failedRequests = graph.to(DIGITS).filter((r) => (r as { ok?: boolean }).ok === false).length;
    const queued = await converse('wamid.DIRECT2');
    expect(graph.to(DIGITS).filter((r) => (r as { ok?: boolean }).ok === false).length).toBe(failedRequests + 1);
    expect(await outboundJobs()).toContainEqual(queued);
  });

  it('keeps wamids, numbers and texts out of the contacts and the log', async () => {
    const dump = JSON.stringify(await t.service.db.contact.findMany({ select: { channelMessageId: true, errorCode: true } }));
    for (const secret of [...graph.issuedWamids, 'wamid.IN1', DIGITS]) expect(dump).not.toContain(secret);
    for (const secret of [DIGITS, TOKEN, APP_SECRET]) expect(t.logText()).not.toContain(secret);
  });
});
