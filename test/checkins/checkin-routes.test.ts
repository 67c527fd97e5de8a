import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { checkInRoutes } from '../../src/console/routes/checkins.js';
import { prismaAuditTrail } from '../../src/persistence/audit-trail.js';
import { RequestError } from '../../src/console/request-error.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';

const PLAN = fileURLToPath(new URL('./fixtures/plan-primer.yaml', import.meta.url));
let t: TestService;
let app: FastifyInstance;
let caseId: string;

beforeAll(async () => {
  t = await startTestService({ env: { CHECKIN_PLAN: PLAN, CONTACT_WINDOWS: '1-5 10:00-13:00', QUIET_HOURS: 'none' } });
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  ({ caseId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() }));
  app = Fastify();
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof RequestError) return reply.code(error.statusCode).send({ error: error.code, field: error.field, message: error.message });
    return reply.code(500).send({ error: 'internal' });
  });
  // The console's real authorization is tested with the console; here it only needs to say yes or no.
  await app.register(checkInRoutes, {
    checkIns: t.service.checkIns.deps,
    authorize: async (request, reply) => {
      if (request.headers['x-test-role'] !== 'coordinator') return reply.code(403).send({ error: 'forbidden' });
    },
    staffIdOf: () => null,
    audit: prismaAuditTrail(t.service.db),
  });
});

afterAll(async () => {
  await app?.close();
  await t?.stop();
});

const as = { 'x-test-role': 'coordinator' };
/** A Saturday at least a week ahead, so the dates stay in the future whenever the tests run. */
const saturdayNoon = DateTime.now().setZone('America/Cancun').plus({ weeks: 1 }).set({ weekday: 6, hour: 12, minute: 0, second: 0, millisecond: 0 });
const mondayTen = saturdayNoon.plus({ days: 2 }).set({ hour: 10 });
const tuesdayHalfPastEleven = saturdayNoon.plus({ days: 3 }).set({ hour: 11, minute: 30 });
const iso = (d: DateTime) => d.toISO({ suppressMilliseconds: true })!;
const utc = (d: DateTime) => d.toUTC().toISO()!;

describe('check-in API', () => {
  it('adds a check-in, moved into her safe hours, then moves and cancels it', async () => {
    const saturday = iso(saturdayNoon);
    const added = await app.inject({ method: 'POST', url: `/api/cases/${caseId}/checkins`, headers: as, payload: { flow: 'primer-contacto', at: saturday } });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ caseId, flow: 'primer-contacto', status: 'scheduled', dueAt: utc(mondayTen) });
    const id = added.json().id as string;
    const row = await t.service.db.checkIn.findUniqueOrThrow({ where: { id } });
    expect(row.movedReason).toBe('fuera de su horario');

    const moved = await app.inject({ method: 'PATCH', url: `/api/checkins/${id}`, headers: as, payload: { at: iso(tuesdayHalfPastEleven), reason: 'lo pidió ella' } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().dueAt).toBe(utc(tuesdayHalfPastEleven));
    const jobs = (await t.service.checkIns.deps.scheduler.scheduledJobs()).filter((j) => j.checkInId === id);
    expect(jobs).toEqual([{ checkInId: id, dueAt: tuesdayHalfPastEleven.toMillis() }]);

    const cancelled = await app.inject({ method: 'POST', url: `/api/checkins/${id}/cancel`, headers: as, payload: { reason: 'ya no es necesario' } });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect((await t.service.checkIns.deps.scheduler.scheduledJobs()).filter((j) => j.checkInId === id)).toEqual([]);

    const again = await app.inject({ method: 'POST', url: `/api/checkins/${id}/cancel`, headers: as, payload: { reason: 'otra vez' } });
    expect(again.statusCode).toBe(409);

    // Each change is audited once, with the check-in's id and nothing she said (the refused one is not).
    const audit = await t.service.db.auditLog.findMany({ where: { subject: `case:${caseId}` }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['case.checkin_added', 'case.checkin_moved', 'case.checkin_cancelled']);
    expect(audit.every((a) => (a.detail as { checkInId?: string }).checkInId === id)).toBe(true);
    expect(JSON.stringify(audit.map((a) => a.detail))).not.toContain('lo pidió ella');
  });

  it.each([
    [{ flow: 'primer-contacto', at: 'mañana' }, 400, 'at'],
    [{ flow: 'no-existe', at: iso(mondayTen) }, 422, 'flow'],
    [{ at: iso(mondayTen) }, 400, 'flow'],
    // A past time would make it due at once; year 0 is no date the database can store.
    [{ flow: 'primer-contacto', at: '2020-12-20T10:00:00-05:00' }, 400, 'at'],
    [{ flow: 'primer-contacto', at: '0000-06-01T10:00:00-05:00' }, 400, 'at'],
  ])('refuses %j with %i naming %s', async (payload, status, field) => {
    const before = await t.service.db.checkIn.count({ where: { caseId } });
    const res = await app.inject({ method: 'POST', url: `/api/cases/${caseId}/checkins`, headers: as, payload });
    expect(res.statusCode).toBe(status);
    expect(res.json().field).toBe(field);
    expect(await t.service.db.checkIn.count({ where: { caseId } })).toBe(before);
  });

  it('refuses to move a check-in into the past, and leaves it where it was', async () => {
    const added = await app.inject({ method: 'POST', url: `/api/cases/${caseId}/checkins`, headers: as, payload: { flow: 'primer-contacto', at: iso(mondayTen) } });
    const { id, dueAt } = added.json() as { id: string; dueAt: string };
    const res = await app.inject({ method: 'PATCH', url: `/api/checkins/${id}`, headers: as, payload: { at: '2020-12-20T10:00:00-05:00', reason: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('at');
    expect((await t.service.db.checkIn.findUniqueOrThrow({ where: { id } })).dueAt.toISOString()).toBe(dueAt);
  });

  it('answers 404 for an unknown case and 403 without the right role', async () => {
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/cases/00000000-0000-7000-8000-000000000000/checkins',
      headers: as,
      payload: { flow: 'primer-contacto', at: iso(mondayTen) },
    });
    expect(unknown.statusCode).toBe(404);
    const refused = await app.inject({ method: 'POST', url: `/api/cases/${caseId}/checkins`, payload: { flow: 'primer-contacto', at: iso(mondayTen) } });
    expect(refused.statusCode).toBe(403);
  });
});
