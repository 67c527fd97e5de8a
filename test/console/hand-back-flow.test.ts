import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import type { TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { simulatorInbox } from '../support/simulator-phone.js';
import { eventually } from '../support/test-service.js';
import { startOpenHoursService } from '../support/open-hours-service.js';

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let ana: ConsoleClient;
let anaId: string;
const json = { accept: 'application/json' };

beforeAll(async () => {
  // The deployment allows every hour, so only her own safe hours decide.
  ({ t, privacy } = await startOpenHoursService());
  anaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana Pérez' });
  ana = new ConsoleClient(t.service.server);
  await ana.signIn('ana@unidad.test');
});

afterAll(async () => {
  await t?.stop();
});

async function heldCase(alias: string, safeHours?: unknown) {
  const created = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias, ...(safeHours ? { safeHours } : {}) });
  await t.service.db.case.update({ where: { id: created.caseId }, data: { assignedStaffId: anaId } });
  expect((await ana.post(`/casos/${created.caseId}/tomar`)).statusCode).toBe(303);
  return created;
}

describe('handing back to the question the bot left waiting', () => {
  /** A case whose first question waits for her answer, then taken by Ana. */
  async function askedThenTaken(alias: string) {
    const created = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias });
    await t.service.db.case.update({ where: { id: created.caseId }, data: { assignedStaffId: anaId } });
    await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: created.phone, text: 'Hola', id: `rearm-${created.caseId}` } });
    await eventually(async () => ((await simulatorInbox(t.service.server, created.phone)).length >= 1 ? true : undefined), 10_000, 'the first question');
    const session = await eventually(async () => (await t.service.db.flowSession.findFirst({ where: { caseId: created.caseId, status: 'waiting' } })) ?? undefined);
    expect((await ana.post(`/casos/${created.caseId}/tomar`)).statusCode).toBe(303);
    return { ...created, session };
  }

  it('gives a question whose timeout came while she was attended its whole time again', async () => {
    const { caseId, session } = await askedThenTaken('Sol');
    // As the sweep leaves a timeout that comes while a person holds the chat: dropped.
    await t.service.db.flowSession.update({ where: { id: session.id }, data: { timeoutAt: null } });
    const before = Date.now();
    expect((await ana.post(`/casos/${caseId}/devolver`, { modo: 'reanudar' }, json)).statusCode).toBe(200);
    const rearmed = (await t.service.db.flowSession.findUniqueOrThrow({ where: { id: session.id } })).timeoutAt!.getTime();
    expect(rearmed).toBeGreaterThanOrEqual(before + 4 * 3_600_000);
    expect(rearmed).toBeLessThanOrEqual(Date.now() + 4 * 3_600_000);
  });

  it('leaves a timeout still to come as it was', async () => {
    const { caseId, session } = await askedThenTaken('Paz');
    expect((await ana.post(`/casos/${caseId}/devolver`, { modo: 'reanudar' }, json)).statusCode).toBe(200);
    expect((await t.service.db.flowSession.findUniqueOrThrow({ where: { id: session.id } })).timeoutAt).toEqual(session.timeoutAt);
  });
});

