import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { DateTime } from 'luxon';
import { UNIT_TIME_ZONE } from '../../src/engine/unit-time-zone.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import type { CaseEvent } from '../../src/app/ports.js';
import { startTestService, eventually, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { reminderJobId } from '../../src/scheduling/appointment-scheduler.js';
import { shiftedByWeeks } from '../support/shifted-dates.js';

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let coordinator: ConsoleClient;
let psychologist: ConsoleClient;
let psychologistId: string;
let otherPsychologistId: string;
let coordinatorId: string;
const events: CaseEvent[] = [];
let stopListening: () => Promise<void>;

// Fixed dates are written in January and February 2028 (2028-01-01 is a Saturday) and each goes through
// `shifted`, which moves them all by the same whole weeks to a month or two from today.
const shifted = shiftedByWeeks({ first: '2028-01-01', last: '2028-02-06' });

beforeAll(async () => {
  // Every hour is safe and worked here, so invitations go out at once whenever the test runs.
  t = await startTestService({
    env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none', WORKING_HOURS: '1-7 00:00-24:00', VIDEO_BASE_URL: 'https://video.example.org/' },
  });
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  psychologistId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi@unidad.example', displayName: 'Marta' });
  otherPsychologistId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi2@unidad.example', displayName: 'Rosa' });
  coordinatorId = await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.example' });
  coordinator = new ConsoleClient(t.service.server);
  await coordinator.signIn('coord@unidad.example');
  psychologist = new ConsoleClient(t.service.server);
  await psychologist.signIn('psi@unidad.example');
  stopListening = await t.service.events.subscribe((event) => events.push(event));
});

afterAll(async () => {
  await stopListening?.();
  await t?.stop();
});

function api(client: ConsoleClient, method: 'POST' | 'PATCH' | 'GET', url: string, json?: object) {
  return client.request({
    method,
    url,
    headers: { 'csrf-token': client.csrf, ...(json ? { 'content-type': 'application/json' } : {}) },
    ...(json ? { payload: JSON.stringify(json) } : {}),
  });
}

/** A time `days` ahead on the hour, far enough from now for reminders to be in the future. */
function hoursAhead(hours: number): Date {
  const d = new Date(Date.now() + hours * 3600_000);
  d.setUTCMinutes(0, 0, 0);
  return d;
}

async function newCase(alias = 'Flor') {
  return createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias });
}

