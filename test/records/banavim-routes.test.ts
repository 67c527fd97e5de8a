import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBanavim } from '../../src/app/records/banavim.js';
import { banavimRoutes } from '../../src/console/routes/banavim.js';
import { prismaAuditTrail } from '../../src/persistence/audit-trail.js';
import { prismaBanavimStore } from '../../src/persistence/records/banavim-store.js';
import { createRecordsContext, fixedClock, type RecordsContext } from './support/records-context.js';
import { interventionsCsv, row } from './support/csv-rows.js';
import { coordinatorWithInterventions } from './support/imported-interventions.js';
import { appWith, fakeAuthorize } from './support/console-app.js';

let ctx: RecordsContext;
let app: FastifyInstance;
let staffId: string;
const clock = fixedClock('2026-04-10T15:00:00Z');
const caseIds: Record<string, string> = {};

const DETAIL = {
  tipos_violencia: ['psicologica', 'fisica'],
  modalidades: ['familiar'],
  persona_agresora: { relacion: 'pareja', sexo: 'hombre', edad_aproximada: 34, vive_con_ella: true },
  ordenes_proteccion: { otorgadas: true, tipos: ['emergencia'] },
};

beforeAll(async () => {
  ctx = await createRecordsContext();
  staffId = await coordinatorWithInterventions(
    ctx,
    clock,
    interventionsCsv([
      row({ folio: 'CONSIENTE', telefono: '+5219980000101', fecha_hora: '2026-03-01T10:00:00-05:00' }),
      row({ folio: 'SIN-DETALLE', telefono: '+5219980000102', fecha_hora: '2026-03-02T10:00:00-05:00' }),
      row({ folio: 'NO-CONSIENTE', telefono: '+5219980000103', fecha_hora: '2026-03-03T10:00:00-05:00' }),
      row({ folio: 'RETIRA', telefono: '+5219980000104', fecha_hora: '2026-03-04T10:00:00-05:00' }),
      row({ folio: 'REGISTRADO', fecha_hora: '2026-03-05T10:00:00-05:00', banavim_folio: 'BNV-1' }),
    ]),
  );
  for (const c of await ctx.db.case.findMany({ select: { id: true, folio: true, survivorId: true } })) caseIds[c.folio!] = c.id;
  const consent = async (folio: string, granted: boolean, at: string) => {
    const { survivorId } = await ctx.db.case.findUniqueOrThrow({ where: { folio } });
    await ctx.db.consent.create({ data: { survivorId, purpose: 'banavim', granted, source: 'console', recordedById: staffId, recordedAt: new Date(at) } });
  };
  await consent('CONSIENTE', true, '2026-03-01T12:00:00Z');
  await consent('SIN-DETALLE', true, '2026-03-02T12:00:00Z');
  await consent('NO-CONSIENTE', false, '2026-03-03T12:00:00Z');
  await consent('RETIRA', true, '2026-03-04T12:00:00Z');
  await consent('RETIRA', false, '2026-03-20T12:00:00Z');
  app = await appWith(banavimRoutes, {
    banavim: createBanavim({ store: prismaBanavimStore(ctx.db, ctx.privacy), audit: prismaAuditTrail(ctx.db), clock }),
    authorize: fakeAuthorize,
    clock,
  });
});

afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

const headers = () => ({ 'x-test-staff': staffId });
const putDetail = (folio: string, payload: object) =>
  app.inject({ method: 'PUT', url: `/api/banavim/${caseIds[folio]}/detail`, headers: headers(), payload });
const register = (caseId: string, payload: object) =>
  app.inject({ method: 'POST', url: `/api/banavim/${caseId}/register`, headers: headers(), payload });

describe('BANAVIM fields', () => {
  it('stores the collected fields encrypted, and audits it', async () => {
    for (const folio of ['CONSIENTE', 'NO-CONSIENTE', 'RETIRA']) expect((await putDetail(folio, DETAIL)).statusCode).toBe(204);
    const raw = await ctx.sql<{ detail: Buffer }>('SELECT "detailCipher" AS detail FROM "BanavimRecord" WHERE "detailCipher" IS NOT NULL');
    expect(raw).toHaveLength(3);
    for (const { detail } of raw) expect(detail.toString('latin1')).not.toMatch(/pareja|psicologica|familiar/);
    expect(await ctx.db.auditLog.count({ where: { action: 'banavim.detail', staffId } })).toBe(3);
  });

  it('names the field that is wrong', async () => {
    const res = await putDetail('SIN-DETALLE', { ...DETAIL, persona_agresora: { ...DETAIL.persona_agresora, sexo: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_request', field: 'persona_agresora.sexo' });
    const orders = await putDetail('SIN-DETALLE', { ...DETAIL, ordenes_proteccion: { otorgadas: false, tipos: ['emergencia'] } });
    expect(orders.json()).toMatchObject({ field: 'ordenes_proteccion.tipos', message: 'ordenes_proteccion.tipos: tipos must be empty when no order was granted' });
    const extra = await putDetail('SIN-DETALLE', { ...DETAIL, nombre: 'X' });
    expect(extra.json()).toMatchObject({ field: 'detail', message: 'detail: is not a known field: nombre' });
  });
});

describe('GET /api/banavim/pending', () => {
  it('exports the fields only of cases whose newest BANAVIM consent is a grant', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/banavim/pending', headers: headers() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const cases = res.json() as { folio: string; estado: string; tipos_violencia: unknown; persona_agresora: unknown }[];
    expect(cases.map((c) => [c.folio, c.estado])).toEqual([
      ['CONSIENTE', 'lista'],
      ['SIN-DETALLE', 'sin_detalle'],
      ['NO-CONSIENTE', 'sin_consentimiento'],
      ['RETIRA', 'sin_consentimiento'],
    ]);
    expect(cases[0]).toMatchObject({ ...DETAIL, fecha_intervencion: '2026-03-01T10:00:00.000-05:00' });
    for (const c of cases.slice(1)) expect([c.tipos_violencia, c.persona_agresora]).toEqual([null, null]);
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'banavim.export' }, orderBy: { createdAt: 'desc' } });
    expect(audit).toMatchObject({ staffId, subject: 'banavim', detail: { via: 'console', format: 'json', cases: 4, exportedWithFields: [caseIds.CONSIENTE] } });
  });

  it('gives the CSV as a download, field columns empty where she did not consent', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/banavim/pending?format=csv', headers: headers() });
    expect(res.headers['content-disposition']).toBe('attachment; filename="banavim-pendientes-2026-04-10.csv"');
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({
      folio: 'CONSIENTE',
      estado: 'lista',
      tipos_violencia: 'psicologica|fisica',
      modalidades: 'familiar',
      agresora_relacion: 'pareja',
      agresora_sexo: 'hombre',
      agresora_edad_aproximada: '34',
      agresora_vive_con_ella: 'si',
      ordenes_otorgadas: 'si',
      ordenes_tipos: 'emergencia',
    });
    const retira = rows.find((r) => r.folio === 'RETIRA')!;
    expect(Object.values(retira).slice(4).every((v) => v === '')).toBe(true);
    expect(res.body).not.toContain('+52199800001');
  });

  it('runs the console authorization first', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/banavim/pending' })).statusCode).toBe(401);
  });
});

