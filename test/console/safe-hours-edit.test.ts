/**
 * Her safe hours changed from the case page: weekly windows as she agreed them, the service's hours
 * instead, and periods of no contact; audited, refused by field when wrong, and followed at once by
 * what writes to her.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '../support/test-service.js';
import type { ConsoleClient } from '../support/console-client.js';
import { startWithTwoPsychologists, type TwoPsychologists } from '../support/two-psychologists.js';
import { localInputValue } from '../../src/console/views/format.js';

let t: TestService;
let ana: ConsoleClient;
let carlos: ConsoleClient;
let anaId: string;
let anasCase: TwoPsychologists['anasCase'];
const json = { accept: 'application/json' };
const HOUR = 3_600_000;

beforeAll(async () => {
  ({ t, ana, carlos, anaId, anasCase } = await startWithTwoPsychologists());
});

afterAll(async () => {
  await t?.stop();
});

const stored = async (survivorId: string) => (await t.service.db.survivor.findUniqueOrThrow({ where: { id: survivorId } })).safeHours;
const audits = (caseId: string) =>
  t.service.db.auditLog.findMany({ where: { action: 'case.safe_hours_changed', subject: `case:${caseId}` }, orderBy: { createdAt: 'asc' } });
const weekdaysForm = { dia1_desde: '10:00', dia1_hasta: '13:00', dia2_desde: '10:00', dia2_hasta: '13:00', dia6_desde: '09:00', dia6_hasta: '00:00' };

describe('her weekly windows', () => {
  it('are stored as agreed, grouped by equal times, audited, and shown on the case', async () => {
    const { caseId, survivorId } = await anasCase();
    const res = await ana.post(`/casos/${caseId}/horario`, weekdaysForm);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/casos/${caseId}?hecho=horario`);
    expect(await stored(survivorId)).toEqual({
      windows: [
        { days: [1, 2], from: '10:00', to: '13:00' },
        { days: [6], from: '09:00', to: '24:00' },
      ],
      blocked: [],
    });
    expect(await audits(caseId)).toEqual([expect.objectContaining({ staffId: anaId, detail: { change: 'windows' } })]);
    const page = await ana.get(`/casos/${caseId}?hecho=horario`);
    expect(page.body).toContain('lun, mar, de 10:00 a 13:00');
    expect(page.body).toContain('Horario seguro guardado');
    expect(page.body).toContain('name="dia6_hasta" value="00:00"');
  });

  it('that cannot be read are said so on the case, and recorded again from nothing', async () => {
    const { caseId, survivorId } = await anasCase();
    await t.service.db.survivor.update({ where: { id: survivorId }, data: { safeHours: { windows: 'mañanas' } } });
    const page = await ana.get(`/casos/${caseId}`);
    expect(page.body).toContain('Su horario seguro guardado no se puede leer');
    expect(page.body).not.toContain('El horario predeterminado del servicio');
    expect((await ana.post(`/casos/${caseId}/horario`, weekdaysForm)).statusCode).toBe(303);
    expect(await stored(survivorId)).toMatchObject({ blocked: [] });
    expect((await ana.get(`/casos/${caseId}`)).body).not.toContain('no se puede leer');
  });

  it('go back to the service\'s hours, keeping the periods of no contact', async () => {
    const { caseId, survivorId } = await anasCase();
    await ana.post(`/casos/${caseId}/horario`, weekdaysForm);
    const from = new Date(Date.now() + 24 * HOUR);
    expect((await ana.post(`/casos/${caseId}/horario/bloqueos`, { desde: localInputValue(from), hasta: localInputValue(new Date(from.getTime() + 48 * HOUR)) })).statusCode).toBe(303);
    expect((await ana.post(`/casos/${caseId}/horario`, { general: 'si' })).statusCode).toBe(303);
    const after = (await stored(survivorId)) as { windows?: unknown; blocked: unknown[] };
    expect(after.windows).toBeUndefined();
    expect(after.blocked).toHaveLength(1);
    expect((await ana.get(`/casos/${caseId}`)).body).toContain('El horario general del servicio');
  });

  it.each([
    [{ dia3_desde: '10:00' }, 'dia3_hasta'],
    [{ dia4_hasta: '12:00' }, 'dia4_desde'],
    [{ dia5_desde: '10:00', dia5_hasta: '10:00' }, 'dia5_hasta'],
    [{ dia2_desde: '25:00', dia2_hasta: '26:00' }, 'dia2_desde'],
    [{}, 'dia1_desde'],
  ])('refuses %j naming %s, and changes nothing', async (form, field) => {
    const { caseId, survivorId } = await anasCase();
    const res = await ana.post(`/casos/${caseId}/horario`, form, json);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field });
    expect(await stored(survivorId)).toBeNull();
    expect(await audits(caseId)).toEqual([]);
  });
});

describe('a period of no contact', () => {
  it('is added and removed; meanwhile a person writing to her is asked to confirm', async () => {
    const { caseId, survivorId } = await anasCase();
    expect((await ana.post(`/casos/${caseId}/tomar`)).statusCode).toBe(303);
    const from = new Date(Date.now() - HOUR);
    const to = new Date(Date.now() + 24 * HOUR);
    expect((await ana.post(`/casos/${caseId}/horario/bloqueos`, { desde: localInputValue(from), hasta: localInputValue(to) })).statusCode).toBe(303);
    const { blocked } = (await stored(survivorId)) as { blocked: { from: string; to: string }[] };
    expect(blocked).toHaveLength(1);
    expect((await ana.post(`/casos/${caseId}/mensajes`, { texto: 'Hola' }, json)).statusCode).toBe(409);
    expect((await ana.get(`/casos/${caseId}`)).body).toContain('Quitar el periodo del');

    expect((await ana.post(`/casos/${caseId}/horario/bloqueos/quitar`, { desde: blocked[0]!.from })).statusCode).toBe(303);
    expect(await stored(survivorId)).toBeNull();
    expect((await ana.post(`/casos/${caseId}/mensajes`, { texto: 'Hola' }, json)).statusCode).toBe(201);
    expect((await audits(caseId)).map((a) => a.detail)).toEqual([{ change: 'blocked_added' }, { change: 'blocked_removed' }]);
  });

  it.each([
    [{ desde: 'mañana', hasta: '2030-01-01T10:00' }, 'desde'],
    [{ desde: '2030-01-02T10:00', hasta: '2030-01-01T10:00' }, 'hasta'],
    [{ desde: '2020-01-01T10:00', hasta: '2020-01-02T10:00' }, 'hasta'],
    [{ desde: '2030-01-01T10:00', hasta: '2040-01-01T10:00' }, 'hasta'],
  ])('refuses %j naming %s, and changes nothing', async (form, field) => {
    const { caseId, survivorId } = await anasCase();
    const res = await ana.post(`/casos/${caseId}/horario/bloqueos`, form, json);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field });
    expect(await stored(survivorId)).toBeNull();
  });
});

describe('who may change them', () => {
  it('only someone who may see the case', async () => {
    const { caseId, survivorId } = await anasCase();
    expect((await carlos.post(`/casos/${caseId}/horario`, weekdaysForm, json)).statusCode).toBe(404);
    expect(await stored(survivorId)).toBeNull();
  });
});