describe('handing back by starting a chosen flow', () => {
  it('inside her safe hours, starts it now and sends its opening message', async () => {
    const { caseId, phone } = await heldCase('Mar');
    const res = await ana.post(`/casos/${caseId}/devolver`, { modo: 'flujo', flujo: 'primer-contacto' }, json);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sent: 1 });
    const received = await eventually(async () => {
      const texts = await simulatorInbox(t.service.server, phone);
      return texts.length >= 1 ? texts : undefined;
    }, 10_000, 'the flow opening');
    expect(received).toEqual(['Hola Mar, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
    const session = await t.service.db.flowSession.findFirstOrThrow({ where: { caseId, status: 'waiting' } });
    expect(session.flowId).toBe('primer-contacto');
    // Its question times out like any other: four hours after it was asked.
    expect(session.timeoutAt!.getTime() - session.updatedAt.getTime()).toBeGreaterThan(4 * 3_600_000 - 60_000);
    expect(session.timeoutAt!.getTime() - session.updatedAt.getTime()).toBeLessThanOrEqual(4 * 3_600_000);
    const unknown = await heldCase('Luz');
    const refused = await ana.post(`/casos/${unknown.caseId}/devolver`, { modo: 'flujo', flujo: 'no-existe' }, json);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: 'unknown_flow', field: 'flujo' });
  });

  it('outside them, sends nothing now and makes it a check-in at her next safe moment', async () => {
    // Her only window is a half hour on a weekday three days away.
    const weekday = ((new Date(Date.now() + 72 * 3600_000).getUTCDay() + 6) % 7) + 1;
    const { caseId, phone } = await heldCase('Sol', { windows: [{ days: [weekday], from: '10:00', to: '10:30' }], blocked: [] });
    const res = await ana.post(`/casos/${caseId}/devolver`, { modo: 'flujo', flujo: 'primer-contacto' }, json);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { sent: number; scheduledAt: string };
    expect(body.sent).toBe(0);
    expect(Date.parse(body.scheduledAt)).toBeGreaterThan(Date.now() + 3600_000);
    const checkIn = await t.service.db.checkIn.findFirstOrThrow({ where: { caseId, status: 'scheduled' } });
    expect(checkIn).toMatchObject({ flowId: 'primer-contacto', createdById: anaId });
    expect(checkIn.dueAt.toISOString()).toBe(body.scheduledAt);
    expect(await t.service.db.contact.count({ where: { caseId, direction: 'outbound' } })).toBe(0);
    expect(await simulatorInbox(t.service.server, phone)).toEqual([]);
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row).toMatchObject({ attention: 'bot', heldById: null });
    const audit = await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'case.handed_back', subject: `case:${caseId}` } });
    expect(audit.detail).toEqual({ mode: 'start_flow', flowId: 'primer-contacto', atHerNextSafeMoment: true });
  });
});

describe('the check-ins held while a person talked with her', () => {
  it('wait an hour after the hand-back instead of opening right after the talk; later ones stay as planned', async () => {
    const { caseId, phone } = await heldCase('Mar');
    const now = Date.now();
    // One came due during the talk (held), one is due in ten minutes, one in three days.
    const held = await t.service.db.checkIn.create({ data: { caseId, planItem: 'semana_1', flowId: 'primer-contacto', dueAt: new Date(now - 20 * 60_000), plannedAt: new Date(now - 20 * 60_000) } });
    const soon = await t.service.db.checkIn.create({ data: { caseId, planItem: 'semana_2', flowId: 'primer-contacto', dueAt: new Date(now + 10 * 60_000), plannedAt: new Date(now + 10 * 60_000) } });
    const later = await t.service.db.checkIn.create({ data: { caseId, planItem: 'mes_1', flowId: 'primer-contacto', dueAt: new Date(now + 72 * 3600_000), plannedAt: new Date(now + 72 * 3600_000) } });

    expect((await ana.post(`/casos/${caseId}/devolver`, { modo: 'reanudar' }, json)).statusCode).toBe(200);
    for (const id of [held.id, soon.id]) {
      const row = await t.service.db.checkIn.findUniqueOrThrow({ where: { id } });
      expect(row.status).toBe('scheduled');
      expect(row.dueAt.getTime()).toBeGreaterThanOrEqual(now + 3600_000);
      expect(row.dueAt.getTime()).toBeLessThan(Date.now() + 3600_000 + 5_000);
    }
    expect((await t.service.db.checkIn.findUniqueOrThrow({ where: { id: later.id } })).dueAt.getTime()).toBe(later.dueAt.getTime());
    // Firing the held one now (as the reconciler would) sends nothing yet.
    const { fireCheckIn } = await import('../../src/app/checkins/fire-check-in.js');
    expect(await fireCheckIn(t.service.checkIns.deps, held.id)).toMatchObject({ kind: 'not_due' });
    expect(await simulatorInbox(t.service.server, phone)).toEqual([]);
  });
});
