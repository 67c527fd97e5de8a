/**
 * A video-call session given to another psychologist (one leaves, is ill, goes on leave): same time,
 * same link, no message to her, refused when the other one is busy or not an active psychologist; a
 * disabled psychologist who still has sessions stays in the calendar, flagged, until they are given
 * away, since each survivor would otherwise get her reminder and link and wait alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { shiftedByWeeks } from '../support/shifted-dates.js';

let t: TestService;
let coordinator: ConsoleClient;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let rocio: string;

beforeAll(async () => {
  t = await startTestService({ env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none', WORKING_HOURS: '1-7 00:00-24:00' } });
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  rocio = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'rocio@unidad.example', displayName: 'Rocío' });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.example' });
  coordinator = new ConsoleClient(t.service.server);
  await coordinator.signIn('coord@unidad.example');
});

afterAll(async () => {
  await t?.stop();
});

// Literal dates in the week of 2028-01-03, moved to about a month from today (see shifted-dates.ts).
const shifted = shiftedByWeeks({ first: '2028-01-03', last: '2028-01-09' });

let booked = 0;
/** A psychologist and a session booked with her for a new case, at `local` (Cancún) time. */
async function sessionWith(staffId: string, local: string) {
  booked += 1;
  const { caseId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: `Flor ${booked}` });
  expect((await coordinator.post('/calendario/citas', { staffId, caseId, inicio: shifted(local) })).statusCode).toBe(303);
  return t.service.db.appointment.findFirstOrThrow({ where: { caseId } });
}
const psychologist = (name: string) => createStaffAccount(t.service.db, { role: 'psychologist', email: `${name.toLowerCase()}@unidad.example`, displayName: name });
const invitations = (caseId: string) => t.service.db.checkIn.count({ where: { caseId, flowId: 'invitacion-videollamada' } });

