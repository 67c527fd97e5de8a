import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../src/app/ports.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { markUrgent } from '../support/urgent-case.js';

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
const events: CaseEvent[] = [];
let stopListening: () => Promise<void>;
let ana: ConsoleClient;
let carlos: ConsoleClient;
let coordination: ConsoleClient;
let admin: ConsoleClient;
let anaId: string;

beforeAll(async () => {
  t = await startTestService();
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  stopListening = await t.service.events.subscribe((e) => events.push(e));
  anaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana Pérez' });
  await createStaffAccount(t.service.db, { role: 'psychologist', email: 'carlos@unidad.test', displayName: 'Carlos Ruiz' });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test', displayName: 'Carmen Coordinadora' });
  await createStaffAccount(t.service.db, { role: 'admin', email: 'adm@unidad.test', displayName: 'Admin' });
  ana = new ConsoleClient(t.service.server);
  carlos = new ConsoleClient(t.service.server);
  coordination = new ConsoleClient(t.service.server);
  admin = new ConsoleClient(t.service.server);
  await ana.signIn('ana@unidad.test');
  await carlos.signIn('carlos@unidad.test');
  await coordination.signIn('coord@unidad.test');
  await admin.signIn('adm@unidad.test');
});

afterAll(async () => {
  await stopListening?.();
  await t?.stop();
});

