import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { openLiveStream } from '../support/live-stream.js';

let t: TestService;
let base: string;
let ana: ConsoleClient;

beforeAll(async () => {
  t = await startTestService();
  await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test' });
  ana = new ConsoleClient(t.service.server);
  await ana.signIn('ana@unidad.test');
  base = await t.service.server.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await t?.stop();
});

describe('the live stream', () => {
  it('forwards case events as ids only, and closes with the server', async () => {
    const stream = await openLiveStream(base, ana);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers.get('cache-control')).toBe('no-store');

    const caseId = '0193b5d6-3c1e-7000-8000-00000000000a';
    await t.service.events.publish({ type: 'contact_added', caseId, contactId: '0193b5d6-3c1e-7000-8000-00000000000b' });
    await t.service.events.publish({ type: 'alert_raised', caseId: null, alertId: '0193b5d6-3c1e-7000-8000-00000000000c' });
    await t.service.events.publish({ type: 'attention_changed', caseId });
    const text = await stream.readUntil((s) => s.includes('attention_changed'));
    const events = text
      .split('\n\n')
      .filter((block) => block.startsWith('event: case'))
      .map((block) => JSON.parse(block.split('\ndata: ')[1]!) as unknown);
    expect(events).toEqual([
      { type: 'contact_added', caseId },
      { type: 'attention_changed', caseId },
    ]);
    await stream.close();
  });

  it('refuses a stream to nobody signed in, with 401', async () => {
    const res = await fetch(`${base}/events`);
    expect(res.status).toBe(401);
  });
});
