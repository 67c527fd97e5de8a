import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNext } from '../../src/console/safe-next.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';

let t: TestService;
let coordinator: ConsoleClient;

beforeAll(async () => {
  t = await startTestService();
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coordina@redirect.test' });
  coordinator = new ConsoleClient(t.service.server);
  expect((await coordinator.signIn('coordina@redirect.test')).statusCode).toBe(303);
});

afterAll(async () => {
  await t?.stop();
});

const OFF_SITE = [
  '/\t/evil.example/phish',
  '/\n/evil.example',
  '//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  'https://evil.example/',
  '/%09/evil.example',
  '/casos/../..//evil.example',
  '/login',
  '/static/../../x',
  'javascript:alert(1)',
];

describe('where sign-in sends back to', () => {
  it('sends a signed-in person only to a console page, never off-site', async () => {
    for (const next of OFF_SITE) {
      const answer = await coordinator.get(`/login?siguiente=${encodeURIComponent(next)}`);
      expect(answer.statusCode, next).toBe(303);
      expect(answer.headers.location, next).toBe('/');
    }
    const back = await coordinator.get(`/login?siguiente=${encodeURIComponent('/calendario?semana=2026-12-07')}`);
    expect(back.headers.location).toBe('/calendario?semana=2026-12-07');
  });

  it('keeps plain console paths and drops the rest', () => {
    expect(safeNext('/casos/0193a5b0-0000-7000-8000-000000000000')).toBe('/casos/0193a5b0-0000-7000-8000-000000000000');
    expect(safeNext(['/casos/x', '/casos/y'])).toBeUndefined();
    for (const next of OFF_SITE) expect(safeNext(next), next).toBeUndefined();
  });
});