/** A case assigned to Ana with an urgent emergency-word alert and, when asked, a failed-delivery one. */
async function caseWithAlerts(options: { failedDelivery?: boolean } = {}) {
  const { caseId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz' });
  await t.service.db.case.update({ where: { id: caseId }, data: { assignedStaffId: anaId } });
  const urgentId = await markUrgent(t.service.db, t.service.events, caseId);
  const failed = options.failedDelivery
    ? await t.service.db.alert.create({
        data: { caseId, kind: 'delivery_failed', urgency: 'urgent', reason: 'No se entregó un mensaje' },
        select: { id: true },
      })
    : null;
  return { caseId, urgentId, failedId: failed?.id ?? null };
}

const url = (caseId: string, alertId: string) => `/casos/${caseId}/alertas/${alertId}/atendida`;
const alertOf = (id: string) => t.service.db.alert.findUniqueOrThrow({ where: { id } });
const resolvedAudits = (caseId: string) =>
  t.service.db.auditLog.findMany({ where: { action: 'case.alert_resolved', subject: `case:${caseId}` }, orderBy: { createdAt: 'asc' } });

describe('marking an alert attended', () => {
  it('shows "Marcar como atendida" on each open alert, with the CSRF token', async () => {
    const { caseId, urgentId, failedId } = await caseWithAlerts({ failedDelivery: true });
    const page = await ana.get(`/casos/${caseId}`);
    expect(page.statusCode).toBe(200);
    for (const id of [urgentId, failedId!]) expect(page.body).toContain(`action="${url(caseId, id)}"`);
    expect(page.body).toContain('Marcar como atendida');
  });

  it('resolves one alert by its staff member, audited and published; the case stays urgent while another is open', async () => {
    const { caseId, urgentId, failedId } = await caseWithAlerts({ failedDelivery: true });
    const res = await ana.post(url(caseId, failedId!));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/casos/${caseId}?hecho=atendida`);
    expect(await alertOf(failedId!)).toMatchObject({ resolvedById: anaId, resolvedAt: expect.any(Date) });
    expect((await alertOf(urgentId)).resolvedAt).toBeNull();
    const audits = await resolvedAudits(caseId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ staffId: anaId, detail: { alertId: failedId } });
    expect(events).toContainEqual({ type: 'attention_changed', caseId });
    expect(await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ attention: 'waiting_person', urgency: 'urgent' });
    const page = await ana.get(res.headers.location as string);
    expect(page.body).toContain('Marcaste la alerta como atendida.');
    expect(page.body).not.toContain(url(caseId, failedId!));
    expect(page.body).toContain(url(caseId, urgentId));
  });

  it('gives another open page of the case the alerts as they are now, with the live controls', async () => {
    const { caseId, urgentId, failedId } = await caseWithAlerts({ failedDelivery: true });
    const controls = () => coordination.get(`/api/casos/${caseId}/controles`);
    const before = await controls();
    expect(before.statusCode).toBe(200);
    for (const where of ['panel', 'arriba']) {
      expect(before.body).toContain(`id="alertas-${where}"`);
      expect(before.body).toContain(`id="atendida-${where}-${failedId}"`);
    }
    expect((await ana.post(url(caseId, failedId!))).statusCode).toBe(303);
    const after = await controls();
    expect(after.body).not.toContain(url(caseId, failedId!));
    expect(after.body).toContain(`id="atendida-panel-${urgentId}"`);
    expect((await ana.post(url(caseId, urgentId))).statusCode).toBe(303);
    const none = await controls();
    expect(none.body).toContain('<div id="alertas-panel" hidden></div>');
    expect(none.body).toContain('<div id="alertas-arriba" hidden></div>');
    expect(none.body).not.toContain('Marcar como atendida');
  });

  it('sends the case back to the bot, as a hand-back does, when its last alert is resolved and nobody holds it', async () => {
    const { caseId, urgentId } = await caseWithAlerts();
    expect((await ana.get('/')).body).toMatch(new RegExp(`id="caso-${caseId}"`));
    expect((await ana.post(url(caseId, urgentId))).statusCode).toBe(303);
    expect(await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({
      attention: 'bot',
      urgency: 'none',
      attentionReason: null,
      heldById: null,
    });
    expect((await resolvedAudits(caseId))[0]!.detail).toEqual({ alertId: urgentId, backToBot: true });
  });

  it('keeps a held chat with its holder when its last alert is resolved', async () => {
    const { caseId, urgentId } = await caseWithAlerts();
    expect((await ana.post(`/casos/${caseId}/tomar`)).statusCode).toBe(303);
    expect((await ana.post(url(caseId, urgentId))).statusCode).toBe(303);
    expect(await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ attention: 'with_person', heldById: anaId });
    expect((await alertOf(urgentId)).resolvedAt).not.toBeNull();
  });

  it('keeps a chat a person took from the linked phone with that person when its last alert is resolved', async () => {
    const { caseId, urgentId } = await caseWithAlerts();
    // As a message typed on the linked phone leaves the case: a person talks with her, with no holder in the console.
    await t.service.db.case.update({ where: { id: caseId }, data: { attention: 'with_person', heldById: null } });
    expect((await ana.post(url(caseId, urgentId), {}, { accept: 'application/json' })).json()).toEqual({ alreadyResolved: false, backToBot: false });
    expect(await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ attention: 'with_person', heldById: null });
  });

  it('gives the question she waits on its time again when the case goes back to the bot', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Sol' });
    await t.service.db.case.update({ where: { id: caseId }, data: { assignedStaffId: anaId } });
    expect((await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text: 'Hola' } })).statusCode).toBe(202);
    const session = await eventually(
      async () => (await t.service.db.flowSession.findFirst({ where: { caseId, status: 'waiting', timeoutAt: { not: null } } })) ?? undefined,
      10_000,
      'her first question asked',
    );
    // She waited for a person meanwhile, and the question's timeout came and was dropped.
    const urgentId = await markUrgent(t.service.db, t.service.events, caseId);
    await t.service.db.flowSession.update({ where: { id: session.id }, data: { timeoutAt: null } });
    const before = Date.now();
    expect((await ana.post(url(caseId, urgentId), {}, { accept: 'application/json' })).json()).toEqual({ alreadyResolved: false, backToBot: true });
    const rearmed = await t.service.db.flowSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(rearmed.status).toBe('waiting');
    expect(rearmed.timeoutAt!.getTime()).toBeGreaterThan(before);
  });

  it('changes nothing when the alert is already resolved, and says so', async () => {
    const { caseId, urgentId } = await caseWithAlerts();
    expect((await ana.post(url(caseId, urgentId))).statusCode).toBe(303);
    const first = await alertOf(urgentId);
    const publishedBefore = events.filter((e) => e.caseId === caseId).length;
    const again = await coordination.post(url(caseId, urgentId));
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/casos/${caseId}?hecho=ya-atendida`);
    expect(await alertOf(urgentId)).toEqual(first);
    expect(await resolvedAudits(caseId)).toHaveLength(1);
    expect(events.filter((e) => e.caseId === caseId)).toHaveLength(publishedBefore);
    expect((await ana.get(again.headers.location as string)).body).toContain('ya estaba marcada como atendida');
    expect((await ana.post(url(caseId, urgentId), {}, { accept: 'application/json' })).json()).toEqual({ alreadyResolved: true, backToBot: false });
  });

  it('lets a coordinator resolve it', async () => {
    const { caseId, urgentId } = await caseWithAlerts();
    expect((await coordination.post(url(caseId, urgentId))).statusCode).toBe(303);
    expect((await alertOf(urgentId)).resolvedAt).not.toBeNull();
  });

  it('refuses a bad CSRF token, a case she cannot see (404), an admin (403) and an alert of another case (404)', async () => {
    const { caseId, urgentId } = await caseWithAlerts();
    const other = await caseWithAlerts();
    expect((await ana.post(url(caseId, urgentId), { _csrf: 'falso' })).statusCode).toBe(403);
    // Carlos sees neither Ana's case nor (it is assigned) its urgent alert.
    expect((await carlos.post(url(caseId, urgentId))).statusCode).toBe(404);
    expect((await admin.post(url(caseId, urgentId))).statusCode).toBe(403);
    expect((await ana.post(url(caseId, other.urgentId))).statusCode).toBe(404);
    expect((await ana.post(`/casos/${caseId}/alertas/no-es-id/atendida`)).statusCode).toBe(400);
    expect((await alertOf(urgentId)).resolvedAt).toBeNull();
    expect((await alertOf(other.urgentId)).resolvedAt).toBeNull();
    expect(await resolvedAudits(caseId)).toHaveLength(0);
  });
});
