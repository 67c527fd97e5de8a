import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { createDatabase } from '../../src/persistence/database.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { INBOUND_RETRY_EVERY_MS } from '../../src/scheduling/inbound-processor.js';

let proxy: TcpProxy;
let t: TestService;

beforeAll(async () => {
  proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  t = await startTestService({
    env: { WORKER_LOCK_SECONDS: '5' },
    databaseUrl: (url) => {
      const viaProxy = new URL(url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      return viaProxy.toString();
    },
  });
});

afterAll(async () => {
  proxy?.restore();
  await t?.stop();
  await proxy?.close();
});

describe('PostgreSQL unreachable for ten seconds', () => {
  it('reports degraded health, retries the jobs, and loses nothing once it is back', async () => {
    // Direct access for the test's own setup and checks, not through the proxy.
    const direct = createDatabase(t.database.url);
    const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
    const phones: string[] = [];
    for (let i = 0; i < 10; i += 1) phones.push((await createConsentingCase(direct, privacy, { interventionAt: new Date() })).phone);
    const post = (phone: string, id: string) =>
      t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text: 'Hola', id } });

    for (const [i, phone] of phones.slice(0, 5).entries()) expect((await post(phone, `pg-${i}`)).statusCode).toBe(202);
    proxy.cut();
    const cutAt = Date.now();
    for (const [i, phone] of phones.slice(5).entries()) expect((await post(phone, `pg-${5 + i}`)).statusCode).toBe(202);
    const health = await t.service.server.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'degraded', database: { status: 'down' }, redis: { status: 'up' } });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 - (Date.now() - cutAt))));
    proxy.restore();

    const received = async (phone: string) =>
      (await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(phone)}` })).json() as unknown[];
    await eventually(
      async () => ((await Promise.all(phones.map(received))).every((m) => m.length >= 1) ? true : undefined),
      60_000,
      'every survivor to be answered after the outage',
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // One reply each: the opener, greeting and safety question in one message; a reply sent twice would make two.
    for (const phone of phones) expect(await received(phone)).toHaveLength(1);
    expect(await direct.contact.count({ where: { direction: 'inbound' } })).toBe(10);
    expect((await t.service.server.inject({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ status: 'ok' });
    await direct.$disconnect();
  }, 120_000);

  it('keeps her message once the queue’s attempts are used up while PostgreSQL is away: tried again later, never dropped', async () => {
    const direct = createDatabase(t.database.url);
    const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
    const { phone } = await createConsentingCase(direct, privacy, { interventionAt: new Date() });
    const inbound = t.service.queues.inbound;
    await inbound.pause();
    try {
      expect((await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text: 'Hola', id: 'pg-long' } })).statusCode).toBe(202);
      const queued = (await inbound.getJobs(['waiting', 'prioritized'])).find((j) => j.name === 'inbound')!;
      // The same job with a single attempt: its first failure uses the queue's attempts up, as eight
      // failures would in an outage longer than the backoff (about a minute).
      await queued.remove();
      const single = await inbound.add('inbound', queued.data, { jobId: queued.id!, attempts: 1 });
      proxy.cut();
      const before = Date.now();
      await inbound.resume();
      await eventually(async () => ((await single.getState()) === 'delayed' ? true : undefined), 30_000, 'the job delayed, not failed');
      const delayed = (await inbound.getJob(single.id!))!;
      expect(delayed.timestamp + delayed.delay - before).toBeGreaterThanOrEqual(INBOUND_RETRY_EVERY_MS - 1_000);
      expect(await inbound.getFailedCount()).toBe(0);
      proxy.restore();
      await delayed.promote();
    } finally {
      proxy.restore();
      await inbound.resume();
    }
    await eventually(
      async () => (((await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(phone)}` })).json() as unknown[]).length >= 1 ? true : undefined),
      30_000,
      'her message answered once PostgreSQL is back',
    );
    await direct.$disconnect();
  }, 90_000);
});
