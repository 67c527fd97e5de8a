/**
 * The calendar that books itself: a week (or day) grid of the psychologist's hours with her sessions
 * and free slots; a free slot clicked books it; a refusal names the rule and the hours and offers the
 * next three times that fit; the form keeps what was chosen; the live refresh has a real address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { dayOfMonth, shiftedByWeeks, spanishDayAndMonth } from '../support/shifted-dates.js';

let t: TestService;
let coordinator: ConsoleClient;
let marta: string;
let luz: string;
let rosa: string;

// The dates below are written in January 2028, where 2028-01-03 is a Monday, and each goes through
// `shifted`, which moves them all by the same whole weeks to about a month from today (same weekdays,
// same local times). Marta works Mon–Fri 09:00–14:00; Luz may be written to Mon–Fri 11:00–18:00.
const shifted = shiftedByWeeks({ first: '2028-01-03', last: '2028-01-10' });
const WEEK = shifted('2028-01-03');

beforeAll(async () => {
  t = await startTestService({ env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none' } });
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  luz = (await createConsentingCase(t.service.db, privacy, {
    interventionAt: new Date(),
    alias: 'Luz',
    safeHours: { windows: [{ days: [1, 2, 3, 4, 5], from: '11:00', to: '18:00' }], blocked: [] },
  })).caseId;
  await t.service.db.case.update({ where: { id: luz }, data: { folio: 'QR-2031-0007' } });
  rosa = (await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Rosa' })).caseId;
  marta = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'marta@unidad.example', displayName: 'Marta' });
  await t.service.db.staff.update({ where: { id: marta }, data: { workingHours: { windows: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '14:00' }] } } });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.example' });
  coordinator = new ConsoleClient(t.service.server);
  await coordinator.signIn('coord@unidad.example');
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

const cell = (body: string, slot: string) => new RegExp(`<td[^>]*data-slot="${slot}" data-state="([a-z-]+)"`).exec(body)?.[1];

describe('the calendar grid', () => {
  it('shows her working hours by half hour, free slots as buttons of the booking form, and the rest as outside', async () => {
    const page = await coordinator.get(`/calendario?psicologa=${marta}&semana=${WEEK}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Horario de Marta: lun–vie de 09:00 a 14:00.');
    expect(cell(page.body, shifted('2028-01-03T09:00'))).toBe('libre');
    expect(page.body).toContain(`form="agendar" name="hueco" value="${shifted('2028-01-03T09:00')}"`);
    // 13:30 cannot hold a 50-minute session before 14:00; Saturday is not hers.
    expect(cell(page.body, shifted('2028-01-03T13:30'))).toBe('no-cabe');
    expect(cell(page.body, shifted('2028-01-08T09:00'))).toBe('fuera');
    expect(page.body).toContain(`<th scope="col">lun ${dayOfMonth(WEEK)}</th>`);
    expect(page.body).toMatch(/<th scope="row">09:00<\/th>/);
  });

  it('with a person chosen, keeps free only the slots inside her safe hours too', async () => {
    const page = await coordinator.get(`/calendario?psicologa=${marta}&semana=${WEEK}&caso=${luz}`);
    expect(page.body).toContain('Horario seguro de Luz: lun–vie de 11:00 a 18:00.');
    expect(cell(page.body, shifted('2028-01-03T09:00'))).toBe('no-cabe');
    expect(cell(page.body, shifted('2028-01-03T11:00'))).toBe('libre');
    expect(page.body).toMatch(new RegExp(`<option value="${luz}" selected>Luz · folio QR-2031-0007</option>`));
  });

  it('books the free slot clicked, and shows it in its cell linked to the case', async () => {
    const booked = await coordinator.post('/calendario/citas', { staffId: marta, caseId: luz, hueco: shifted('2028-01-04T11:00'), inicio: '' });
    expect(booked.statusCode).toBe(303);
    const row = await t.service.db.appointment.findFirstOrThrow({ where: { caseId: luz } });
    expect(row.startsAt.toISOString()).toBe(shifted('2028-01-04T16:00:00.000Z'));
    const page = await coordinator.get(booked.headers.location as string);
    expect(cell(page.body, shifted('2028-01-04T11:00'))).toBe('ocupado');
    expect(cell(page.body, shifted('2028-01-04T11:30'))).toBe('ocupado');
    expect(page.body).toContain(`<a href="/casos/${luz}">11:00 Luz</a>`);
  });

  it('leaves the time of a cancelled session free to book, still showing it', async () => {
    const startsAt = new Date(shifted('2028-01-05T14:00:00.000Z'));
    await t.service.db.appointment.create({
      data: { caseId: rosa, staffId: marta, startsAt, endsAt: new Date(startsAt.getTime() + 50 * 60_000), status: 'cancelled', videoRoom: 'sala-cancelada-de-prueba-0001' },
    });
    const page = await coordinator.get(`/calendario?psicologa=${marta}&semana=${WEEK}`);
    expect(cell(page.body, shifted('2028-01-05T09:00'))).toBe('libre');
    expect(page.body).toContain(`form="agendar" name="hueco" value="${shifted('2028-01-05T09:00')}"`);
    expect(page.body).toContain(`<p class="cita cita--cancelled"><a href="/casos/${rosa}">09:00 Rosa</a></p>`);
  });

  it('shows one day in the day view', async () => {
    const tuesday = shifted('2028-01-04');
    const page = await coordinator.get(`/calendario?psicologa=${marta}&vista=dia&dia=${tuesday}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<th scope="col">mar ${dayOfMonth(tuesday)}</th>`);
    expect(page.body).not.toContain(`<th scope="col">lun ${dayOfMonth(WEEK)}</th>`);
    expect(page.body).toContain(`martes ${spanishDayAndMonth(tuesday)}`);
  });
});

describe('a refused booking', () => {
  it("outside the psychologist's hours: names the rule and her hours, offers three times that fit, keeps the form", async () => {
    const res = await coordinator.post('/calendario/citas', { staffId: marta, caseId: rosa, inicio: shifted('2028-01-08T10:00') });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(
      `Fuera del horario de la psicóloga: el sábado ${spanishDayAndMonth(shifted('2028-01-08'))} a las 10:00 no está en el horario de Marta (lun–vie de 09:00 a 14:00).`,
    );
    const offered = [...res.body.matchAll(/form="agendar" name="hueco" value="([^"]+)">[a-zé]+ \d+ de/g)].map((m) => m[1]);
    expect(offered).toEqual([shifted('2028-01-10T09:00'), shifted('2028-01-10T09:30'), shifted('2028-01-10T10:00')]);
    expect(res.body).toMatch(new RegExp(`<option value="${rosa}" selected>`));
    expect(res.body).toContain(`name="inicio" value="${shifted('2028-01-08T10:00')}"`);
  });

  it('outside her safe hours: names her hours', async () => {
    const res = await coordinator.post('/calendario/citas', { staffId: marta, caseId: luz, inicio: shifted('2028-01-05T09:00') });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(
      `Fuera del horario seguro de Luz: el miércoles ${spanishDayAndMonth(shifted('2028-01-05'))} a las 09:00 no cabe en su horario seguro (lun–vie de 11:00 a 18:00).`,
    );
    expect(res.body).toContain(`value="${shifted('2028-01-05T11:00')}"`);
  });

  it('on a clash: names the session it clashes with, and the JSON answer carries the alternatives', async () => {
    const res = await coordinator.post('/calendario/citas', { staffId: marta, caseId: rosa, inicio: shifted('2028-01-04T11:30') }, { accept: 'application/json' });
    expect(res.statusCode).toBe(409);
    const body = res.json() as { error: string; message: string; alternatives: { startsAt: string }[] };
    expect(body.error).toBe('slot_taken');
    expect(body.message).toBe('Choca con otra sesión: la psicóloga ya tiene una de 11:00 a 11:50 ese día.');
    expect(body.alternatives.map((a) => a.startsAt)).toEqual([shifted('2028-01-04T17:00:00.000Z'), shifted('2028-01-04T17:30:00.000Z'), shifted('2028-01-04T18:00:00.000Z')]);
  });

  it('too soon: a time already past', async () => {
    const res = await coordinator.post('/calendario/citas', { staffId: marta, caseId: rosa, inicio: '2020-01-06T10:00' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Demasiado pronto');
  });

  it('without a time: says so, naming the field', async () => {
    const res = await coordinator.post('/calendario/citas', { staffId: marta, caseId: rosa }, { accept: 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'inicio' });
  });

  it('leaves the live refresh a real address, not the form it was posted to', async () => {
    const res = await coordinator.post('/calendario/citas', { staffId: marta, caseId: rosa, inicio: shifted('2028-01-08T10:00') });
    const refresh = /data-refresh="([^"]+)"/.exec(res.body)?.[1]?.replaceAll('&amp;', '&');
    expect(refresh).toMatch(/^\/calendario\?/);
    const again = await coordinator.get(refresh!);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('id="calendario"');
  });
});
