import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../src/app/ports.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { eventually, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { openLiveStream, type LiveStream } from '../support/live-stream.js';
import { startOpenHoursService } from '../support/open-hours-service.js';

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let base: string;
const events: CaseEvent[] = [];
let stopListening: () => Promise<void>;
let ana: ConsoleClient;
let bea: ConsoleClient;
let coordination: ConsoleClient;
let anaId: string;
let beaId: string;

beforeAll(async () => {
  // Any hour is inside her safe hours: a person's message outside them needs confirming (test/console/outside-hours.test.ts).
  ({ t, privacy } = await startOpenHoursService());
  stopListening = await t.service.events.subscribe((e) => events.push(e));
  anaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana Pérez' });
  beaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'bea@unidad.test', displayName: 'Bea Ruiz' });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test', displayName: 'Carmen' });
  ana = new ConsoleClient(t.service.server);
  bea = new ConsoleClient(t.service.server);
  coordination = new ConsoleClient(t.service.server);
  await ana.signIn('ana@unidad.test');
  await bea.signIn('bea@unidad.test');
  await coordination.signIn('coord@unidad.test');
  base = await t.service.server.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await stopListening?.();
  await t?.stop();
});

const json = { accept: 'application/json' };

let inboundSeq = 0;
async function write(from: string, text: string) {
  inboundSeq += 1;
  const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from, text, id: `held-${inboundSeq}` } });
  expect(res.statusCode).toBe(202);
}

