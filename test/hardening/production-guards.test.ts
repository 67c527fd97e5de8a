import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configWarnings } from '../../src/config/warnings.js';
import { startService } from '../../src/service.js';
import { systemClock } from '../../src/app/system-clock.js';
import { SIMULATOR_OUTBOX_SECONDS } from '../../src/channels/simulator/simulator-phone.js';
import { capturedLog } from '../support/captured-log.js';
import { Redis } from 'ioredis';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { createConsentingCase } from '../support/demo-case.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';

const KEYS = { DATA_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, PHONE_HASH_KEY: Buffer.alloc(32, 2).toString('base64') };
let t: TestService;

beforeAll(async () => {
  t = await startTestService({ env: { CONSOLE_SECURE_COOKIES: 'true' } });
});

afterAll(async () => {
  await t?.stop();
});

describe('production guards', () => {
  it('refuses to start the simulator in production unless explicitly allowed', async () => {
    const config = loadConfig({ NODE_ENV: 'production', ...KEYS, DATABASE_URL: t.database.url, REDIS_URL: t.redis.url, QUEUE_PREFIX: t.redis.prefix, MIGRATE_ON_START: 'false' });
    await expect(startService(config, { log: capturedLog('silent').log, clock: systemClock })).rejects.toThrow(/CHANNEL: the simulator/);
    expect(configWarnings(config)).toEqual(expect.arrayContaining([expect.stringMatching(/CONSOLE_SECURE_COOKIES is false in production/)]));
    const allowed = loadConfig({ NODE_ENV: 'production', ...KEYS, ALLOW_SIMULATOR_IN_PRODUCTION: 'true', CONSOLE_SECURE_COOKIES: 'true' });
    expect(configWarnings(allowed)).toEqual([expect.stringMatching(/simulator channel runs in production/)]);
  });

  it("keeps the simulated phones' texts in Redis for an hour at most", async () => {
    const sent = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: '+5219980000001', text: 'hola' } });
    expect(sent.statusCode).toBe(202);
    const redis = new Redis(t.redis.url);
    try {
      // A number without a case gets the one discreet reply, delivered to the simulated phone.
      const keys = await eventually(async () => {
        const found = await redis.keys(`${t.redis.prefix}:sim:outbox:*`);
        return found.length > 0 ? found : undefined;
      });
      for (const key of keys) expect(await redis.ttl(key)).toBeLessThanOrEqual(SIMULATOR_OUTBOX_SECONDS);
    } finally {
      redis.disconnect();
    }
  });

  it('sends HSTS with secure cookies, and shows no inherited property as a notice', async () => {
    const login = await t.service.server.inject({ method: 'GET', url: '/login' });
    expect(login.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
    const { caseId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coordina@guards.test' });
    const coordinator = new ConsoleClient(t.service.server);
    await coordinator.signIn('coordina@guards.test');
    for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const page = await coordinator.get(`/casos/${caseId}?hecho=${key}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('native code');
      expect(page.body).not.toContain('[object');
    }
  });
});
