import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let coordination: ConsoleClient;
let ana: ConsoleClient;
let coordinatorId: string;
let anaId: string;

beforeAll(async () => {
  t = await startTestService({ env: { CONTACT_WINDOWS: '1-5 10:00-13:00', QUIET_HOURS: 'none' } });
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  coordinatorId = await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test', displayName: 'Carmen' });
  anaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana' });
  coordination = new ConsoleClient(t.service.server);
  ana = new ConsoleClient(t.service.server);
  await coordination.signIn('coord@unidad.test');
  await ana.signIn('ana@unidad.test');
});

afterAll(async () => {
  await t?.stop();
});

const json = { accept: 'application/json' };
/** A Saturday at least a week ahead, so the dates stay in the future whenever the tests run. */
const saturdayNoon = DateTime.now().setZone('America/Cancun').plus({ weeks: 1 }).set({ weekday: 6, hour: 12, minute: 0, second: 0, millisecond: 0 });
const mondayTen = saturdayNoon.plus({ days: 2 }).set({ hour: 10 });
const tuesdayHalfPastEleven = saturdayNoon.plus({ days: 3 }).set({ hour: 11, minute: 30 });
/** A moment as the page's `datetime-local` input sends it (Cancún time, no offset). */
const local = (d: DateTime) => d.toFormat("yyyy-MM-dd'T'HH:mm");

async function newCase() {
  const created = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz' });
  await t.service.db.case.update({ where: { id: created.caseId }, data: { assignedStaffId: anaId } });
  return created.caseId;
}

const jobsOf = async (checkInId: string) =>
  (await t.service.checkIns.deps.scheduler.scheduledJobs()).filter((j) => j.checkInId === checkInId);