async function phoneReaches(to: string, count: number): Promise<string[]> {
  return eventually(async () => {
    const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(to)}` });
    const got = (res.json() as { text: string }[]).map((m) => m.text);
    return got.length >= count ? got : undefined;
  }, 10_000, `${count} messages on the phone`);
}

/** Where the case's row stands in `client`'s inbox, or `null` when it is not there. */
async function inboxGroupOf(client: ConsoleClient, caseId: string): Promise<string | null> {
  const inbox = await client.get('/');
  const at = inbox.body.indexOf(`id="caso-${caseId}"`);
  if (at < 0) return null;
  return /data-group="([a-z_]+)"/.exec(inbox.body.slice(at, inbox.body.indexOf('</li>', at)))![1]!;
}

describe('an emergency word while a psychologist holds the chat', () => {
  let caseId: string;
  let number: string;
  let anaStream: LiveStream;
  let beaStream: LiveStream;

  beforeAll(async () => {
    ({ caseId, phone: number } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz' }));
    await t.service.db.case.update({ where: { id: caseId }, data: { assignedStaffId: anaId } });
    await write(number, 'Hola');
    // One message opens it: her greeting, then the safety question.
    expect(await phoneReaches(number, 1)).toEqual(['Hola Luz, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
    await queuesIdle(t.service.queues);
    expect((await ana.post(`/casos/${caseId}/tomar`, {}, json)).statusCode).toBe(200);
    anaStream = await openLiveStream(base, ana);
    beaStream = await openLiveStream(base, bea);
  });

  afterAll(async () => {
    await anaStream?.close();
    await beaStream?.close();
  });

  it('keeps her as the holder, raises the urgency, and answers her with what to do now', async () => {
    const before = events.length;
    await write(number, 'AYUDA');
    const texts = await phoneReaches(number, 2);
    expect(texts[1]).toMatch(/llama al 911/);
    await queuesIdle(t.service.queues);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { alerts: true } });
    expect(row).toMatchObject({
      attention: 'with_person',
      heldById: anaId,
      urgency: 'urgent',
      attentionReason: 'Escribió una palabra de emergencia',
    });
    expect(row.alerts).toEqual([expect.objectContaining({ kind: 'emergency_word', urgency: 'urgent', resolvedAt: null })]);
    const alertId = row.alerts[0]!.id;
    expect(events.slice(before)).toEqual(
      expect.arrayContaining([
        { type: 'attention_changed', caseId },
        { type: 'alert_raised', caseId, alertId },
        { type: 'holder_alerted', caseId, alertId, staffId: anaId },
      ]),
    );
  });

  it('tells her live, on her own stream only', async () => {
    const said = await anaStream.readUntil((text) => text.includes('event: aviso'));
    const notice = said.split('\n\n').find((block) => block.startsWith('event: aviso'))!;
    expect(JSON.parse(notice.split('\ndata: ')[1]!)).toEqual({ caseId });
    // Bea's stream carries the events of her own cases, but not Ana's notice: an event of a case of
    // hers, published after it, marks how far her stream got.
    const { caseId: beasCase } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Sol' });
    await t.service.db.case.update({ where: { id: beasCase }, data: { assignedStaffId: beaId } });
    await t.service.events.publish({ type: 'attention_changed', caseId: beasCase });
    const other = await beaStream.readUntil((text) => text.includes(beasCase));
    expect(other).not.toContain('event: aviso');
    expect(other).not.toContain(caseId);
  });

  it('shows the case as urgent and still hers: she can go on writing to her', async () => {
    expect(await inboxGroupOf(ana, caseId)).toBe('urgent');
    const page = await ana.get(`/casos/${caseId}`);
    expect(page.body).toContain('Escribió una palabra de emergencia');
    expect(page.body).toContain('La conversación la tienes tú');
    expect(page.body).toContain('etiqueta--urgente');
    const res = await ana.post(`/casos/${caseId}/mensajes`, { texto: 'Estoy aquí contigo.' }, json);
    expect(res.statusCode).toBe(201);
    expect((await phoneReaches(number, 3))[2]).toBe('Estoy aquí contigo.');
    // Nobody else can take it from her meanwhile.
    expect((await coordination.post(`/casos/${caseId}/tomar`, {}, json)).json()).toMatchObject({ error: 'held_by_other', heldBy: 'Ana Pérez' });
  });
});

describe('handing back from a page that did not show her newest alert', () => {
  it('is refused, the alert stays open and urgent, and goes through once the page shows it', async () => {
    const { caseId, phone: number } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Mar' });
    await t.service.db.case.update({ where: { id: caseId }, data: { assignedStaffId: anaId } });
    expect((await ana.post(`/casos/${caseId}/tomar`, {}, json)).statusCode).toBe(200);
    const shown = (await ana.get(`/casos/${caseId}`)).body;
    const vista = /name="vista" value="([^"]*)"/.exec(shown)?.[1];
    expect(vista).toBe('');

    // She writes AYUDA while Ana's page is open, just before Ana presses "Devolver".
    await write(number, 'AYUDA');
    await phoneReaches(number, 1);
    await queuesIdle(t.service.queues);
    const refused = await ana.post(`/casos/${caseId}/devolver`, { modo: 'reanudar', vista: vista! }, json);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'unseen_alert', field: 'vista' });
    const [alert] = await t.service.db.alert.findMany({ where: { caseId } });
    expect(alert).toMatchObject({ kind: 'emergency_word', resolvedAt: null });
    expect(await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ attention: 'with_person', urgency: 'urgent' });

    // The page, refreshed, shows the alert: handing back from it resolves it.
    const fresh = /name="vista" value="([^"]*)"/.exec((await ana.get(`/casos/${caseId}`)).body)?.[1];
    expect(fresh).toBe(alert!.id);
    expect((await ana.post(`/casos/${caseId}/devolver`, { modo: 'reanudar', vista: fresh! }, json)).statusCode).toBe(200);
    expect((await t.service.db.alert.findUniqueOrThrow({ where: { id: alert!.id } })).resolvedAt).not.toBeNull();
  });
});

describe('taking over an unassigned urgent case', () => {
  it('assigns it to the psychologist who takes it, so it stays in her inbox after she hands it back', async () => {
    const { caseId, phone: number } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Rosa' });
    await write(number, 'PELIGRO');
    await phoneReaches(number, 1);
    await queuesIdle(t.service.queues);
    expect(await inboxGroupOf(bea, caseId)).toBe('urgent');

    expect((await bea.post(`/casos/${caseId}/tomar`, {}, json)).statusCode).toBe(200);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row).toMatchObject({ heldById: beaId, assignedStaffId: beaId });
    const audit = await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'case.assigned', subject: `case:${caseId}` } });
    expect(audit).toMatchObject({ staffId: beaId, detail: { assigneeId: beaId, via: 'takeover' } });

    expect((await bea.post(`/casos/${caseId}/devolver`, { modo: 'reanudar' }, json)).statusCode).toBe(200);
    expect(await inboxGroupOf(bea, caseId)).toBe('bot');
    expect((await bea.get(`/casos/${caseId}`)).statusCode).toBe(200);
    // Ana never had it and, now that it is Bea's and calm, does not see it.
    expect(await inboxGroupOf(ana, caseId)).toBeNull();
  });

  it('assigns nobody when a coordinator takes it', async () => {
    const { caseId, phone: number } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Sol' });
    await write(number, 'PELIGRO');
    await phoneReaches(number, 1);
    await queuesIdle(t.service.queues);
    expect((await coordination.post(`/casos/${caseId}/tomar`, {}, json)).statusCode).toBe(200);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row).toMatchObject({ heldById: expect.any(String), assignedStaffId: null });
    expect(await t.service.db.auditLog.count({ where: { action: 'case.assigned', subject: `case:${caseId}` } })).toBe(0);
  });
});
