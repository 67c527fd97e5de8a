import type { Queue } from 'bullmq';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import type { CaseEvent } from '../../src/app/ports.js';
import { fireReminder, scheduleReminders } from '../../src/app/appointments/reminders.js';
import { fireCheckIn } from '../../src/app/checkins/fire-check-in.js';
import { wordAppointmentTime } from '../../src/app/appointments/appointment-wording.js';
import { APPOINTMENT_ROW } from '../../src/persistence/appointment-store.js';
import { reminderJobId } from '../../src/scheduling/appointment-scheduler.js';
import type { AppointmentReminderJob } from '../../src/scheduling/appointment-reminder-jobs.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { simulatorInbox } from '../support/simulator-phone.js';

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let coordinator: ConsoleClient;
let psychologistId: string;
const events: CaseEvent[] = [];
let stopListening: () => Promise<void>;

beforeAll(async () => {
  t = await startTestService({
    env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none', WORKING_HOURS: '1-7 00:00-24:00', VIDEO_BASE_URL: 'https://video.example.org' },
  });
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  psychologistId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi@unidad.example' });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.example' });
  coordinator = new ConsoleClient(t.service.server);
  await coordinator.signIn('coord@unidad.example');
  stopListening = await t.service.events.subscribe((event) => events.push(event));
});

afterAll(async () => {
  await stopListening?.();
  await t?.stop();
});

const received = (phone: string) => simulatorInbox(t.service.server, phone);

async function waitFor(phone: string, count: number): Promise<string[]> {
  return eventually(async () => {
    const texts = await received(phone);
    return texts.length >= count ? texts : undefined;
  }, 15_000, `${count} messages`);
}

let said = 0;
async function say(phone: string, text: string): Promise<void> {
  said += 1;
  const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text, id: `wa-video-${said}` } });
  expect(res.statusCode).toBe(202);
}

async function book(caseId: string, hoursAhead: number) {
  const startsAt = new Date(Date.now() + hoursAhead * 3600_000);
  startsAt.setUTCMinutes(0, 0, 0);
  const res = await coordinator.request({
    method: 'POST',
    url: '/api/appointments',
    headers: { 'csrf-token': coordinator.csrf, 'content-type': 'application/json' },
    payload: JSON.stringify({ caseId, staffId: psychologistId, startsAt: startsAt.toISOString() }),
  });
  expect(res.statusCode).toBe(201);
  return { id: res.json().id as string, startsAt };
}

const statusOf = async (id: string) => (await t.service.db.appointment.findUniqueOrThrow({ where: { id } })).status;