describe('giving a session to another psychologist', () => {
  it('keeps its time, status and link, writes her nothing, is audited, and shows on the other calendar', async () => {
    const marta = await psychologist('Marta');
    const session = await sessionWith(marta, '2028-01-04T10:00');
    const invited = await invitations(session.caseId);

    const page = await coordinator.get(`/calendario?psicologa=${marta}&semana=${shifted('2028-01-03')}`);
    expect(page.body).toContain(`action="/calendario/citas/${session.id}/psicologa"`);
    expect(page.body).toMatch(new RegExp(`<select id="pasar-${session.id}" name="staffId">[^]*<option value="${rocio}">Rocío</option>[^]*</select>`));

    const res = await coordinator.post(`/calendario/citas/${session.id}/psicologa`, { staffId: rocio });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/calendario?psicologa=${marta}&semana=${shifted('2028-01-04')}&hecho=pasada`);
    const after = await t.service.db.appointment.findUniqueOrThrow({ where: { id: session.id } });
    expect(after).toMatchObject({ staffId: rocio, status: session.status, startsAt: session.startsAt, endsAt: session.endsAt, videoRoom: session.videoRoom });
    expect(await invitations(session.caseId)).toBe(invited);
    const entry = await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'appointment.reassign', subject: `case:${session.caseId}` } });
    expect(entry.detail).toMatchObject({ appointmentId: session.id, staffId: rocio, fromId: marta });

    expect((await coordinator.get(res.headers.location as string)).body).toContain('Sesión pasada a otra psicóloga');
    expect((await coordinator.get(`/calendario?psicologa=${rocio}&semana=${shifted('2028-01-03')}`)).body).toContain(`data-appointment-id="${session.id}"`);
  });

  it('is refused, changing nothing, when the other one has a session then, or is no active psychologist', async () => {
    const sol = await psychologist('Sol');
    const session = await sessionWith(sol, '2028-01-05T11:00');
    await sessionWith(rocio, '2028-01-05T11:00');
    const clash = await coordinator.post(`/calendario/citas/${session.id}/psicologa`, { staffId: rocio });
    expect(clash.statusCode).toBe(409);
    expect(clash.body).toContain('Choca con otra sesión');

    const gone = await psychologist('Lidia');
    await t.service.db.staff.update({ where: { id: gone }, data: { active: false } });
    const toDisabled = await coordinator.post(`/calendario/citas/${session.id}/psicologa`, { staffId: gone }, { accept: 'application/json' });
    expect([toDisabled.statusCode, toDisabled.json()]).toMatchObject([422, { error: 'not_a_psychologist' }]);
    const malformed = await coordinator.post(`/calendario/citas/${session.id}/psicologa`, { staffId: 'rocio' }, { accept: 'application/json' });
    expect([malformed.statusCode, malformed.json()]).toMatchObject([400, { field: 'staffId' }]);
    expect((await t.service.db.appointment.findUniqueOrThrow({ where: { id: session.id } })).staffId).toBe(sol);
  });

  it('keeps a disabled psychologist with sessions to come in the calendar, flagged and without booking, until they are given away', async () => {
    const ana = await psychologist('Ana');
    const session = await sessionWith(ana, '2028-01-06T09:00');
    const idle = await psychologist('Paula');
    await t.service.db.staff.updateMany({ where: { id: { in: [ana, idle] } }, data: { active: false } });

    const calendar = await coordinator.get('/calendario');
    expect(calendar.body).toContain(`<option value="${ana}">Ana (cuenta desactivada)</option>`);
    // Disabled with nothing to come: nothing to do with her here.
    expect(calendar.body).not.toContain(`value="${idle}"`);
    const hers = await coordinator.get(`/calendario?psicologa=${ana}&semana=${shifted('2028-01-03')}`);
    expect(hers.body).toContain('id="cuenta-desactivada"');
    expect(hers.body).not.toContain('id="agendar"');
    expect(hers.body).toContain(`action="/calendario/citas/${session.id}/psicologa"`);
    // Nobody is given a session with a disabled account.
    expect(hers.body).not.toMatch(new RegExp(`<select id="pasar-${session.id}"[^]*value="${ana}"[^]*</select>`));

    expect((await coordinator.post(`/calendario/citas/${session.id}/psicologa`, { staffId: rocio })).statusCode).toBe(303);
    expect((await coordinator.get('/calendario')).body).not.toContain(`value="${ana}"`);
  });
});

describe('moving a psychologist\'s open cases with their sessions', () => {
  /** A session with `staffId` at `local`, for a new case assigned to her. */
  async function assignedSessionWith(staffId: string, local: string) {
    const session = await sessionWith(staffId, local);
    await t.service.db.case.update({ where: { id: session.caseId }, data: { assignedStaffId: staffId } });
    return session;
  }
  const holder = async (id: string) => (await t.service.db.appointment.findUniqueOrThrow({ where: { id } })).staffId;

  it('gives their sessions to the new psychologist, keeping one she cannot take then, and says so', async () => {
    const carmen = await psychologist('Carmen');
    const ines = await psychologist('Inés');
    const free = await assignedSessionWith(carmen, '2028-01-07T10:00');
    const clashing = await assignedSessionWith(carmen, '2028-01-07T12:00');
    await sessionWith(ines, '2028-01-07T12:00');
    const invited = await invitations(free.caseId);

    const inbox = await coordinator.get(`/?psicologa=${carmen}`);
    expect(inbox.body).toContain('<input type="checkbox" id="reasignar-sesiones" name="sesiones" value="si" checked>');

    const res = await coordinator.post('/asignaciones', { de: carmen, staffId: ines, sesiones: 'si' });
    expect(res.headers.location).toBe(`/?psicologa=${ines}&hecho=reasignados&movidos=2&sesiones=1&quedan=1`);
    expect(await holder(free.id)).toBe(ines);
    expect(await holder(clashing.id)).toBe(carmen);
    expect(await t.service.db.appointment.findUniqueOrThrow({ where: { id: free.id } })).toMatchObject({ startsAt: free.startsAt, videoRoom: free.videoRoom, status: free.status });
    expect(await invitations(free.caseId)).toBe(invited);
    const entry = await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'appointment.reassign', subject: `case:${free.caseId}` } });
    expect(entry.detail).toMatchObject({ appointmentId: free.id, staffId: ines, fromId: carmen });

    const notice = (await coordinator.get(res.headers.location as string)).body;
    expect(notice).toContain('Se pasaron 2 casos abiertos. Con ellos se pasó 1 sesión por videollamada.');
    expect(notice).toContain('1 sesión por videollamada de esos casos sigue con la psicóloga anterior: pásala a otra en Calendario.');
  });

  it('leaves the sessions with her when unticked or when the cases are left unassigned', async () => {
    const julia = await psychologist('Julia');
    const nora = await psychologist('Nora');
    const first = await assignedSessionWith(julia, '2028-01-08T10:00');
    const unticked = await coordinator.post('/asignaciones', { de: julia, staffId: nora }, { accept: 'application/json' });
    expect(unticked.json()).toEqual({ moved: 1, sessionsGiven: 0, sessionsKept: 1 });
    expect(await holder(first.id)).toBe(julia);

    const second = await assignedSessionWith(julia, '2028-01-08T12:00');
    const unassigned = await coordinator.post('/asignaciones', { de: julia, staffId: '', sesiones: 'si' });
    expect(unassigned.headers.location).toBe('/?psicologa=none&hecho=reasignados&movidos=1&sesiones=0&quedan=1');
    expect(await holder(second.id)).toBe(julia);
    expect((await coordinator.get(unassigned.headers.location as string)).body).toContain('Se pasó 1 caso abierto. 1 sesión por videollamada de ese caso sigue con la psicóloga anterior');
  });
});
