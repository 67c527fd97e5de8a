import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resume, start, type FlowSession } from '../../src/engine/index.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { DEMO_PHONE, seedDemo } from '../../src/demo/seed-demo.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { querySql } from '../support/query-sql.js';

let t: TestService;
let cipher: FieldCipher;

beforeAll(async () => {
  t = await startTestService();
  cipher = new FieldCipher(t.config.DATA_KEYS);
  await seedDemo(t.service.db, { cipher, hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) });
});

afterAll(async () => {
  await t?.stop();
});

async function postInbound(body: unknown) {
  return t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: body as object });
}

async function phoneOf(to: string): Promise<{ id: string; to: string; text: string; at: string }[]> {
  const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(to)}` });
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function waitForMessages(to: string, count: number) {
  return eventually(async () => {
    const received = await phoneOf(to);
    return received.length >= count ? received : undefined;
  }, 10_000, `${count} messages to ${to}`);
}

const sql = <T = Record<string, unknown>>(query: string, values: unknown[] = []) => querySql<T>(t.database.url, query, values);

describe('the pipeline from simulator to simulator', () => {
  const context = { language: 'es-MX' as const, alias: 'Luz' };
  let expectedSession: FlowSession;

  it('starts the case flow on her first message and delivers its opening message', async () => {
    const res = await postInbound({ from: DEMO_PHONE, text: 'Hola', id: 'wa-1' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ id: 'wa-1' });

    const flow = t.service.flows.get('primer-contacto')!;
    const expected = start(flow, { ...context, now: new Date().toISOString() });
    expectedSession = expected.session;
    const texts = expected.events.flatMap((e) => (e.type === 'message' ? [e.text] : []));
    // One message opens it: her greeting, then the safety question.
    expect(texts).toEqual(['Hola Luz, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);

    const received = await waitForMessages(DEMO_PHONE, texts.length);
    await queuesIdle(t.service.queues);
    expect((await phoneOf(DEMO_PHONE)).map((m) => m.text)).toEqual(texts);
    expect(received.every((m) => m.to === DEMO_PHONE)).toBe(true);
  });

  it('records her message and every reply as contacts of the case, with the session', async () => {
    await queuesIdle(t.service.queues);
    const contacts = await t.service.db.contact.findMany({ orderBy: [{ createdAt: 'asc' }, { sequence: 'asc' }] });
    const inbound = contacts.filter((c) => c.direction === 'inbound');
    const outbound = contacts.filter((c) => c.direction === 'outbound');
    expect(inbound).toHaveLength(1);
    expect(inbound[0]).toMatchObject({ channel: 'simulator', author: 'survivor', status: 'received', channelMessageId: 'wa-1' });
    expect(cipher.decrypt(inbound[0]!.textCipher!)).toBe('Hola');

    const caseId = inbound[0]!.caseId;
    expect(caseId).toBeTruthy();
    expect(outbound).toHaveLength(1);
    for (const contact of outbound) {
      expect(contact).toMatchObject({ caseId, status: 'sent', author: 'bot', flowId: 'primer-contacto', causeId: inbound[0]!.id });
      expect(contact.nodeId).toBeTruthy();
      expect(contact.channelMessageId).toMatch(/^sim-/);
    }
    const delivered = await phoneOf(DEMO_PHONE);
    expect(outbound.sort((a, b) => a.sequence - b.sequence).map((c) => cipher.decrypt(c.textCipher!))).toEqual(delivered.map((m) => m.text));

    const sessions = await t.service.db.flowSession.findMany({ where: { caseId: caseId! } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ flowId: 'primer-contacto', status: 'waiting' });
    expect(inbound[0]!.sessionId).toBe(sessions[0]!.id);
  });

  it('resumes the waiting session with her answer', async () => {
    const before = (await phoneOf(DEMO_PHONE)).length;
    const flow = t.service.flows.get('primer-contacto')!;
    const expected = resume(flow, expectedSession, { kind: 'text', text: '1' }, { ...context, now: new Date().toISOString() });
    expectedSession = expected.session;
    const texts = expected.events.flatMap((e) => (e.type === 'message' ? [e.text] : []));
    expect(texts.length).toBeGreaterThan(0);

    expect((await postInbound({ from: DEMO_PHONE, text: '1', id: 'wa-2' })).statusCode).toBe(202);
    const received = await waitForMessages(DEMO_PHONE, before + texts.length);
    expect(received.slice(before).map((m) => m.text)).toEqual(texts);
  });

  it('delivers a reply of several messages in order, and records them in that order', async () => {
    await queuesIdle(t.service.queues);
    const before = (await phoneOf(DEMO_PHONE)).length;
    const flow = t.service.flows.get('primer-contacto')!;
    // "1" (bien) to how she feels: the answer to it, then the closing words.
    const expected = resume(flow, expectedSession, { kind: 'text', text: '1' }, { ...context, now: new Date().toISOString() });
    const texts = expected.events.flatMap((e) => (e.type === 'message' ? [e.text] : []));
    expect(texts.length).toBeGreaterThanOrEqual(2);

    expect((await postInbound({ from: DEMO_PHONE, text: '1', id: 'wa-3' })).statusCode).toBe(202);
    await waitForMessages(DEMO_PHONE, before + texts.length);
    await queuesIdle(t.service.queues);
    const received = await phoneOf(DEMO_PHONE);
    expect(received.slice(before).map((m) => m.text)).toEqual(texts);

    const cause = await t.service.db.contact.findFirstOrThrow({ where: { channelMessageId: 'wa-3' } });
    const outbound = await t.service.db.contact.findMany({ where: { causeId: cause.id, direction: 'outbound' }, orderBy: { sequence: 'asc' } });
    expect(outbound.map((c) => cipher.decrypt(c.textCipher!))).toEqual(texts);
  });

  it('processes a repeated channel message id once', async () => {
    await queuesIdle(t.service.queues);
    const before = (await phoneOf(DEMO_PHONE)).length;
    const contactsBefore = await t.service.db.contact.count();
    for (let i = 0; i < 3; i += 1) {
      expect((await postInbound({ from: DEMO_PHONE, text: '1', id: 'wa-2' })).statusCode).toBe(202);
    }
    await queuesIdle(t.service.queues);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await phoneOf(DEMO_PHONE)).toHaveLength(before);
    expect(await t.service.db.contact.count()).toBe(contactsBefore);
  });

  it('answers a number without a case once, keeps it for review and runs no flow', async () => {
    const stranger = '+5215550001111';
    expect((await postInbound({ from: stranger, text: 'hola?', id: 'x-1' })).statusCode).toBe(202);
    const received = await waitForMessages(stranger, 1);
    expect(received.map((m) => m.text)).toEqual([t.config.UNKNOWN_NUMBER_REPLY]);

    expect((await postInbound({ from: stranger, text: 'otra vez', id: 'x-2' })).statusCode).toBe(202);
    await queuesIdle(t.service.queues);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await phoneOf(stranger)).toHaveLength(1);

    const senders = await t.service.db.unknownSender.findMany({ include: { contacts: true } });
    expect(senders).toHaveLength(1);
    expect(senders[0]!.messageCount).toBe(2);
    expect(senders[0]!.reviewedAt).toBeNull();
    expect(senders[0]!.contacts.filter((c) => c.direction === 'inbound')).toHaveLength(2);
    expect(senders[0]!.contacts.every((c) => c.caseId === null && c.sessionId === null)).toBe(true);
    expect(await t.service.db.flowSession.count()).toBe(1);
  });

  it('answers an emergency word from a number without a case with what to do now, each time', async () => {
    const stranger = '+5215550002222';
    expect((await postInbound({ from: stranger, text: 'hola', id: 'e-1' })).statusCode).toBe(202);
    expect((await waitForMessages(stranger, 1)).map((m) => m.text)).toEqual(['Hola. Este número no recibe mensajes.']);
    for (const [id, text] of [['e-2', 'AYUDA por favor'], ['e-3', 'estoy en peligro']] as const) {
      expect((await postInbound({ from: stranger, text, id })).statusCode).toBe(202);
    }
    const received = await waitForMessages(stranger, 3);
    expect(received.slice(1).map((m) => m.text)).toEqual([expect.stringMatching(/^Si estás en peligro, llama al 911 ahora\./), expect.stringMatching(/^Si estás en peligro/)]);
    await queuesIdle(t.service.queues);
    expect(await t.service.db.unknownSender.count({ where: { messageCount: 3 } })).toBe(1);
  });

  it('keeps numbers and texts out of the tables and the log', async () => {
    await queuesIdle(t.service.queues);
    const dump = JSON.stringify([
      await sql('SELECT * FROM "Survivor"'),
      await sql('SELECT * FROM "UnknownSender"'),
      await sql('SELECT * FROM "Contact"'),
      await sql('SELECT * FROM "FlowSession"'),
    ]);
    const delivered = await phoneOf(DEMO_PHONE);
    for (const secret of [DEMO_PHONE, DEMO_PHONE.slice(1), '5215550001111', 'otra vez', 'hola?', delivered[0]!.text]) {
      expect(dump).not.toContain(secret);
      expect(t.logText()).not.toContain(secret);
    }
    expect(t.logText()).toContain('inbound message from a number without a case');
  });
});

describe('simulator input validation', () => {
  it.each([
    [{ text: 'Hola' }, 'from'],
    [{ from: '9981234567', text: 'Hola' }, 'from'],
    [{ from: '+52 998 ABC 4567', text: 'Hola' }, 'from'],
    [{ from: DEMO_PHONE }, 'text'],
    [{ from: DEMO_PHONE, text: '' }, 'text'],
    [{ from: DEMO_PHONE, text: 'Hola', id: '' }, 'id'],
    [{ from: DEMO_PHONE, text: 'Hola', extra: 1 }, 'extra'],
  ])('refuses %j naming the field %s', async (body, field) => {
    const res = await postInbound(body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_request', field });
    expect(res.json().message).toMatch(new RegExp(`^${field}: `));
  });

  it('refuses invalid JSON without echoing it', async () => {
    const res = await t.service.server.inject({
      method: 'POST',
      url: '/api/simulator/inbound',
      headers: { 'content-type': 'application/json' },
      payload: '{"from": "+5219981234567", "text": "secreto',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_json', field: 'body' });
    expect(res.body).not.toContain('secreto');
  });

  it('refuses a bad number in the outbound query', async () => {
    const res = await t.service.server.inject({ method: 'GET', url: '/api/simulator/outbound?to=12345' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'to' });
    const missing = await t.service.server.inject({ method: 'GET', url: '/api/simulator/outbound' });
    expect(missing.json()).toMatchObject({ field: 'to', message: 'to: is required' });
    // Sent, but twice: the wrong type is named, not called missing.
    const twice = await t.service.server.inject({ method: 'GET', url: '/api/simulator/outbound?to=%2B529981234567&to=%2B529981234568' });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().field).toBe('to');
    expect(twice.json().message).not.toContain('is required');
  });

  it('says a field of the wrong type is wrong, not missing', async () => {
    const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: 5, text: 'hola' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('from');
    expect(res.json().message).toMatch(/^from: .*string/);
    expect(res.json().message).not.toContain('5');
  });

  it('serves the simulator page', async () => {
    const res = await t.service.server.inject({ method: 'GET', url: '/simulator' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('/api/simulator/stream');
  });
});

describe('health', () => {
  it('reports its roles, the database, Redis, the channel and the workers', async () => {
    const res = await t.service.server.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      roles: ['gateway', 'worker', 'console'],
      database: { status: 'up' },
      redis: { status: 'up' },
      channel: { state: 'ready' },
      workers: { status: 'running' },
    });
  });
});

describe('a case held by a person', () => {
  it('records her messages without the bot answering, and announces them to live screens', async () => {
    await queuesIdle(t.service.queues);
    const demoCase = await t.service.db.case.findFirstOrThrow({ where: { folio: 'DEMO-0001' } });
    await t.service.db.case.update({ where: { id: demoCase.id }, data: { attention: 'with_person' } });
    const seen: unknown[] = [];
    const stop = await t.service.events.subscribe((event) => seen.push(event));
    try {
      const before = (await phoneOf(DEMO_PHONE)).length;
      expect((await postInbound({ from: DEMO_PHONE, text: 'quiero hablar con alguien', id: 'wa-held-1' })).statusCode).toBe(202);
      const inbound = await eventually(
        () => t.service.db.contact.findFirst({ where: { channelMessageId: 'wa-held-1' } }).then((c) => c ?? undefined),
        10_000,
        'the held message to be recorded',
      );
      expect(inbound).toMatchObject({ caseId: demoCase.id, direction: 'inbound', sessionId: null });
      await queuesIdle(t.service.queues);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await phoneOf(DEMO_PHONE)).toHaveLength(before);
      await eventually(async () => (seen.length > 0 ? true : undefined), 5_000, 'a case event');
      expect(seen).toContainEqual({ type: 'contact_added', caseId: demoCase.id, contactId: inbound.id });
    } finally {
      await stop();
      await t.service.db.case.update({ where: { id: demoCase.id }, data: { attention: 'bot' } });
    }
  });
});