describe('check-ins from the conversation page', () => {
  it('adds one from the form, moved into her safe hours, scheduled and audited, and lists it with its controls', async () => {
    const caseId = await newCase();
    const res = await coordination.post(`/casos/${caseId}/seguimientos`, { flujo: 'seguimiento', fecha: local(saturdayNoon) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/casos/${caseId}?hecho=seguimiento#seguimientos`);
    const row = await t.service.db.checkIn.findFirstOrThrow({ where: { caseId } });
    expect(row).toMatchObject({ flowId: 'seguimiento', status: 'scheduled', createdById: coordinatorId, movedReason: 'fuera de su horario' });
    expect(row.dueAt.toISOString()).toBe(mondayTen.toUTC().toISO());
    expect(await jobsOf(row.id)).toEqual([{ checkInId: row.id, dueAt: mondayTen.toMillis() }]);
    const audit = await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'case.checkin_added', subject: `case:${caseId}` } });
    expect(audit).toMatchObject({ staffId: coordinatorId, detail: { checkInId: row.id, flowId: 'seguimiento', dueAt: row.dueAt.toISOString() } });

    const page = await coordination.get(`/casos/${caseId}?hecho=seguimiento`);
    expect(page.body).toContain('Seguimientos actualizados.');
    const section = await coordination.get(`/api/casos/${caseId}/seguimientos`);
    expect(section.statusCode).toBe(200);
    expect(section.body).toMatch(/^<section class="bloque" aria-labelledby="titulo-seguimientos" id="seguimientos">/);
    expect(section.body).toContain(`action="/casos/${caseId}/seguimientos/${row.id}/mover"`);
    expect(section.body).toContain(`<label for="fecha-${row.id}">Nueva fecha y hora</label>`);
    expect(section.body).toContain(`value="${local(mondayTen)}"`);
    expect(section.body).toContain('<label for="seguimiento-fecha">Fecha y hora');
  });

  it('moves and cancels it (as the page’s script does, with JSON), each audited, its job following', async () => {
    const caseId = await newCase();
    const added = await coordination.post(`/casos/${caseId}/seguimientos`, { flujo: 'seguimiento', fecha: local(mondayTen) }, json);
    expect(added.statusCode).toBe(201);
    const { id } = added.json() as { id: string };

    const moved = await coordination.post(`/casos/${caseId}/seguimientos/${id}/mover`, { fecha: local(tuesdayHalfPastEleven), motivo: 'lo pidió ella' }, json);
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toEqual({ id, caseId, dueAt: tuesdayHalfPastEleven.toUTC().toISO() });
    expect(await jobsOf(id)).toEqual([{ checkInId: id, dueAt: tuesdayHalfPastEleven.toMillis() }]);
    // The reason staff typed is kept encrypted, like notes, and still shown on the case's page.
    const row = await t.service.db.checkIn.findUniqueOrThrow({ where: { id } });
    expect(row.movedReason).toBeNull();
    expect(Buffer.from(row.movedReasonCipher!).toString('utf8')).not.toContain('pidió');
    expect(privacy.cipher.decrypt(row.movedReasonCipher!)).toBe('lo pidió ella');
    expect((await coordination.get(`/api/casos/${caseId}/seguimientos`)).body).toContain('lo pidió ella');

    const cancelled = await coordination.post(`/casos/${caseId}/seguimientos/${id}/cancelar`, { motivo: 'ya no es necesario' });
    expect(cancelled.statusCode).toBe(303);
    expect(await t.service.db.checkIn.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'cancelled' });
    expect(await jobsOf(id)).toEqual([]);
    const actions = await t.service.db.auditLog.findMany({ where: { subject: `case:${caseId}`, action: { startsWith: 'case.checkin_' } }, orderBy: { createdAt: 'asc' } });
    expect(actions.map((a) => a.action)).toEqual(['case.checkin_added', 'case.checkin_moved', 'case.checkin_cancelled']);
    expect((await coordination.get(`/api/casos/${caseId}/seguimientos`)).body).toContain('Ninguno programado.');

    const again = await coordination.post(`/casos/${caseId}/seguimientos/${id}/cancelar`, { motivo: 'otra vez' }, json);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'not_scheduled', message: 'Ese seguimiento ya no está programado.' });
  });

  it('refuses bad input naming the field, in Spanish, and writes nothing', async () => {
    const caseId = await newCase();
    const past = local(DateTime.now().setZone('America/Cancun').minus({ days: 1 }));
    const cases: [Record<string, string>, number, string][] = [
      [{ flujo: 'seguimiento', fecha: 'mañana' }, 400, 'fecha'],
      [{ flujo: 'seguimiento' }, 400, 'fecha'],
      [{ flujo: 'seguimiento', fecha: past }, 400, 'fecha'],
      [{ flujo: 'no-existe', fecha: local(mondayTen) }, 400, 'flujo'],
    ];
    for (const [form, status, field] of cases) {
      const res = await coordination.post(`/casos/${caseId}/seguimientos`, form, json);
      expect(res.statusCode, JSON.stringify(form)).toBe(status);
      expect(res.json().field).toBe(field);
    }
    const page = await coordination.post(`/casos/${caseId}/seguimientos`, { flujo: 'seguimiento', fecha: past });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('La fecha debe ser futura.');
    expect(page.body).toContain(`href="/casos/${caseId}"`);
    const noReason = await coordination.post(`/casos/${caseId}/seguimientos/${crypto.randomUUID()}/cancelar`, { motivo: '  ' }, json);
    expect(noReason.json()).toMatchObject({ field: 'motivo' });
    expect(await t.service.db.checkIn.count({ where: { caseId } })).toBe(0);
  });

  it('refuses a check-in of another case, as not scheduled', async () => {
    const mine = await newCase();
    const other = await newCase();
    const added = await coordination.post(`/casos/${other}/seguimientos`, { flujo: 'seguimiento', fecha: local(mondayTen) }, json);
    const { id } = added.json() as { id: string };
    expect((await coordination.post(`/casos/${mine}/seguimientos/${id}/cancelar`, { motivo: 'x' }, json)).statusCode).toBe(409);
    expect((await coordination.post(`/casos/${mine}/seguimientos/${id}/mover`, { fecha: local(tuesdayHalfPastEleven), motivo: 'x' }, json)).statusCode).toBe(409);
    expect(await t.service.db.checkIn.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'scheduled' });
  });

  it('lets psychologists see the check-ins but not change them, and needs the CSRF token', async () => {
    const caseId = await newCase();
    await coordination.post(`/casos/${caseId}/seguimientos`, { flujo: 'seguimiento', fecha: local(mondayTen) });
    const page = await ana.get(`/casos/${caseId}`);
    expect(page.body).toContain('id="seguimientos"');
    expect(page.body).not.toContain('Mover o cancelar');
    expect(page.body).not.toContain(`action="/casos/${caseId}/seguimientos"`);
    expect((await ana.post(`/casos/${caseId}/seguimientos`, { flujo: 'seguimiento', fecha: local(tuesdayHalfPastEleven) })).statusCode).toBe(403);
    expect((await coordination.post(`/casos/${caseId}/seguimientos`, { _csrf: 'falso', flujo: 'seguimiento', fecha: local(tuesdayHalfPastEleven) })).statusCode).toBe(403);
    expect(await t.service.db.checkIn.count({ where: { caseId } })).toBe(1);
  });
});