describe('POST /api/banavim/:caseId/register', () => {
  it('stores the folio, audits it, and the case is no longer pending', async () => {
    const res = await register(caseIds.CONSIENTE!, { folio: 'BNV-2026-77' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ case_id: caseIds.CONSIENTE, folio: 'BNV-2026-77', status: 'registered', changed: true });
    expect(await ctx.db.banavimRecord.findUniqueOrThrow({ where: { caseId: caseIds.CONSIENTE } })).toMatchObject({
      status: 'registered',
      folio: 'BNV-2026-77',
      registeredById: staffId,
      registeredAt: clock.now(),
    });
    expect(await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'banavim.register' } })).toMatchObject({
      staffId,
      subject: `case:${caseIds.CONSIENTE}`,
      detail: { via: 'console', folio: 'BNV-2026-77' },
    });
    const pending = (await app.inject({ method: 'GET', url: '/api/banavim/pending', headers: headers() })).json() as { folio: string }[];
    expect(pending.map((c) => c.folio)).not.toContain('CONSIENTE');
  });

  it('changes nothing when the same folio is given again, in whatever capitals', async () => {
    const res = await register(caseIds.CONSIENTE!, { folio: 'bnv-2026-77' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ changed: false });
    expect(await ctx.db.auditLog.count({ where: { action: 'banavim.register' } })).toBe(1);
  });

  it('refuses conflicts, unknown cases and bad input, naming the field', async () => {
    const cases: [string, object, number, object][] = [
      [caseIds.CONSIENTE!, { folio: 'BNV-OTRO' }, 409, { error: 'already_registered', field: 'folio' }],
      [caseIds['SIN-DETALLE']!, { folio: 'BNV-1' }, 409, { error: 'folio_in_use', field: 'folio' }],
      [caseIds['SIN-DETALLE']!, { folio: 'bnv-1' }, 409, { error: 'folio_in_use', field: 'folio' }],
      ['019ad1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b', { folio: 'BNV-9' }, 404, { error: 'not_found', field: 'caseId' }],
      ['no-es-un-id', { folio: 'BNV-9' }, 400, { error: 'invalid_request', field: 'caseId', message: 'caseId: must be a case id' }],
      [caseIds['SIN-DETALLE']!, {}, 400, { error: 'invalid_request', field: 'folio', message: 'folio: is required' }],
      [caseIds['SIN-DETALLE']!, { folio: '=HYPERLINK("x")' }, 400, { field: 'folio', message: 'folio: must use only letters, digits and - _ / .' }],
      [caseIds['SIN-DETALLE']!, { folio: 'BNV-9', otro: 1 }, 400, { field: 'otro', message: 'otro: is not a known field' }],
    ];
    for (const [caseId, payload, status, body] of cases) {
      const res = await register(caseId, payload);
      expect([res.statusCode, res.json()]).toEqual([status, expect.objectContaining(body)]);
    }
  });

  it('answers 409 naming the folio, never 500, when several cases claim the same folio at once', async () => {
    for (let round = 0; round < 4; round += 1) {
      const contenders: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const survivor = await ctx.db.survivor.create({ data: { alias: `Carrera ${round}-${i}` } });
        contenders.push((await ctx.db.case.create({ data: { survivorId: survivor.id } })).id);
      }
      const folio = `BNV-CARRERA-${round}`;
      const answers = await Promise.all(contenders.map((caseId) => register(caseId, { folio })));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409]);
      for (const refused of answers.filter((a) => a.statusCode === 409)) {
        expect(refused.json()).toMatchObject({ error: 'folio_in_use', field: 'folio' });
      }
      const winner = answers.findIndex((a) => a.statusCode === 200);
      expect(await ctx.db.banavimRecord.findUniqueOrThrow({ where: { folio } })).toMatchObject({ caseId: contenders[winner], status: 'registered' });
      expect(await ctx.db.auditLog.count({ where: { action: 'banavim.register', detail: { path: ['folio'], equals: folio } } })).toBe(1);
    }
  });

  it('refuses new fields once the case is registered', async () => {
    const res = await putDetail('CONSIENTE', DETAIL);
    expect(res.statusCode).toBe(409);
  });
});
