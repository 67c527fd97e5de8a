import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { shiftedByWeeks } from '../support/shifted-dates.js';

let t: TestService;
let coordinator: ConsoleClient;
let psychologistId: string;
let caseId: string;

beforeAll(async () => {
  t = await startTestService({ env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none', WORKING_HOURS: '1-7 00:00-24:00' } });
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  ({ caseId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Azucena' }));
  psychologistId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi@unidad.example', displayName: 'Marta' });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.example' });
  coordinator = new ConsoleClient(t.service.server);
  await coordinator.signIn('coord@unidad.example');
});

afterAll(async () => {
  await t?.stop();
});

// The dates below are written in the first week of January 2028 (2028-01-04 is a Tuesday) and each goes
// through `shifted`, which moves them all by the same whole weeks to about a month from today.
const shifted = shiftedByWeeks({ first: '2028-01-04', last: '2028-01-06' });

/** A Tuesday, 10:00 in Cancún. */
const SESSION_LOCAL = shifted('2028-01-04T10:00');

describe('the coordinators\' calendar', () => {
  it('books through the form, shows the week with the proposed session standing out, moves and cancels, audited', async () => {
    const booked = await coordinator.post('/calendario/citas', { staffId: psychologistId, caseId, inicio: SESSION_LOCAL });
    expect(booked.statusCode).toBe(303);
    expect(booked.headers.location).toBe(`/calendario?psicologa=${psychologistId}&semana=${shifted('2028-01-04')}&hecho=agendada`);
    const page = await coordinator.get(booked.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sesión agendada');
    expect(page.body).toMatch(/class="cita cita--proposed cita--pendiente"/);
    expect(page.body).toContain('Propuesta, sin confirmar');
    expect(page.body).toContain('10:00–10:50');
    expect(page.body).toContain('Azucena');
    expect(page.body).toMatch(/<label for="mover-[0-9a-f-]+">/);
    const row = await t.service.db.appointment.findFirstOrThrow({ where: { caseId } });
    expect(row.startsAt.toISOString()).toBe(shifted('2028-01-04T15:00:00.000Z'));

    const twice = await coordinator.post('/calendario/citas', { staffId: psychologistId, caseId, inicio: SESSION_LOCAL });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Choca con otra sesión: la psicóloga ya tiene una de 10:00 a 10:50 ese día.');

    const moved = await coordinator.post(`/calendario/citas/${row.id}/mover`, { inicio: shifted('2028-01-05T12:30') });
    expect(moved.statusCode).toBe(303);
    expect((await t.service.db.appointment.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('rescheduled');
    const cancelled = await coordinator.post(`/calendario/citas/${row.id}/cancelar`);
    expect(cancelled.statusCode).toBe(303);
    expect((await t.service.db.appointment.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('cancelled');
    const actions = (await t.service.db.auditLog.findMany({ where: { action: { startsWith: 'appointment.' } } })).map((a) => a.action).sort();
    expect(actions).toEqual(['appointment.cancel', 'appointment.create', 'appointment.move']);
    expect(await t.service.db.auditLog.count({ where: { action: 'calendar.view' } })).toBeGreaterThan(0);
  });

  it('refuses a bad time naming it, without booking', async () => {
    const before = await t.service.db.appointment.count();
    const res = await coordinator.post('/calendario/citas', { staffId: psychologistId, caseId, inicio: 'mañana' });
    expect(res.statusCode).toBe(400);
    // Year 0 is no date the database stores.
    const yearZero = await coordinator.post('/calendario/citas', { staffId: psychologistId, caseId, inicio: '0000-01-04T10:00' });
    expect(yearZero.statusCode).toBe(400);
    expect(yearZero.body).toContain('Escribe una fecha y hora válidas.');
    // Too far ahead is said so, not "ya pasó".
    const tooFar = await coordinator.post('/calendario/citas', { staffId: psychologistId, caseId, inicio: '9999-12-31T10:00' });
    expect(tooFar.statusCode).toBeGreaterThanOrEqual(400);
    expect(tooFar.body).toContain('Demasiado lejos: elige un horario dentro de los próximos dos años.');
    expect(tooFar.body).not.toContain('ya pasó');
    expect(await t.service.db.appointment.count()).toBe(before);
    // A page asked for such a week or day shows the current one.
    expect((await coordinator.get('/calendario?semana=0000-01-01')).statusCode).toBe(200);
    expect((await coordinator.get('/calendario?dia=0000-01-01&vista=dia')).statusCode).toBe(200);
  });

  it('gives each psychologist a private ICS feed with no survivor data, parsed by node-ical, and revocable', async () => {
    await coordinator.post('/calendario/citas', { staffId: psychologistId, caseId, inicio: shifted('2028-01-06T11:00') });
    const issued = await coordinator.post(`/calendario/${psychologistId}/ics`);
    expect(issued.statusCode).toBe(200);
    const url = /<code id="direccion-ics">([^<]+)<\/code>/.exec(issued.body)![1]!;
    const path = new URL(url).pathname;
    const anonymous = new ConsoleClient(t.service.server);
    const feed = await anonymous.get(path);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.body).not.toContain('Azucena');
    expect(feed.body).not.toContain(caseId);
    // Its key, the only thing guarding it, never reaches the log.
    const key = path.split('/').pop()!.replace(/\.ics$/, '');
    expect(t.logText()).toContain('/calendario/ics/[redacted]');
    expect(t.logText()).not.toContain(key);
    const events = Object.values(ical.sync.parseICS(feed.body)).filter((c) => c?.type === "VEVENT") as ical.VEvent[];
    const session = events.find((e) => new Date(e.start).toISOString() === shifted('2028-01-06T16:00:00.000Z'))!;
    expect(session).toBeDefined();
    expect(String(session.summary)).toBe('Sesión (por confirmar)');
    expect(new Date(session.end!).toISOString()).toBe(shifted('2028-01-06T16:50:00.000Z'));
    expect(String(session.location)).toMatch(/^https:\/\/meet\.jit\.si\/[A-Za-z0-9_-]{24}$/);
    const cancelled = events.find((e) => new Date(e.start).toISOString() === shifted('2028-01-05T17:30:00.000Z'));
    expect(cancelled?.status).toBe('CANCELLED');

    // A new address replaces the old one; revoking ends it.
    const again = await coordinator.post(`/calendario/${psychologistId}/ics`);
    const second = new URL(/<code id="direccion-ics">([^<]+)<\/code>/.exec(again.body)![1]!).pathname;
    expect((await anonymous.get(path)).statusCode).toBe(404);
    expect((await anonymous.get(second)).statusCode).toBe(200);
    expect((await coordinator.post(`/calendario/${psychologistId}/ics/revocar`)).statusCode).toBe(303);
    expect((await anonymous.get(second)).statusCode).toBe(404);
    expect(await t.service.db.auditLog.count({ where: { action: { in: ['calendar.feed_issued', 'calendar.feed_revoked'] } } })).toBe(3);
  });
});

describe('a psychologist\'s own sessions', () => {
  it('lists them and records a started one as held, with its outcome, from a labelled form', async () => {
    const marta = new ConsoleClient(t.service.server);
    await marta.signIn('psi@unidad.example');
    const startsAt = new Date(Date.now() - 3 * 3600_000);
    const row = await t.service.db.appointment.create({
      data: { caseId, staffId: psychologistId, startsAt, endsAt: new Date(startsAt.getTime() + 50 * 60_000), status: 'confirmed', videoRoom: 'mis-sesiones-1' },
    });
    const page = await marta.get('/mis-sesiones');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<label for="estado-${row.id}">`);
    expect(page.body).toContain(`<label for="resultado-${row.id}">Resultado (privado)</label>`);
    const saved = await marta.post(`/mis-sesiones/${row.id}/resultado`, { status: 'done', outcome: 'Buena sesión' });
    expect(saved.statusCode).toBe(303);
    expect((await t.service.db.appointment.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('done');
    expect(await t.service.db.contact.count({ where: { caseId, channel: 'video' } })).toBe(1);
    expect(await t.service.db.checkIn.count({ where: { caseId, flowId: 'seguimiento', status: 'scheduled' } })).toBe(1);
    const twice = await marta.post(`/mis-sesiones/${row.id}/resultado`, { status: 'done', outcome: 'otra vez' });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Esa sesión ya no se puede cambiar.');
  });
});