describe('booking a session', () => {
  it('lets exactly one of two simultaneous bookings of the same psychologist win; the other gets 409', async () => {
    for (let round = 0; round < 5; round += 1) {
      const [a, b] = await Promise.all([newCase(), newCase()]);
      const startsAt = hoursAhead(24 * 20 + round * 3).toISOString();
      const answers = await Promise.all(
        [a, b].map((c) => api(coordinator, 'POST', '/api/appointments', { caseId: c.caseId, staffId: psychologistId, startsAt })),
      );
      expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      const refused = answers.find((r) => r.statusCode === 409)!;
      expect(refused.json()).toMatchObject({ error: 'slot_taken', field: 'startsAt' });
      const active = await t.service.db.appointment.count({
        where: { staffId: psychologistId, startsAt: new Date(startsAt), status: { in: ['proposed', 'confirmed', 'rescheduled'] } },
      });
      expect(active).toBe(1);
    }
  });

  it('is refused by PostgreSQL itself for overlapping active rows, not for back-to-back or cancelled ones', async () => {
    const { caseId } = await newCase();
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    try {
      const insert = (from: string, to: string, room: string, status = 'proposed') =>
        client.query(
          `INSERT INTO "Appointment" (id, "caseId", "staffId", "startsAt", "endsAt", status, "videoRoom", "updatedAt")
           VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::"AppointmentStatus", $6, now())`,
          [caseId, otherPsychologistId, from, to, status, room],
        );
      await insert('2031-01-06T15:00:00Z', '2031-01-06T16:00:00Z', 'sql-1');
      await insert('2031-01-06T16:00:00Z', '2031-01-06T17:00:00Z', 'sql-2'); // back to back
      await insert('2031-01-06T15:30:00Z', '2031-01-06T16:30:00Z', 'sql-3', 'cancelled');
      await expect(insert('2031-01-06T15:30:00Z', '2031-01-06T16:30:00Z', 'sql-4')).rejects.toMatchObject({ code: '23P01' });
      await expect(insert('2031-01-06T15:30:00Z', '2031-01-06T15:00:00Z', 'sql-5')).rejects.toMatchObject({ code: '23514' });
    } finally {
      await client.end();
    }
  });

  it('invites her, plans both reminders, offers three other free times, audits and publishes; then moves and cancels', async () => {
    const { caseId, phone } = await newCase('Luz');
    const startsAt = hoursAhead(24 * 5);
    const booked = await api(coordinator, 'POST', '/api/appointments', { caseId, staffId: psychologistId, startsAt: startsAt.toISOString(), notes: 'primera sesión' });
    expect(booked.statusCode).toBe(201);
    const body = booked.json();
    expect(body).toMatchObject({ caseId, staffId: psychologistId, status: 'proposed', startsAt: startsAt.toISOString() });
    expect(new Date(body.endsAt).getTime() - startsAt.getTime()).toBe(50 * 60_000);

    const row = await t.service.db.appointment.findUniqueOrThrow({ where: { id: body.id } });
    expect(body.videoLink).toBe(`https://video.example.org/${row.videoRoom}`);
    expect(Buffer.from(row.notesCipher!).toString('latin1')).not.toContain('primera');
    const offers = row.offeredSlots as { startsAt: string; endsAt: string }[];
    expect(offers).toHaveLength(3);
    for (const o of offers) expect(Date.parse(o.endsAt) <= startsAt.getTime() || Date.parse(o.startsAt) >= Date.parse(body.endsAt)).toBe(true);

    const invitation = await t.service.db.checkIn.findFirstOrThrow({ where: { caseId, flowId: 'invitacion-videollamada' } });
    expect(invitation.createdById).toBe(coordinatorId);
    const day = await t.service.queues.appointmentReminders.getJob(reminderJobId(body.id, 'day', startsAt));
    const hour = await t.service.queues.appointmentReminders.getJob(reminderJobId(body.id, 'hour', startsAt));
    expect(day?.delay).toBeGreaterThan(3 * 24 * 3600_000);
    expect(hour!.delay - day!.delay).toBeGreaterThan(23 * 3600_000 - 60_000);
    expect(await t.service.db.auditLog.count({ where: { action: 'appointment.create', subject: `case:${caseId}` } })).toBe(1);
    await eventually(async () => (events.some((e) => e.type === 'appointment_changed' && e.appointmentId === body.id) ? true : undefined));
    // The invitation reaches her phone, opening with the safety question.
    const opening = await eventually(async () => {
      const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(phone)}` });
      const texts = (res.json() as { text: string }[]).map((m) => m.text);
      return texts.length >= 1 ? texts : undefined;
    });
    expect(opening).toEqual(['Hola Luz, soy Ana. 🙂 ¿Es buen momento para platicar? Responde 1 (sí), 2 (no) o 3 (más tarde).']);

    const later = new Date(startsAt.getTime() + 2 * 3600_000);
    const moved = await api(coordinator, 'PATCH', `/api/appointments/${body.id}`, { startsAt: later.toISOString() });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'rescheduled', startsAt: later.toISOString() });
    expect(await t.service.queues.appointmentReminders.getJob(reminderJobId(body.id, 'day', startsAt))).toBeUndefined();
    expect(await t.service.queues.appointmentReminders.getJob(reminderJobId(body.id, 'day', later))).toBeDefined();

    const cancelled = await api(coordinator, 'POST', `/api/appointments/${body.id}/cancel`, {});
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect(await t.service.queues.appointmentReminders.getJob(reminderJobId(body.id, 'hour', later))).toBeUndefined();
    const again = await api(coordinator, 'POST', `/api/appointments/${body.id}/cancel`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'wrong_status', field: 'status' });

    // A cancelled session frees the time.
    const other = await newCase();
    const rebooked = await api(coordinator, 'POST', '/api/appointments', { caseId: other.caseId, staffId: psychologistId, startsAt: later.toISOString() });
    expect(rebooked.statusCode).toBe(201);
  });

  it.each([
    [{ startsAt: 'mañana' }, 400, 'startsAt'],
    [{ staffId: 'nadie' }, 400, 'staffId'],
    [{ extra: 1 }, 400, 'extra'],
    [{ startsAt: '2020-01-01T10:00:00-05:00' }, 422, 'startsAt'],
  ])('refuses %j with %i naming %s', async (change, status, field) => {
    const { caseId } = await newCase();
    const res = await api(coordinator, 'POST', '/api/appointments', { caseId, staffId: psychologistId, startsAt: hoursAhead(24 * 40).toISOString(), ...change });
    expect(res.statusCode).toBe(status);
    expect(res.json().field).toBe(field);
    expect(await t.service.db.appointment.count({ where: { caseId } })).toBe(0);
  });

  it('refuses a coordinator as the psychologist, and a time outside her working hours', async () => {
    const { caseId } = await newCase();
    const asCoordinator = await api(coordinator, 'POST', '/api/appointments', { caseId, staffId: coordinatorId, startsAt: hoursAhead(24 * 41).toISOString() });
    expect(asCoordinator.statusCode).toBe(422);
    expect(asCoordinator.json()).toMatchObject({ error: 'not_a_psychologist', field: 'staffId' });

    const limited = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi3@unidad.example' });
    await t.service.db.staff.update({ where: { id: limited }, data: { workingHours: { windows: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '14:00' }] } } });
    const saturday = new Date(shifted('2028-01-01T20:00:00Z')); // Saturday 15:00 in Cancún
    const outside = await api(coordinator, 'POST', '/api/appointments', { caseId, staffId: limited, startsAt: saturday.toISOString() });
    expect(outside.statusCode).toBe(422);
    expect(outside.json()).toMatchObject({ error: 'outside_hours', field: 'startsAt' });
    const monday = new Date(shifted('2028-01-03T15:00:00Z')); // Monday 10:00
    expect((await api(coordinator, 'POST', '/api/appointments', { caseId, staffId: limited, startsAt: monday.toISOString() })).statusCode).toBe(201);
    const slots = await api(coordinator, 'GET', `/api/appointments/slots?caseId=${caseId}&staffId=${limited}&count=3`);
    expect(slots.statusCode).toBe(200);
    for (const slot of slots.json() as { startsAt: string }[]) {
      const local = new Date(Date.parse(slot.startsAt) - 5 * 3600_000);
      expect(local.getUTCHours()).toBeGreaterThanOrEqual(9);
      expect([0, 6].includes(local.getUTCDay())).toBe(false);
    }
  });
});

describe('after the session', () => {
  async function pastSession(staffId: string) {
    const { caseId } = await newCase();
    const startsAt = new Date(Date.now() - 2 * 3600_000);
    const row = await t.service.db.appointment.create({
      data: { caseId, staffId, startsAt, endsAt: new Date(startsAt.getTime() + 3000_000), status: 'confirmed', videoRoom: `past-${caseId}` },
    });
    return { caseId, id: row.id };
  }

  it('done: records a video contact and proposes the next check-in; the outcome is encrypted', async () => {
    const { caseId, id } = await pastSession(psychologistId);
    const res = await api(psychologist, 'POST', `/api/appointments/${id}/outcome`, { status: 'done', outcome: 'Se acordó seguir en una semana' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'done' });
    const contacts = await t.service.db.contact.findMany({ where: { caseId, channel: 'video' } });
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ author: 'staff', staffId: psychologistId, status: 'sent' });
    const next = await t.service.db.checkIn.findUniqueOrThrow({ where: { id: res.json().nextCheckInId } });
    expect(next).toMatchObject({ caseId, flowId: 'seguimiento', status: 'scheduled' });
    expect(next.dueAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
    const row = await t.service.db.appointment.findUniqueOrThrow({ where: { id } });
    expect(privacy.cipher.decrypt(row.outcomeCipher!)).toBe('Se acordó seguir en una semana');
    const again = await api(psychologist, 'POST', `/api/appointments/${id}/outcome`, { status: 'no_show', outcome: 'x' });
    expect(again.statusCode).toBe(409);
  });

  it("no_show records no contact; another psychologist's session is not hers to close", async () => {
    const mine = await pastSession(psychologistId);
    const res = await api(psychologist, 'POST', `/api/appointments/${mine.id}/outcome`, { status: 'no_show', outcome: 'No se conectó' });
    expect(res.json()).toMatchObject({ status: 'no_show', nextCheckInId: null });
    expect(await t.service.db.contact.count({ where: { caseId: mine.caseId, channel: 'video' } })).toBe(0);

    const theirs = await pastSession(otherPsychologistId);
    const refused = await api(psychologist, 'POST', `/api/appointments/${theirs.id}/outcome`, { status: 'done', outcome: 'x' });
    expect(refused.statusCode).toBe(404);
    const byCoordinator = await api(coordinator, 'POST', `/api/appointments/${theirs.id}/outcome`, { status: 'done', outcome: 'Sesión completa' });
    expect(byCoordinator.statusCode).toBe(200);
  });

  it('refuses to close a session that has not started', async () => {
    const { caseId } = await newCase();
    const booked = await api(coordinator, 'POST', '/api/appointments', { caseId, staffId: psychologistId, startsAt: hoursAhead(24 * 50).toISOString() });
    const res = await api(psychologist, 'POST', `/api/appointments/${booked.json().id}/outcome`, { status: 'done', outcome: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'not_yet' });
  });
});

describe('an invitation not sent yet', () => {
  it('is replaced when the session moves and withdrawn when it is cancelled', async () => {
    // Her only safe window is half an hour early in the morning of tomorrow's weekday in Cancún, never
    // open while the test runs: the invitation waits for it. The session is on that weekday, inside it.
    const weekday = DateTime.now().setZone(UNIT_TIME_ZONE).plus({ days: 1 }).weekday;
    const { caseId } = await createConsentingCase(t.service.db, privacy, {
      interventionAt: new Date(),
      safeHours: { windows: [{ days: [weekday], from: '08:00', to: '08:30' }], blocked: [] },
    });
    // 2028-01-24 is a Monday: `weekday` days after 2028-01-23, at 08:00 and 08:30 in Cancún (UTC-5).
    const slot = (days: number, time: string) => shifted(`${new Date(Date.UTC(2028, 0, 23 + days)).toISOString().slice(0, 10)}T${time}:00Z`);
    const startsAt = new Date(slot(weekday, '13:00'));
    const booked = await api(coordinator, 'POST', '/api/appointments', {
      caseId,
      staffId: otherPsychologistId,
      startsAt: startsAt.toISOString(),
      endsAt: slot(weekday, '13:30'),
    });
    expect(booked.statusCode).toBe(201);
    const invitations = () => t.service.db.checkIn.findMany({ where: { caseId, flowId: 'invitacion-videollamada' }, orderBy: { createdAt: 'asc' } });
    expect((await invitations()).map((c) => c.status)).toEqual(['scheduled']);
    const moved = await api(coordinator, 'PATCH', `/api/appointments/${booked.json().id}`, {
      startsAt: slot(weekday + 7, '13:00'), // a week later, same time
      endsAt: slot(weekday + 7, '13:30'),
    });
    expect(moved.statusCode).toBe(200);
    expect((await invitations()).map((c) => c.status)).toEqual(['cancelled', 'scheduled']);
    await api(coordinator, 'POST', `/api/appointments/${booked.json().id}/cancel`, {});
    expect((await invitations()).map((c) => c.status)).toEqual(['cancelled', 'cancelled']);
  });
});
