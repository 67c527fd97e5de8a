import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';

let t: TestService;
let admin: ConsoleClient;
let coordinator: ConsoleClient;

beforeAll(async () => {
  t = await startTestService();
  await createStaffAccount(t.service.db, { role: 'admin', email: 'admin@colas.test' });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coordina@colas.test' });
  admin = new ConsoleClient(t.service.server);
  await admin.signIn('admin@colas.test');
  coordinator = new ConsoleClient(t.service.server);
  await coordinator.signIn('coordina@colas.test');
});

afterAll(async () => {
  await t?.stop();
});

describe('the queue view', () => {
  it('shows admins each queue with its delayed jobs, and only admins', async () => {
    await t.service.queues.checkins.add('fire', { kind: 'fire', checkInId: '0193b5d6-3c1e-7000-8000-0000000000aa' }, { jobId: 'vista-demorada', delay: 3_600_000 });
    const page = await admin.get('/admin/colas');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const queues = await admin.get('/admin/colas/api/queues?activeQueue=checkins&status=delayed&page=1&jobsPerPage=10');
    expect(queues.statusCode).toBe(200);
    const checkins = (queues.json() as { queues: { name: string; readOnlyMode: boolean; counts: Record<string, number>; jobs: { id: string }[] }[] }).queues.find(
      (q) => q.name === 'checkins',
    )!;
    expect(checkins.readOnlyMode).toBe(true);
    expect(checkins.counts.delayed).toBeGreaterThanOrEqual(1);
    expect(checkins.jobs.map((j) => j.id)).toContain('vista-demorada');
    const names = (queues.json() as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(['inbound', 'outbound', 'checkins', 'session-timeouts', 'appointment-reminders']));
    expect((await coordinator.get('/admin/colas/api/queues')).statusCode).toBe(403);
    expect((await new ConsoleClient(t.service.server).get('/admin/colas')).headers.location).toMatch(/^\/login/);
  });

  it('is read only: no job can be removed, added or the queues paused', async () => {
    for (const url of ['/admin/colas/api/queues/checkins/vista-demorada/clean', '/admin/colas/api/queues/pause', '/admin/colas/api/queues/checkins/obliterate']) {
      const answer = await admin.request({ method: 'PUT', url, headers: { 'content-type': 'application/json' }, payload: '{}' });
      expect(answer.statusCode, url).toBe(405);
    }
    expect(await t.service.queues.checkins.getJob('vista-demorada')).toBeTruthy();
    expect(await t.service.queues.checkins.isPaused()).toBe(false);
  });
});
