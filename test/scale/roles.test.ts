import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startTestService, type TestService } from '../support/test-service.js';

let t: TestService | undefined;

afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/**
 * How many workers take jobs from each queue of this service's prefix, once `total` of them have
 * connected (they connect in the background).
 */
async function workerCounts(service: TestService['service'], total: number): Promise<Record<string, number>> {
  const counts = async () =>
    Object.fromEntries(await Promise.all(service.queues.all.map(async (queue) => [queue.name, await queue.getWorkersCount()] as const)));
  await eventually(async () => {
    const c = await counts();
    return Object.values(c).reduce((a, b) => a + b, 0) >= total ? true : undefined;
  }, 20_000, 'the workers to connect');
  return counts();
}

describe('a process wires only the roles ROLES names', () => {
  it('console: the console and /healthz, no channel, no queue worker', async () => {
    t = await startTestService({ env: { ROLES: 'console' } });
    const health = await t.service.server.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok', roles: ['console'], database: { status: 'up' }, redis: { status: 'up' } });
    expect((await t.service.server.inject({ method: 'GET', url: '/login' })).statusCode).toBe(200);
    const inbound = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: '+5219981234567', text: 'Hola' } });
    expect(inbound.statusCode).toBe(404);
    expect(t.service.channel).toBeUndefined();
    expect(await workerCounts(t.service, 0)).toEqual({ inbound: 0, outbound: 0, checkins: 0, 'session-timeouts': 0, 'appointment-reminders': 0 });
  });

  it('console with whatsapp-web: serves the linking page without opening the session', async () => {
    t = await startTestService({ env: { ROLES: 'console', CHANNEL: 'whatsapp-web' } });
    expect(t.service.server.routeTable()).toContainEqual({ method: 'GET', url: '/admin/whatsapp' });
    expect(t.service.channel).toBeUndefined();
    expect((await t.service.server.inject({ method: 'GET', url: '/api/admin/whatsapp/link' })).statusCode).toBe(401);
  });

  it('gateway: the channel, its routes and the outbound worker, no console', async () => {
    t = await startTestService({ env: { ROLES: 'gateway' } });
    const health = await t.service.server.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({
      status: 'ok',
      roles: ['gateway'],
      database: { status: 'up' },
      redis: { status: 'up' },
      channel: { state: 'ready' },
      workers: { status: 'running' },
    });
    expect((await t.service.server.inject({ method: 'GET', url: '/simulator' })).statusCode).toBe(200);
    expect((await t.service.server.inject({ method: 'GET', url: '/login' })).statusCode).toBe(404);
    expect(t.service.channel?.name).toBe('simulator');
    expect(await workerCounts(t.service, 1)).toEqual({ inbound: 0, outbound: 1, checkins: 0, 'session-timeouts': 0, 'appointment-reminders': 0 });
  });

  it('worker: the inbound, check-in, question-timeout and reminder workers and the reconciler, no channel, no console', async () => {
    t = await startTestService({ env: { ROLES: 'worker' } });
    const health = await t.service.server.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok', roles: ['worker'], database: { status: 'up' }, redis: { status: 'up' }, workers: { status: 'running' } });
    expect((await t.service.server.inject({ method: 'GET', url: '/simulator' })).statusCode).toBe(404);
    expect((await t.service.server.inject({ method: 'GET', url: '/login' })).statusCode).toBe(404);
    expect(await workerCounts(t.service, 4)).toEqual({ inbound: 1, outbound: 0, checkins: 1, 'session-timeouts': 1, 'appointment-reminders': 1 });
    expect(await t.service.queues.checkins.getJobSchedulers()).toEqual([expect.objectContaining({ key: 'reconcile' })]);
  });
});