describe('the invitation on WhatsApp', () => {
  it('reaches her at once inside her hours with the time in words, and "1" then "1" confirms it, live', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Flor' });
    const { id, startsAt } = await book(caseId, 24 * 6);
    const opening = await waitFor(phone, 1);
    expect(opening).toEqual(['Hola Flor, soy Ana. 🙂 ¿Es buen momento para platicar? Responde 1 (sí), 2 (no) o 3 (más tarde).']);
    await say(phone, '1');
    const invitation = (await waitFor(phone, 2))[1]!;
    expect(invitation).toContain(`para platicar con más calma, ${wordAppointmentTime(startsAt, new Date())}.`);
    expect(invitation).not.toMatch(/psic|violencia|unidad|911/i);
    const before = events.length;
    await say(phone, '1');
    await waitFor(phone, 3);
    await eventually(async () => ((await statusOf(id)) === 'confirmed' ? true : undefined));
    await eventually(async () => (events.slice(before).some((e) => e.type === 'appointment_changed' && e.appointmentId === id) ? true : undefined));
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(JSON.parse(privacy.cipher.decrypt(row.fieldsCipher!))).toMatchObject({ videollamada: 'confirmada' });
  });

  it('"another time" offers the next three free times; her choice moves the session and confirms it', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Rosa' });
    const { id } = await book(caseId, 24 * 8);
    await waitFor(phone, 1);
    await say(phone, 'sí');
    await waitFor(phone, 2);
    await say(phone, '2');
    const offer = (await waitFor(phone, 3))[2]!;
    const offers = ((await t.service.db.appointment.findUniqueOrThrow({ where: { id } })).offeredSlots as { startsAt: string; endsAt: string }[]).map(
      (o) => ({ startsAt: new Date(o.startsAt), endsAt: new Date(o.endsAt) }),
    );
    expect(offers).toHaveLength(3);
    expect(offer).toContain(`1) ${wordAppointmentTime(offers[0]!.startsAt, new Date())}`);
    expect(offer).toContain(`3) ${wordAppointmentTime(offers[2]!.startsAt, new Date())}`);
    await say(phone, '2');
    await waitFor(phone, 4);
    await eventually(async () => ((await statusOf(id)) === 'confirmed' ? true : undefined));
    const moved = await t.service.db.appointment.findUniqueOrThrow({ where: { id } });
    expect(moved.startsAt).toEqual(offers[1]!.startsAt);
    expect(moved.endsAt).toEqual(offers[1]!.endsAt);
  });

  it('a time she picks that is about to start is not taken: the session stays, and a person agrees another', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Alma' });
    const { id, startsAt } = await book(caseId, 24 * 11);
    await waitFor(phone, 1);
    await say(phone, '1');
    await waitFor(phone, 2);
    await say(phone, '2');
    await waitFor(phone, 3);
    // While she reads them, the first time offered comes within minutes.
    const soon = new Date(Date.now() + 5 * 60_000);
    const row = await t.service.db.appointment.findUniqueOrThrow({ where: { id } });
    const offers = row.offeredSlots as { startsAt: string; endsAt: string }[];
    offers[0] = { startsAt: soon.toISOString(), endsAt: new Date(soon.getTime() + 50 * 60_000).toISOString() };
    await t.service.db.appointment.update({ where: { id }, data: { offeredSlots: offers } });
    await say(phone, '1');
    await waitFor(phone, 4);
    const alert = await eventually(() => t.service.db.alert.findFirst({ where: { caseId, kind: 'slot_taken' } }).then((a) => a ?? undefined));
    expect(alert.reason).toBe('Eligió un horario de videollamada que ya no está libre: acordar otro');
    const after = await t.service.db.appointment.findUniqueOrThrow({ where: { id } });
    expect(after.startsAt).toEqual(startsAt);
    expect(after.status).toBe('proposed');
  });

  it('"no, gracias" cancels the session', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const { id } = await book(caseId, 24 * 9);
    await waitFor(phone, 1);
    await say(phone, '1');
    await waitFor(phone, 2);
    await say(phone, '3');
    await waitFor(phone, 3);
    await eventually(async () => ((await statusOf(id)) === 'cancelled' ? true : undefined));
  });
  it('an invitation due after her video-call consent was withdrawn is cancelled, not sent', async () => {
    const { caseId, phone, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await t.service.db.consent.create({ data: { survivorId, purpose: 'video_call', granted: false, source: 'chat' } });
    const now = new Date();
    const checkIn = await t.service.db.checkIn.create({ data: { caseId, planItem: 'a_mano', flowId: 'invitacion-videollamada', dueAt: now, plannedAt: now } });
    const outcome = await fireCheckIn(t.service.checkIns.deps, checkIn.id);
    expect(outcome).toMatchObject({ kind: 'cancelled', reason: 'sin consentimiento de videollamada', alertId: expect.any(String) });
    expect((await t.service.db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } })).status).toBe('cancelled');
    expect(await t.service.db.alert.findUniqueOrThrow({ where: { id: (outcome as { alertId: string }).alertId } })).toMatchObject({ caseId, urgency: 'normal' });
    expect(await received(phone)).toEqual([]);
  });

  it('cancelled while she was answering, her "1" confirms nothing: she is told the time is gone and a person takes it', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz' });
    const { id } = await book(caseId, 24 * 10);
    await waitFor(phone, 1);
    await say(phone, '1');
    await waitFor(phone, 2);
    const cancel = await coordinator.request({ method: 'POST', url: `/api/appointments/${id}/cancel`, headers: { 'csrf-token': coordinator.csrf } });
    expect(cancel.statusCode).toBe(200);
    await say(phone, '1');
    const texts = await waitFor(phone, 3);
    expect(texts[2]).toBe('Perdona, ese horario ya no está disponible. Una persona te escribe por aquí para ponernos de acuerdo.');
    expect(await statusOf(id)).toBe('cancelled');
    const alert = await eventually(() => t.service.db.alert.findFirst({ where: { caseId, kind: 'handoff' } }).then((a) => a ?? undefined));
    expect(alert.urgency).toBe('normal');
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } });
    const fields = row.fieldsCipher ? (JSON.parse(privacy.cipher.decrypt(row.fieldsCipher)) as Record<string, unknown>) : {};
    expect(fields.videollamada).toBeUndefined();
  });
});

