import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/service.js';
import { systemClock } from '../../src/app/system-clock.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { capturedLog } from '../support/captured-log.js';
import { ConsoleClient, createStaffAccount, TEST_PASSWORD } from '../support/console-client.js';

const PROXY = '127.0.0.9';
let t: TestService;
let second: RunningService;

beforeAll(async () => {
  t = await startTestService({ env: { ROLES: 'console,worker', TRUST_PROXY: PROXY } });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coordina@throttle.test' });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'otra@throttle.test' });
  // A second console process over the same database and Redis, as behind a load balancer.
  second = await startService({ ...t.config, ROLES: ['console'] }, { log: capturedLog('silent').log, clock: systemClock });
});

afterAll(async () => {
  await second?.close();
  await t?.stop();
});

/** A browser behind the proxy: every request reaches the console from the proxy's address. */
function behindProxy(app = t.service.server, forwardedFor?: string) {
  const client = new ConsoleClient(app, PROXY);
  const request = client.request.bind(client);
  client.request = (options) =>
    request({ ...options, headers: { ...(options.headers as Record<string, string>), ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) } });
  return client;
}

describe('sign-in throttling', () => {
  it('never locks an account out because of attempts on other accounts from the same address', async () => {
    const attacker = behindProxy();
    for (let i = 0; i < 31; i += 1) await attacker.signIn(`nadie-${i}@throttle.test`, 'junk-junk-junk');
    expect((await behindProxy().signIn('coordina@throttle.test', TEST_PASSWORD)).statusCode).toBe(303);
  });

  it('counts attempts in Redis, so a second console process sees them too', async () => {
    const guesser = behindProxy(t.service.server, '203.0.113.7');
    for (let i = 0; i < 5; i += 1) expect((await guesser.signIn('otra@throttle.test', `mal-${i}-xxxxxxxx`)).statusCode).toBe(401);
    const elsewhere = behindProxy(second.server, '203.0.113.7');
    expect((await elsewhere.signIn('otra@throttle.test', TEST_PASSWORD)).statusCode).toBe(429);
  });

  it('believes the configured proxy about the address: another person behind it still signs in', async () => {
    expect((await behindProxy(t.service.server, '198.51.100.20').signIn('otra@throttle.test', TEST_PASSWORD)).statusCode).toBe(303);
  });

  it('answers a client error, not 500, to a repeated or object-shaped email', async () => {
    const client = behindProxy(t.service.server, '198.51.100.30');
    await client.get('/login');
    const page = await client.get('/login');
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.body)![1]!;
    const repeated = await client.request({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrf)}&email=a&email=b&password=x`,
    });
    expect(repeated.statusCode).toBeLessThan(500);
    const shaped = await client.request({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      payload: JSON.stringify({ email: {}, password: 'x' }),
    });
    expect(shaped.statusCode).toBeLessThan(500);
  });
});
