/**
 * A psychologist's weekly hours for video calls, set by a coordinator from the calendar: stored,
 * audited, shown, followed at once by the free slots, refused by field when wrong, and given back to
 * the deployment's hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { shiftedByWeeks } from '../support/shifted-dates.js';

let t: TestService;
let coordinator: ConsoleClient;
let coordinatorId: string;
const json = { accept: 'application/json' };

// 2028-01-03 is a Monday; `shifted` moves it to about a month from today, same weekday and local time.
const shifted = shiftedByWeeks({ first: '2028-01-03', last: '2028-01-10' });
const WEEK = shifted('2028-01-03');
const cell = (body: string, slot: string) => new RegExp(`<td[^>]*data-slot="${slot}" data-state="([a-z-]+)"`).exec(body)?.[1];

beforeAll(async () => {
  t = await startTestService({ env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none', WORKING_HOURS: '1-5 09:00-17:00' } });
  coordinatorId = await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.example' });
  coordinator = new ConsoleClient(t.service.server);
  await coordinator.signIn('coord@unidad.example');
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

const newPsychologist = async (name: string) => createStaffAccount(t.service.db, { role: 'psychologist', email: `${name.toLowerCase()}@unidad.example`, displayName: name });
const stored = async (staffId: string) => (await t.service.db.staff.findUniqueOrThrow({ where: { id: staffId } })).workingHours;
const audits = (staffId: string) => t.service.db.auditLog.findMany({ where: { action: 'calendar.working_hours_changed', subject: `staff:${staffId}` }, orderBy: { createdAt: 'asc' } });

describe('her hours for video calls', () => {
  it('start as the service\'s, are stored as the form gives them, audited, and the grid follows them at once', async () => {
    const ines = await newPsychologist('Inés');
    const before = await coordinator.get(`/calendario?psicologa=${ines}&semana=${WEEK}`);
    expect(before.body).toContain('lun–vie de 09:00 a 17:00 (el horario general del servicio).');
    expect(cell(before.body, shifted('2028-01-03T09:00'))).toBe('libre');

    const res = await coordinator.post(`/calendario/${ines}/horario`, { dia1_desde: '15:00', dia1_hasta: '19:00', dia3_desde: '15:00', dia3_hasta: '19:00' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/calendario?psicologa=${ines}&hecho=horario`);
    expect(await stored(ines)).toEqual({ windows: [{ days: [1, 3], from: '15:00', to: '19:00' }] });
    expect(await audits(ines)).toEqual([expect.objectContaining({ staffId: coordinatorId, detail: { via: 'console', change: 'windows' } })]);

    const after = await coordinator.get(`/calendario?psicologa=${ines}&semana=${WEEK}&hecho=horario`);
    expect(after.body).toContain('Horario de videollamadas guardado');
    expect(after.body).toContain('Horario de Inés: lun, mié de 15:00 a 19:00.');
    expect(after.body).not.toContain('(el horario general del servicio)');
    // The grid has a row a half hour of her hours: 09:00 is no longer one.
    expect(cell(after.body, shifted('2028-01-03T09:00'))).toBeUndefined();
    expect(cell(after.body, shifted('2028-01-03T15:00'))).toBe('libre');
    expect(cell(after.body, shifted('2028-01-04T15:00'))).toBe('fuera');
    expect(after.body).toContain('id="psicologa-dia1-desde" name="dia1_desde" value="15:00"');
  });

  it('go back to the service\'s hours', async () => {
    const olga = await newPsychologist('Olga');
    await coordinator.post(`/calendario/${olga}/horario`, { dia6_desde: '10:00', dia6_hasta: '14:00' });
    expect((await coordinator.post(`/calendario/${olga}/horario`, { general: 'si' })).statusCode).toBe(303);
    expect(await stored(olga)).toBeNull();
    expect((await audits(olga)).map((a) => (a.detail as { change: string }).change)).toEqual(['windows', 'service_windows']);
    expect((await coordinator.get(`/calendario?psicologa=${olga}`)).body).toContain('(el horario general del servicio)');
  });
});

describe('refusals', () => {
  it.each([
    [{ dia1_desde: '15:00' }, 'dia1_hasta', 'falta la otra hora'],
    [{ dia2_desde: '10:00', dia2_hasta: '10:00' }, 'dia2_hasta', 'distinta de la hora de inicio'],
    [{ dia1_desde: '25:00', dia1_hasta: '26:00' }, 'dia1_desde', 'una hora como 09:30'],
    [{}, 'dia1_desde', 'al menos un día'],
  ])('%j is a 400 naming %s, and nothing changes', async (form, field, problem) => {
    const pia = await newPsychologist(`Pia${Object.keys(form).length}${field}`);
    const res = await coordinator.post(`/calendario/${pia}/horario`, form as Record<string, string>, json);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field });
    expect(res.json().message).toContain(problem);
    expect(await stored(pia)).toBeNull();
    expect(await audits(pia)).toEqual([]);
  });

  it('someone who is not a psychologist is not found', async () => {
    const res = await coordinator.post(`/calendario/${coordinatorId}/horario`, { general: 'si' });
    expect(res.statusCode).toBe(404);
    expect(await audits(coordinatorId)).toEqual([]);
  });
});
