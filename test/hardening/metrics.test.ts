import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';

const TOKEN = 'metricas-de-prueba-0123456789abcdef';
let t: TestService;
let withoutToken: TestService;

beforeAll(async () => {
  t = await startTestService({ env: { METRICS_TOKEN: TOKEN } });
  withoutToken = await startTestService();
});

afterAll(async () => {
  await withoutToken?.stop();
  await t?.stop();
});

const scrape = (token?: string) =>
  t.service.server.inject({ method: 'GET', url: '/metrics', headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

describe('GET /metrics', () => {
  it('answers only the configured bearer token', async () => {
    expect((await scrape()).statusCode).toBe(401);
    expect((await scrape('otro-token-que-no-es-el-bueno-123456')).statusCode).toBe(401);
    expect((await withoutToken.service.server.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  });

  it('shows queues, jobs, messages, alerts, the channel and the Node defaults, with no number or text', async () => {
    const sent = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: '+5219987654321', text: 'hola secreta' } });
    expect(sent.statusCode).toBe(202);
    await queuesIdle(t.service.queues, 15_000);
    const body = await eventually(async () => {
      const text = (await scrape(TOKEN)).body;
      return /acompana_job_duration_seconds_count\{queue="inbound",outcome="completed"\} [1-9]/.test(text) ? text : undefined;
    });
    for (const queue of ['checkins', 'session-timeouts', 'appointment-reminders']) {
      expect(body).toMatch(new RegExp(`acompana_queue_jobs\\{queue="${queue}",state="delayed"\\} \\d+`));
    }
    expect(body).toMatch(/acompana_messages_last_24h\{direction="inbound",status="[a-z_]+"\} [1-9]/);
    expect(body).toContain('acompana_open_alerts');
    expect(body).toContain('acompana_delivery_failures_last_24h');
    expect(body).toContain('acompana_jobs_failed_total');
    expect(body).toContain('acompana_jobs_stalled_total');
    expect(body).toContain('acompana_checkin_firing_lateness_seconds');
    expect(body).toMatch(/acompana_channel_state\{state="ready"\} 1/);
    expect(body).toContain('process_cpu_user_seconds_total');
    expect(body).not.toContain('9987654321');
    expect(body).not.toContain('secreta');
  });
});
