/**
 * Her alias, the language of her texts and the case's risk changed from the case page: stored,
 * audited by field name only, used by her next message from the bot, and refused by field when wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '../support/test-service.js';
import { sayAndWait } from '../support/simulator-phone.js';
import type { ConsoleClient } from '../support/console-client.js';
import { startWithTwoPsychologists, type TwoPsychologists } from '../support/two-psychologists.js';

let t: TestService;
let ana: ConsoleClient;
let carlos: ConsoleClient;
let anaId: string;
let anasCase: TwoPsychologists['anasCase'];
const json = { accept: 'application/json' };

beforeAll(async () => {
  ({ t, ana, carlos, anaId, anasCase } = await startWithTwoPsychologists());
});

afterAll(async () => {
  await t?.stop();
});

const stored = async (caseId: string) => {
  const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { survivor: true } });
  return { alias: row.survivor.alias, language: row.survivor.language, risk: row.risk };
};
const audits = (caseId: string) => t.service.db.auditLog.findMany({ where: { action: 'case.details_changed', subject: `case:${caseId}` }, orderBy: { createdAt: 'asc' } });

describe('her details', () => {
  it('are stored, audited by the names of the fields that changed, shown on the case, and her next message uses her alias', async () => {
    const { caseId, phone } = await anasCase();
    const res = await ana.post(`/casos/${caseId}/datos`, { alias: '  Marisol ', idioma: 'yua', riesgo: 'high' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/casos/${caseId}?hecho=datos`);
    expect(await stored(caseId)).toEqual({ alias: 'Marisol', language: 'yua', risk: 'high' });
    const [entry, ...more] = await audits(caseId);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ staffId: anaId, detail: { fields: ['alias', 'language', 'risk'] } });
    expect(JSON.stringify(entry!.detail)).not.toContain('Marisol');

    const page = await ana.get(`/casos/${caseId}?hecho=datos`);
    expect(page.body).toContain('Datos guardados');
    expect(page.body).toContain('<dt>Riesgo</dt><dd>Alto</dd>');
    expect(page.body).toContain('<dt>Idioma</dt><dd>Maya</dd>');
    expect(page.body).toContain('name="alias" maxlength="60" autocomplete="off" value="Marisol"');

    // The shipped flows have no Maya texts: she gets the Spanish one, with her new alias.
    expect((await sayAndWait(t.service.server, phone, 'Hola', `d-${caseId}`, 1))[0]).toMatch(/^Hola Marisol, soy Ana\./);
  });

  it('an empty alias means she has none: the label on staff screens, and the alias-free wording for her', async () => {
    const { caseId, phone } = await anasCase();
    expect((await ana.post(`/casos/${caseId}/datos`, { alias: '', idioma: 'es-MX', riesgo: 'medium' })).statusCode).toBe(303);
    expect(await stored(caseId)).toMatchObject({ alias: 'Sin alias' });
    expect((await ana.get(`/casos/${caseId}`)).body).toContain('name="alias" maxlength="60" autocomplete="off" value=""');
    const [reply] = await sayAndWait(t.service.server, phone, 'Hola', `e-${caseId}`, 1);
    expect(reply).toMatch(/^Hola amiga, soy Ana\./);
    expect(reply).not.toContain('Sin alias');
  });

  it('that change nothing write nothing', async () => {
    const { caseId } = await anasCase();
    expect((await ana.post(`/casos/${caseId}/datos`, { alias: 'Luz', idioma: 'es-MX', riesgo: 'medium' })).statusCode).toBe(303);
    expect(await audits(caseId)).toEqual([]);
    expect((await ana.post(`/casos/${caseId}/datos`, { alias: 'Luz', idioma: 'es-MX', riesgo: 'low' })).statusCode).toBe(303);
    expect((await audits(caseId)).map((a) => a.detail)).toEqual([{ fields: ['risk'] }]);
  });
});

describe('refusals', () => {
  it.each([
    [{ alias: 'Luz 998 123 4567', idioma: 'es-MX', riesgo: 'low' }, 'alias', 'número de teléfono'],
    [{ alias: 'x'.repeat(61), idioma: 'es-MX', riesgo: 'low' }, 'alias', 'como máximo 60'],
    [{ alias: 'Luz Violencia', idioma: 'es-MX', riesgo: 'low' }, 'alias', 'no debe contener «violencia»'],
    [{ alias: 'Luz', idioma: 'fr', riesgo: 'low' }, 'idioma', 'es-MX, en o yua'],
    [{ alias: 'Luz', idioma: 'es-MX', riesgo: 'extremo' }, 'riesgo', 'low, medium o high'],
    [{ alias: 'Luz', idioma: 'es-MX' }, 'riesgo', 'low, medium o high'],
  ])('%j is a 400 naming %s, and nothing changes', async (form, field, problem) => {
    const { caseId } = await anasCase();
    const before = await stored(caseId);
    const res = await ana.post(`/casos/${caseId}/datos`, form as Record<string, string>, json);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field });
    expect(res.json().message).toContain(problem);
    expect(await stored(caseId)).toEqual(before);
    expect(await audits(caseId)).toEqual([]);
  });

  it('another psychologist\'s case is not found, and keeps its details', async () => {
    const { caseId } = await anasCase();
    const before = await stored(caseId);
    expect((await carlos.post(`/casos/${caseId}/datos`, { alias: 'Otra', idioma: 'en', riesgo: 'high' }, json)).statusCode).toBe(404);
    expect(await stored(caseId)).toEqual(before);
  });
});