describe('reminders', () => {
  // A psychologist of their own: the invitation tests may move a session to the next free time, which
  // could overlap these sessions of the next hours.
  let reminderPsychologistId: string;
  beforeAll(async () => {
    reminderPsychologistId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi-recordatorios@unidad.example' });
  });

  async function sessionRow(caseId: string, startsAt: Date, staffId = reminderPsychologistId) {
    return t.service.db.appointment.create({
      data: { caseId, staffId, startsAt, endsAt: new Date(startsAt.getTime() + 50 * 60_000), status: 'confirmed', videoRoom: `room${caseId.replaceAll('-', '')}` },
      select: APPOINTMENT_ROW,
    });
  }

  /**
   * Fires the hour reminder of `row` while another transaction holds her case's lock and makes
   * `change` (as her own turn would); commits it once the reminder waits for the lock, and returns
   * what the reminder did.
   */
  async function fireWhileCaseLocked(caseId: string, row: { id: string; startsAt: Date }, change: (turn: pg.Client) => Promise<unknown>) {
    const turn = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await turn.connect();
    try {
      await turn.query(`BEGIN; SELECT id FROM "Case" WHERE id = '${caseId}' FOR UPDATE`);
      await change(turn);
      const fired = fireReminder(t.service.appointments, row.id, 'hour', row.startsAt.getTime());
      await eventually(async () => {
        const { rows } = await turn.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype IN ('transactionid', 'tuple')`);
        return rows[0].n > 0 ? true : undefined;
      }, 10_000, 'the reminder to wait for the case');
      await turn.query('COMMIT');
      return await fired;
    } finally {
      await turn.end();
    }
  }

  it('the hour reminder fires through BullMQ, asks the safety question, and only then sends the link', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz' });
    const row = await sessionRow(caseId, new Date(Date.now() + 3600_000 + 3_000));
    await scheduleReminders(t.service.appointments, row);
    const opening = await waitFor(phone, 1);
    expect(opening).toEqual(['Hola Luz, soy Ana. 🙂 ¿Es buen momento para un mensaje rápido? Responde 1 (sí) o 2 (no).']);
    expect(opening.join(' ')).not.toContain('video.example.org');
    await say(phone, '1');
    const texts = await waitFor(phone, 3);
    expect(texts[1]).toMatch(/^Gracias\. Te recuerdo que platicamos (hoy|mañana) a las? \d/);
    expect(texts[2]).toContain(`https://video.example.org/${row.videoRoom}`);
    const after = await t.service.db.appointment.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.reminderHourSentAt).not.toBeNull();
    expect(after.linkSentAt).not.toBeNull();
    // Firing the same reminder again sends nothing.
    const { fireReminder } = await import('../../src/app/appointments/reminders.js');
    expect(await fireReminder(t.service.appointments, row.id, 'hour', row.startsAt.getTime())).toEqual({ kind: 'already_sent' });
  });

  it('a reminder that waited for her case while the session was cancelled, or moved, sends nothing', async () => {
    for (const change of ['cancelled', 'moved'] as const) {
      const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
      // A psychologist of its own: the other tests' sessions hold the same hours.
      const staffId = await createStaffAccount(t.service.db, { role: 'psychologist', email: `psi-${change}@unidad.example` });
      const row = await sessionRow(caseId, new Date(Date.now() + 3600_000 + 3_000), staffId);
      const outcome = await fireWhileCaseLocked(caseId, row, (turn) =>
        change === 'cancelled'
          ? turn.query(`UPDATE "Appointment" SET status = 'cancelled' WHERE id = $1`, [row.id])
          : turn.query(`UPDATE "Appointment" SET "startsAt" = "startsAt" + interval '1 day', "endsAt" = "endsAt" + interval '1 day' WHERE id = $1`, [row.id]),
      );
      expect(outcome.kind).not.toBe('sent');
      const after = await t.service.db.appointment.findUniqueOrThrow({ where: { id: row.id } });
      // The moved session keeps its hour reminder for its new time.
      expect(after.reminderHourSentAt).toBeNull();
      expect(after.linkSentAt).toBeNull();
      expect(await t.service.db.contact.count({ where: { caseId, direction: 'outbound' } })).toBe(0);
      expect(await simulatorInbox(t.service.server, phone)).toEqual([]);
    }
  });

  it('a reminder whose send drifts outside her safe hours is held back, not sent late, and a person is told', async () => {
    const { caseId, phone, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const row = await sessionRow(caseId, new Date(Date.now() + 3 * 3600_000));
    const { fireReminder } = await import('../../src/app/appointments/reminders.js');
    await t.service.queues.outbound.pause();
    try {
      expect(await fireReminder(t.service.appointments, row.id, 'hour', row.startsAt.getTime())).toMatchObject({ kind: 'sent' });
      // Before the queued messages go out, her window closes: only a day far from today remains.
      const weekday = ((new Date(Date.now() + 72 * 3600_000).getUTCDay() + 6) % 7) + 1;
      await t.service.db.survivor.update({ where: { id: survivorId }, data: { safeHours: { windows: [{ days: [weekday], from: '10:00', to: '10:30' }], blocked: [] } } });
    } finally {
      await t.service.queues.outbound.resume();
    }
    const outbound = await eventually(async () => {
      const rows = await t.service.db.contact.findMany({ where: { caseId, direction: 'outbound' } });
      return rows.length > 0 && rows.every((c) => c.status === 'failed') ? rows : undefined;
    }, 15_000, 'the reminder held back');
    expect(outbound.every((c) => c.errorCode === 'OUTSIDE_SAFE_HOURS')).toBe(true);
    expect(await received(phone)).toEqual([]);
    // Its link never reached her: a person is told, and the question that never went waits for nothing.
    const alert = await eventually(() => t.service.db.alert.findFirst({ where: { caseId, kind: 'reminder_skipped' } }).then((a) => a ?? undefined), 10_000, 'the alert');
    expect(alert).toMatchObject({ urgency: 'normal', reason: 'Recordatorio de videollamada (una hora antes) no enviado: el envío se salió de su horario seguro' });
    expect(await t.service.db.flowSession.count({ where: { caseId, status: 'waiting' } })).toBe(0);
  });

  it('a reminder that waited for her case while her "BAJA" was committed sends nothing', async () => {
    const { caseId, phone, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const staffId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi-baja@unidad.example' });
    const row = await sessionRow(caseId, new Date(Date.now() + 3 * 3600_000), staffId);
    // Her "BAJA" turn holds the case's lock; the reminder reads her state before it commits.
    const fired = await fireWhileCaseLocked(caseId, row, (turn) => turn.query(`UPDATE "Survivor" SET "optedOutAt" = now() WHERE id = $1`, [survivorId]));
    expect(fired).toEqual({ kind: 'stale' });
    expect(await t.service.db.contact.count({ where: { caseId, direction: 'outbound' } })).toBe(0);
    expect((await t.service.db.appointment.findUniqueOrThrow({ where: { id: row.id } })).reminderHourSentAt).toBeNull();
    expect(await received(phone)).toEqual([]);
  });

  it('a reminder that waited for her case while her video-call consent was withdrawn sends nothing', async () => {
    const { caseId, phone, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const staffId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi-sin-video@unidad.example' });
    const row = await sessionRow(caseId, new Date(Date.now() + 3 * 3600_000), staffId);
    const fired = await fireWhileCaseLocked(caseId, row, (turn) =>
      turn.query(`INSERT INTO "Consent" (id, "survivorId", purpose, granted, source) VALUES (gen_random_uuid(), $1, 'video_call', false, 'chat')`, [survivorId]),
    );
    // Nothing reaches her, and a person is told (a session booked before consent was asked lands here too).
    expect(fired).toMatchObject({ kind: 'skipped', reason: 'sin su consentimiento para videollamadas (no está registrado, o lo retiró)' });
    const alert = await t.service.db.alert.findUniqueOrThrow({ where: { id: (fired as { alertId: string }).alertId } });
    expect(alert).toMatchObject({ caseId, kind: 'reminder_skipped', urgency: 'normal' });
    expect(await t.service.db.contact.count({ where: { caseId, direction: 'outbound' } })).toBe(0);
    expect(await received(phone)).toEqual([]);
  });

  it('a reminder that waited for her case while her new safe hours were committed follows them', async () => {
    const { caseId, phone, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const staffId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi-horario@unidad.example' });
    const row = await sessionRow(caseId, new Date(Date.now() + 3 * 3600_000), staffId);
    // Her new hours leave only a day far from today: no safe moment before the session remains.
    const weekday = ((new Date(Date.now() + 72 * 3600_000).getUTCDay() + 6) % 7) + 1;
    const hours = { windows: [{ days: [weekday], from: '10:00', to: '10:30' }], blocked: [] };
    const fired = await fireWhileCaseLocked(caseId, row, (turn) => turn.query(`UPDATE "Survivor" SET "safeHours" = $2 WHERE id = $1`, [survivorId, hours]));
    expect(fired).toMatchObject({ kind: 'skipped', reason: 'fuera de su horario seguro' });
    expect(await t.service.db.contact.count({ where: { caseId, direction: 'outbound' } })).toBe(0);
    expect((await t.service.db.appointment.findUniqueOrThrow({ where: { id: row.id } })).reminderHourSentAt).toBeNull();
    expect(await t.service.db.alert.count({ where: { caseId, kind: 'reminder_skipped' } })).toBe(1);
    expect(await received(phone)).toEqual([]);
  });

  it('a reminder with no safe moment before the session is skipped with an alert for the coordinator', async () => {
    const tomorrow = new Date(Date.now() + 30 * 3600_000);
    // Her only window is on a weekday far from the session, so neither reminder can reach her in time.
    const weekday = ((tomorrow.getUTCDay() + 3) % 7) + 1;
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, {
      interventionAt: new Date(),
      safeHours: { windows: [{ days: [weekday], from: '10:00', to: '10:30' }], blocked: [] },
    });
    const row = await sessionRow(caseId, tomorrow);
    await scheduleReminders(t.service.appointments, row);
    const alerts = await t.service.db.alert.findMany({ where: { caseId, kind: 'reminder_skipped' } });
    expect(alerts.map((a) => a.reason).sort()).toEqual([
      'Recordatorio de videollamada (un día antes) no enviado: fuera de su horario seguro',
      'Recordatorio de videollamada (una hora antes) no enviado: fuera de su horario seguro',
    ]);
    expect(alerts.every((a) => a.urgency === 'normal')).toBe(true);
    expect(await received(phone)).toEqual([]);
  });
  it('a reminder left on the checkins queue by the previous release still reaches her (compatibility for one release)', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Sol' });
    const staffId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi-version-anterior@unidad.example' });
    const row = await sessionRow(caseId, new Date(Date.now() + 3600_000 + 2_000), staffId);
    // As the previous release queued it: the same payload and id, on `checkins`.
    const former = t.service.queues.checkins as unknown as Queue<AppointmentReminderJob>;
    await former.add(
      'reminder',
      { kind: 'reminder', appointmentId: row.id, reminder: 'hour', startsAt: row.startsAt.toISOString() },
      { jobId: reminderJobId(row.id, 'hour', row.startsAt) },
    );
    expect(await waitFor(phone, 1)).toEqual(['Hola Sol, soy Ana. 🙂 ¿Es buen momento para un mensaje rápido? Responde 1 (sí) o 2 (no).']);
    const sent = await eventually(
      async () => (await t.service.db.appointment.findUniqueOrThrow({ where: { id: row.id } })).reminderHourSentAt ?? undefined,
      10_000,
      'the hour reminder marked sent',
    );
    expect(sent).toBeInstanceOf(Date);
  });
  it('a conversation she left unanswered a day ago no longer holds a reminder back: the reminder replaces it', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Ada' });
    await say(phone, 'hola');
    await waitFor(phone, 1);
    // "¿Cómo te sientes hoy?" has no timeout: without an answer, the session would wait for ever.
    await say(phone, '1');
    await waitFor(phone, 2);
    const left = await eventually(async () => (await t.service.db.flowSession.findFirst({ where: { caseId, status: 'waiting', flowId: 'primer-contacto' } })) ?? undefined);
    const staffId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi-dejada@unidad.example' });
    const row = await sessionRow(caseId, new Date(Date.now() + 25 * 3600_000 + 30 * 60_000), staffId);
    const later = { ...t.service.appointments, clock: { now: () => new Date(Date.now() + 25 * 3600_000) } };
    expect(await fireReminder(later, row.id, 'hour', row.startsAt.getTime())).toMatchObject({ kind: 'sent' });
    expect(await t.service.db.flowSession.findUniqueOrThrow({ where: { id: left.id } })).toMatchObject({ status: 'ended', outcome: 'reemplazada' });
    expect((await waitFor(phone, 3)).slice(2)).toEqual(['Hola Ada, soy Ana. 🙂 ¿Es buen momento para un mensaje rápido? Responde 1 (sí) o 2 (no).']);
  });

  it('a reminder that finds her in another conversation waits for it to end, instead of being dropped', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Eva' });
    await say(phone, 'hola');
    expect(await waitFor(phone, 1)).toEqual(['Hola Eva, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
    // Her own psychologist: the session overlaps the one of the hour reminder test.
    const staffId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi-ocupada@unidad.example' });
    const row = await sessionRow(caseId, new Date(Date.now() + 3600_000 + 2_000), staffId);
    await scheduleReminders(t.service.appointments, row);
    const job = await eventually(async () => {
      const found = await t.service.queues.appointmentReminders.getJob(reminderJobId(row.id, 'hour', row.startsAt));
      return found && (await found.isDelayed()) && found.attemptsStarted > 0 ? found : undefined;
    }, 15_000, 'the reminder tried and put back');
    expect(await t.service.db.alert.count({ where: { caseId, kind: 'reminder_skipped' } })).toBe(0);
    expect((await t.service.db.appointment.findUniqueOrThrow({ where: { id: row.id } })).reminderHourSentAt).toBeNull();
    expect(await received(phone)).toHaveLength(1);
    // Her conversation ends; the reminder's next try (brought forward here) reaches her.
    await say(phone, '2');
    await waitFor(phone, 2);
    await job.promote();
    const texts = await waitFor(phone, 3);
    expect(texts.slice(2)).toEqual(['Hola Eva, soy Ana. 🙂 ¿Es buen momento para un mensaje rápido? Responde 1 (sí) o 2 (no).']);
    expect((await t.service.db.appointment.findUniqueOrThrow({ where: { id: row.id } })).reminderHourSentAt).not.toBeNull();
  });
});
