import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';

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

/** Reads the stream until `predicate` matches the text so far. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, predicate: (text: string) => boolean): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + 5_000;
  while (!predicate(text)) {
    if (Date.now() > deadline) throw new Error(`stream did not say it in time; got: ${text}`);
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

describe('the live stream', () => {
  it('forwards case events as ids only, and closes with the server', async () => {
    const cookie = [...ana.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${base}/events`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const reader = res.body!.getReader();
    await readUntil(reader, (text) => text.includes(': conectado'));

    const caseId = '0193b5d6-3c1e-7000-8000-00000000000a';
    await t.service.events.publish({ type: 'contact_added', caseId, contactId: '0193b5d6-3c1e-7000-8000-00000000000b' });
    await t.service.events.publish({ type: 'alert_raised', caseId: null, alertId: '0193b5d6-3c1e-7000-8000-00000000000c' });
    await t.service.events.publish({ type: 'attention_changed', caseId });
    const text = await readUntil(reader, (s) => s.includes('attention_changed'));
    const events = text
      .split('\n\n')
      .filter((block) => block.startsWith('event: case'))
      .map((block) => JSON.parse(block.split('\ndata: ')[1]!) as unknown);
    expect(events).toEqual([
      { type: 'contact_added', caseId },
      { type: 'attention_changed', caseId },
    ]);
    await reader.cancel();
  });

  it('refuses a stream to nobody signed in, with 401', async () => {
    const res = await fetch(`${base}/events`);
    expect(res.status).toBe(401);
  });
});
