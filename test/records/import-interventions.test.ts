import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInterventions, type ImportInterventionsDeps } from '../../src/app/records/import-interventions.js';
import { formatProblem } from '../../src/app/records/import-problem.js';
import { prismaInterventionImportStore } from '../../src/persistence/records/intervention-import-store.js';
import { prismaBanavimStore } from '../../src/persistence/records/banavim-store.js';
import { createRecordsContext, dumpTables, fixedClock, type RecordsContext } from './support/records-context.js';
import { interventionsCsv, row } from './support/csv-rows.js';
import { e164 } from '../../src/app/phone-number.js';
import { VIDEO_FLOWS } from '../../src/roles/follow-up-settings.js';
import { DEFAULT_SETTINGS } from '../../src/engine/index.js';

let ctx: RecordsContext;
let staffId: string;
const clock = fixedClock('2026-04-02T15:00:00Z');

beforeAll(async () => {
  ctx = await createRecordsContext();
  staffId = (await ctx.db.staff.create({ data: { email: 'coordinacion@test.invalid', displayName: 'Coordinación', role: 'coordinator' } })).id;
});

afterAll(async () => {
  await ctx?.close();
});

function deps(): ImportInterventionsDeps {
  return { store: prismaInterventionImportStore(ctx.db, ctx.privacy), checkIns: ctx.checkIns, invitationFlows: [VIDEO_FLOWS.invitation], deniedWords: DEFAULT_SETTINGS.denyList, clock, log: ctx.log };
}

/** The check-ins of a case, as `planItem@dueAt` in due order. */
async function checkInsOf(caseId: string): Promise<string[]> {
  const rows = await ctx.db.checkIn.findMany({ where: { caseId }, orderBy: { dueAt: 'asc' } });
  return rows.map((r) => `${r.planItem}@${r.dueAt.toISOString()}:${r.status}`);
}

const actor = () => ({ staffId, via: 'cli' as const });

describe('importing the 911 unit file', () => {
  const file = interventionsCsv([
    row({ folio: 'QR-1', telefono: '+5219980000001', alias: 'Luz', consentimiento_seguimiento: 'si', fecha_hora: '2026-01-10T09:00:00-05:00' }),
    row({ folio: 'QR-2', servicio: 'juridica', vertiente: 'acompanamiento_previo', banavim_folio: 'BNV-QROO-77' }),
    row({ folio: 'QR-3', telefono: '+5219980000002', consentimiento_seguimiento: 'no', canal: 'whatsapp', vertiente: 'seguimiento' }),
    row({ folio: 'QR-4', telefono: '+5219980000001', consentimiento_seguimiento: 'si', vertiente: 'atencion_subsecuente', fecha_hora: '2026-01-20T18:15:00-05:00' }),
  ]);

  it('creates survivors, cases, interventions, consents and BANAVIM records, and enrols the consenting case', async () => {
    const result = await importInterventions(deps(), { file: file, actor: actor() });
    expect(result).toMatchObject({ ok: true, outcome: { created: 4, unchanged: 0, casesCreated: 3, survivorsCreated: 3, consentsRecorded: 4, banavimRegistered: 1 } });

    const interventions = await ctx.db.intervention.findMany({ orderBy: { folio: 'asc' }, include: { case: { include: { survivor: true } } } });
    expect(interventions.map((i) => [i.folio, i.service, i.line, i.channel])).toEqual([
      ['QR-1', 'psicologica', 'intervencion_12_48h', 'telefono_911'],
      ['QR-2', 'juridica', 'acompanamiento_previo', 'telefono_911'],
      ['QR-3', 'psicologica', 'seguimiento', 'whatsapp'],
      ['QR-4', 'psicologica', 'atencion_subsecuente', 'telefono_911'],
    ]);
    const [one, two, three, four] = interventions;
    // Her second intervention joined her open case, opened with the folio of her first one.
    expect(four!.caseId).toBe(one!.caseId);
    expect(one!.case.folio).toBe('QR-1');
    expect(one!.case.interventionAt).toEqual(new Date('2026-01-20T23:15:00Z'));
    expect(one!.case.survivor.alias).toBe('Luz');
    // Stored in the form WhatsApp reports it: the old mobile 1 after +52 is dropped.
    expect(ctx.privacy.cipher.decrypt(one!.case.survivor.phoneCipher!)).toBe('+529980000001');
    expect(one!.case.survivor.phoneHash).toBe(ctx.privacy.hashPhone(e164.parse('+5219980000001')));
    // Without a number: an anonymous survivor of her own.
    expect(two!.case.survivor).toMatchObject({ alias: 'Sin alias', phoneCipher: null, phoneHash: null });
    expect(three!.case.survivor.alias).toBe('Sin alias');

    const consents = await ctx.db.consent.findMany({ orderBy: { recordedAt: 'asc' } });
    expect(consents).toHaveLength(4);
    expect(consents.every((c) => c.purpose === 'follow_up' && c.source === 'intervention_911' && c.recordedById === staffId)).toBe(true);
    expect(consents.find((c) => c.survivorId === three!.case.survivorId)?.granted).toBe(false);
    expect(consents[0]!.recordedAt).toEqual(new Date('2026-01-10T14:00:00Z'));

    const banavim = await ctx.db.banavimRecord.findMany();
    expect(banavim).toEqual([
      expect.objectContaining({ caseId: two!.caseId, status: 'registered', folio: 'BNV-QROO-77', registeredAt: clock.now(), registeredById: staffId }),
    ]);

    // Enrolled in the same transaction: her intervention was 72 days ago, so the first contact's limit
    // has passed and, of the overdue follow-ups, only the latest (day 30) is planned, for now (10:00
    // in Cancún on a Thursday, inside the default windows).
    expect(result).toMatchObject({ ok: true, outcome: { enrollCaseIds: [one!.caseId], checkInsCreated: 1 } });
    expect(await checkInsOf(one!.caseId)).toEqual(['dia_30@2026-04-02T15:00:00.000Z:scheduled']);
    expect(await ctx.db.checkIn.count()).toBe(1);

    const audit = await ctx.db.auditLog.findMany({ where: { action: 'interventions.import' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staffId, subject: 'interventions', detail: { via: 'cli', rows: 4, created: 4, unchanged: 0 } });
  });

  it('changes nothing when the same file is imported again (only the attempt is audited)', async () => {
    const before = await dumpTables(ctx);
    const result = await importInterventions(deps(), { file: file, actor: actor() });
    expect(result).toMatchObject({
      ok: true,
      outcome: { created: 0, unchanged: 4, casesCreated: 0, consentsRecorded: 0, enrollCaseIds: [], checkInsCreated: 0 },
    });
    const after = await dumpTables(ctx);
    expect({ ...after, AuditLog: [] }).toEqual({ ...before, AuditLog: [] });
    expect(after.AuditLog).toHaveLength(before.AuditLog!.length + 1);
  });

  it('takes a folio typed in other capitals in a later file for the same intervention, counted once', async () => {
    const before = await dumpTables(ctx);
    const result = await importInterventions(deps(), {
      file: interventionsCsv([
        row({ folio: 'qr-1', telefono: '+5219980000001', alias: 'Luz', consentimiento_seguimiento: 'si', fecha_hora: '2026-01-10T09:00:00-05:00' }),
        row({ folio: 'Qr-2', servicio: 'juridica', vertiente: 'acompanamiento_previo', banavim_folio: 'bnv-qroo-77' }),
      ]),
      actor: actor(),
    });
    expect(result).toMatchObject({ ok: true, outcome: { created: 0, unchanged: 2, casesCreated: 0, banavimRegistered: 0 } });
    expect({ ...(await dumpTables(ctx)), AuditLog: [] }).toEqual({ ...before, AuditLog: [] });
  });

  it('refuses a file with bad rows, naming every problem by line and column, and writes nothing', async () => {
    const before = await dumpTables(ctx);
    const bad = [
      'folio,fecha_hora,servicio,vertiente,canal,telefono,alias,consentimiento_seguimiento,banavim_folio',
      'QR-10,2026-02-01T10:00:00-05:00,psicologica,intervencion_12_48h,telefono_911,12345,,si,',
      'QR-11,2026-02-31T10:00:00-05:00,juridico,intervencion_12_48h,fax,,,quizá,',
      '',
      'QR-12,2026-02-01T10:00:00-05:00,psicologica,intervencion_12_48h,telefono_911,,"Ana',
      'Maria",si,',
      'QR-13,2026-02-01T10:00:00-05:00,psicologica',
      'qr-10,2026-02-01T10:00:00-05:00,psicologica,intervencion_12_48h,telefono_911,,,no,',
      'QR-14,2026-02-01T10:00:00-05:00,psicologica,intervencion_12_48h,telefono_911,,Llámame 998 123 4567,no,',
      // Her messages greet her by her alias: «Hola VICTIMA» on her lock screen.
      'QR-15,2026-02-01T10:00:00-05:00,psicologica,intervencion_12_48h,telefono_911,,VICTIMA,si,',
    ].join('\n');
    const result = await importInterventions(deps(), { file: bad, actor: actor() });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => formatProblem(p))).toEqual([
      'línea 2: telefono: debe ser un número de 10 dígitos como 998 555 0101, o con lada de país como +52 998 555 0101',
      'línea 3: fecha_hora: debe ser una fecha y hora como 15/01/2026 22:30, 15/01/2026 10:30 p. m. o 2026-01-15T22:30:00-05:00',
      'línea 3: servicio: debe ser Jurídica o Psicológica',
      'línea 3: canal: debe ser 911, WhatsApp o Videollamada',
      'línea 3: consentimiento_seguimiento: debe ser sí o no (o una x para sí)',
      'línea 5: alias: debe ir en una sola línea',
      'línea 7: fila: tiene 3 valores y el encabezado 9',
      'línea 8: folio: repite el folio de la línea 2',
      'línea 9: alias: no debe contener un número de teléfono',
      'línea 10: alias: no debe contener «victima»: sus mensajes la llaman por su alias',
    ]);
    // The same problems in English, for `--lang en`.
    expect(result.problems.map((p) => formatProblem(p, 'en')).slice(0, 2)).toEqual([
      'line 2: telefono: must be a 10-digit number such as 998 555 0101, or one with its country code such as +52 998 555 0101',
      'line 3: fecha_hora: must be a date and time such as 15/01/2026 22:30, 15/01/2026 10:30 p. m. or 2026-01-15T22:30:00-05:00',
    ]);
    expect(await dumpTables(ctx)).toEqual(before);
  });

  it('reports a missing or unknown header column on line 1', async () => {
    const result = await importInterventions(deps(), {
      file: 'folio,cuando,servicio,vertiente,canal,telefono,alias,consentimiento_seguimiento,banavim_folio\n',
      actor: actor(),
    });
    expect(result.ok ? [] : result.problems.map((p) => formatProblem(p))).toEqual([
      'línea 1: columna 2: no es una columna conocida',
      'línea 1: fecha_hora: falta en el encabezado',
    ]);
  });

  it('opens a new case when her earlier case is closed, and leaves enrolment to her newest consent', async () => {
    const first = await ctx.db.case.findUniqueOrThrow({ where: { folio: 'QR-1' } });
    await ctx.db.case.update({ where: { id: first.id }, data: { status: 'closed', closedAt: new Date('2026-03-01T00:00:00Z') } });
    // She withdrew consent in the chat after the new intervention took place.
    await ctx.db.consent.create({
      data: { survivorId: first.survivorId, purpose: 'follow_up', granted: false, source: 'chat', recordedAt: new Date('2026-03-20T12:00:00Z') },
    });
    const result = await importInterventions(deps(), {
      file: interventionsCsv([row({ folio: 'QR-20', telefono: '+5219980000001', consentimiento_seguimiento: 'si', fecha_hora: '2026-03-10T08:00:00-05:00' })]),
      actor: actor(),
    });
    expect(result).toMatchObject({ ok: true, outcome: { created: 1, casesCreated: 1, survivorsCreated: 0, enrollCaseIds: [] } });
    const created = await ctx.db.case.findUniqueOrThrow({ where: { folio: 'QR-20' } });
    expect(created.survivorId).toBe(first.survivorId);
    expect(created.status).toBe('open');
    expect(await checkInsOf(created.id)).toEqual([]);
  });

  it('withdraws what was still to be sent to her when her newest consent, from the file, is a no', async () => {
    const phone = '+5219980000077';
    await importInterventions(deps(), {
      file: interventionsCsv([row({ folio: 'QR-NO-1', telefono: phone, consentimiento_seguimiento: 'si', fecha_hora: '2026-03-01T08:00:00-05:00' })]),
      actor: actor(),
    });
    const kase = await ctx.db.case.findUniqueOrThrow({ where: { folio: 'QR-NO-1' } });
    // A message still waiting for its turn, and one already sent.
    const outbound = (status: 'sending' | 'sent') =>
      ctx.db.contact.create({ data: { caseId: kase.id, direction: 'outbound', channel: 'simulator', author: 'bot', status, textCipher: ctx.privacy.cipher.encrypt('Hola') } });
    const [waiting, sent] = [await outbound('sending'), await outbound('sent')];

    const result = await importInterventions(deps(), {
      file: interventionsCsv([row({ folio: 'QR-NO-2', telefono: phone, consentimiento_seguimiento: 'no', fecha_hora: '2026-03-05T08:00:00-05:00' })]),
      actor: actor(),
    });
    expect(result).toMatchObject({ ok: true });
    expect(await ctx.db.contact.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({ status: 'failed', errorCode: 'CANCELLED_NO_CONSENT' });
    expect((await ctx.db.contact.findUniqueOrThrow({ where: { id: sent.id } })).status).toBe('sent');
  });

  it('refuses a BANAVIM folio that belongs to another case', async () => {
    const before = await dumpTables(ctx);
    const result = await importInterventions(deps(), {
      file: interventionsCsv([
        row({ folio: 'QR-30', banavim_folio: 'BNV-QROO-77' }),
        row({ folio: 'QR-31', banavim_folio: 'BNV-QROO-90' }),
        row({ folio: 'QR-32', banavim_folio: 'BNV-QROO-90' }),
      ]),
      actor: actor(),
    });
    expect(result.ok ? [] : result.problems.map((p) => formatProblem(p))).toEqual([
      'línea 2: banavim_folio: ya está registrado para otro caso',
      'línea 4: banavim_folio: repite el folio BANAVIM de la línea 3, que es otro caso',
    ]);
    expect(await dumpTables(ctx)).toEqual(before);
  });

  it('registers a pending BANAVIM record of her open case', async () => {
    const open = await ctx.db.case.findUniqueOrThrow({ where: { folio: 'QR-3' } });
    await ctx.db.banavimRecord.create({ data: { caseId: open.id, status: 'pending' } });
    const result = await importInterventions(deps(), {
      file: interventionsCsv([row({ folio: 'QR-40', telefono: '+5219980000002', banavim_folio: 'BNV-QROO-91' })]),
      actor: actor(),
    });
    expect(result).toMatchObject({ ok: true, outcome: { created: 1, casesCreated: 0, banavimRegistered: 1 } });
    expect(await ctx.db.banavimRecord.findUniqueOrThrow({ where: { caseId: open.id } })).toMatchObject({ status: 'registered', folio: 'BNV-QROO-91' });
    expect((await ctx.db.intervention.findUniqueOrThrow({ where: { folio: 'QR-40' } })).caseId).toBe(open.id);
  });
  it('plans the whole follow-up of a recent intervention inside the allowed hours, once', async () => {
    // 08:00 in Cancún today; now is 10:00. Default windows: Monday to Saturday, 10:00–19:00.
    const file = interventionsCsv([
      row({ folio: 'QR-50', telefono: '+5219980000050', consentimiento_seguimiento: 'si', fecha_hora: '2026-04-02T08:00:00-05:00' }),
    ]);
    const result = await importInterventions(deps(), { file: file, actor: actor() });
    expect(result).toMatchObject({ ok: true, outcome: { created: 1, checkInsCreated: 5 } });
    const caseId = (await ctx.db.case.findUniqueOrThrow({ where: { folio: 'QR-50' } })).id;
    expect(result.ok && result.outcome.enrollCaseIds).toEqual([caseId]);
    expect(await checkInsOf(caseId)).toEqual([
      'primer_contacto@2026-04-03T15:00:00.000Z:scheduled', // 12 h later is 20:00: next morning at 10:00
      'dia_3@2026-04-06T15:00:00.000Z:scheduled', // a Sunday: Monday at 10:00
      'dia_7@2026-04-09T15:00:00.000Z:scheduled',
      'dia_15@2026-04-17T15:00:00.000Z:scheduled',
      'dia_30@2026-05-02T15:00:00.000Z:scheduled',
    ]);
    const first = await ctx.db.checkIn.findFirstOrThrow({ where: { caseId, planItem: 'primer_contacto' } });
    expect(first).toMatchObject({ flowId: 'primer-contacto', plannedAt: new Date('2026-04-03T01:00:00Z'), movedReason: 'fuera de su horario' });

    const before = await dumpTables(ctx, ['CheckIn']);
    expect(await importInterventions(deps(), { file: file, actor: actor() })).toMatchObject({ ok: true, outcome: { checkInsCreated: 0 } });
    expect(await dumpTables(ctx, ['CheckIn'])).toEqual(before);
  });

  it('adds no second plan to an open case already enrolled', async () => {
    const caseId = (await ctx.db.case.findUniqueOrThrow({ where: { folio: 'QR-50' } })).id;
    const before = await checkInsOf(caseId);
    const result = await importInterventions(deps(), {
      file: interventionsCsv([
        row({ folio: 'QR-51', telefono: '+5219980000050', consentimiento_seguimiento: 'si', fecha_hora: '2026-04-02T09:00:00-05:00' }),
      ]),
      actor: actor(),
    });
    expect(result).toMatchObject({ ok: true, outcome: { created: 1, casesCreated: 0, enrollCaseIds: [], checkInsCreated: 0 } });
    expect(await checkInsOf(caseId)).toEqual(before);
  });

  it('writes nothing, check-ins included, when the transaction fails after enrolling', async () => {
    // A fault in PostgreSQL itself: the import's audit entry, its last write, is refused.
    await ctx.sql(`CREATE FUNCTION refuse_import_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'interventions.import' THEN RAISE EXCEPTION 'audit refused'; END IF; RETURN NEW; END $$`);
    await ctx.sql('CREATE TRIGGER refuse_import_audit BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION refuse_import_audit()');
    try {
      const before = await dumpTables(ctx);
      const attempt = importInterventions(deps(), {
        file: interventionsCsv([
          row({ folio: 'QR-60', telefono: '+5219980000060', consentimiento_seguimiento: 'si', fecha_hora: '2026-04-02T08:30:00-05:00' }),
        ]),
        actor: actor(),
      });
      await expect(attempt).rejects.toThrow();
      expect(await dumpTables(ctx)).toEqual(before);
    } finally {
      await ctx.sql('DROP TRIGGER refuse_import_audit ON "AuditLog"');
      await ctx.sql('DROP FUNCTION refuse_import_audit()');
    }
  });
});

describe('after a bulk import', () => {
  it('the planner knows the tables it filled, so no statement plans for empty tables', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => row({ folio: `ANALIZA-${i}`, fecha_hora: '2026-02-01T10:00:00-05:00' }));
    expect(await importInterventions(deps(), { file: interventionsCsv(rows), actor: actor() })).toMatchObject({ ok: true, outcome: { created: 120 } });
    const [stats] = await ctx.db.$queryRaw<{ reltuples: number }[]>`SELECT reltuples FROM pg_class WHERE relname = 'Intervention'`;
    expect(Number(stats!.reltuples)).toBeGreaterThanOrEqual(120);
  });
});

describe('an import and a console registration claiming the same BANAVIM folio at once', () => {
  it('give the folio to one of them; the other is refused in words, never with a database error, and the import stays all or nothing', async () => {
    for (let round = 0; round < 12; round += 1) {
      // A case already known, which the console registers...
      const known = await importInterventions(deps(), { file: interventionsCsv([row({ folio: `QR-K${round}` })]), actor: { staffId, via: 'cli' } });
      expect(known.ok).toBe(true);
      const folio = `BNV-RACE-${round}`;
      // ...while a file brings a new case with the same national folio.
      const file = interventionsCsv([row({ folio: `QR-N${round}a` }), row({ folio: `QR-N${round}b`, banavim_folio: folio })]);
      const [imported, registered] = await Promise.all([
        importInterventions(deps(), { file: file, actor: { staffId, via: 'cli' } }),
        prismaBanavimStore(ctx.db, ctx.privacy).register({ caseRef: `QR-K${round}`, folio, actor: { staffId, via: 'console' }, at: clock.now() }),
      ]);
      const owner = await ctx.db.banavimRecord.findUniqueOrThrow({ where: { folio }, include: { case: true } });
      if (registered.kind === 'registered') {
        expect(owner.case.folio).toBe(`QR-K${round}`);
        expect(imported.ok).toBe(false);
        if (!imported.ok) expect(imported.problems.map((p) => formatProblem(p))).toEqual(['línea 3: banavim_folio: ya está registrado para otro caso']);
        // Nothing of the refused file was written.
        expect(await ctx.db.intervention.count({ where: { folio: { startsWith: `QR-N${round}` } } })).toBe(0);
      } else {
        expect(registered).toMatchObject({ kind: 'folio_in_use' });
        expect(imported.ok).toBe(true);
        expect(owner.case.folio).toBe(`QR-N${round}B`);
      }
    }
  });
});

describe('what the staging of a file keeps exactly, and the conflicts it finds', () => {
  it('keeps an alias’s backslashes and quotes as written (the staging COPY escapes them)', async () => {
    const file = [
      'folio\tfecha_hora\tservicio\tvertiente\tcanal\ttelefono\talias\tconsentimiento_seguimiento\tbanavim_folio',
      'QR-60\t2026-02-01T10:00:00-05:00\tpsicologica\tintervencion_12_48h\ttelefono_911\t+5219980000060\t"Ana ""la de \\N"" \\t Sol\\"\tno\tBNV-60',
    ].join('\n');
    const result = await importInterventions(deps(), { file, actor: actor() });
    expect(result).toMatchObject({ ok: true, outcome: { created: 1, banavimRegistered: 1 } });
    const imported = await ctx.db.intervention.findUniqueOrThrow({ where: { folio: 'QR-60' }, include: { case: { include: { survivor: true, banavim: true } } } });
    expect(imported.case.survivor.alias).toBe('Ana "la de \\N" \\t Sol\\');
    expect(imported.case.banavim?.folio).toBe('BNV-60');
    expect(ctx.privacy.cipher.decrypt(imported.case.survivor.phoneCipher!)).toBe('+529980000060');
  });

  it('refuses a row whose folio is already the folio of a case opened outside any file', async () => {
    await ctx.db.case.create({ data: { folio: 'QR-61', survivor: { create: { alias: 'Desde la consola' } } } });
    const before = await dumpTables(ctx);
    const result = await importInterventions(deps(), {
      file: interventionsCsv([row({ folio: 'QR-62', fecha_hora: '2026-02-02T10:00:00-05:00' }), row({ folio: 'QR-61', telefono: '+5219980000061' })]),
      actor: actor(),
    });
    expect(result.ok ? [] : result.problems.map((p) => formatProblem(p))).toEqual(['línea 3: folio: ya es el folio de un caso que no vino de un archivo']);
    expect(await dumpTables(ctx)).toEqual(before);
  });

  it('refuses two BANAVIM folios for one woman in a file, and a second folio for her registered open case', async () => {
    const twoFolios = await importInterventions(deps(), {
      file: interventionsCsv([
        row({ folio: 'QR-63', telefono: '+5219980000063', banavim_folio: 'BNV-63', fecha_hora: '2026-02-01T10:00:00-05:00' }),
        row({ folio: 'QR-64', telefono: '+5219980000063', banavim_folio: 'BNV-64', fecha_hora: '2026-02-03T10:00:00-05:00' }),
      ]),
      actor: actor(),
    });
    expect(twoFolios.ok ? [] : twoFolios.problems.map((p) => formatProblem(p))).toEqual([
      'línea 3: banavim_folio: no coincide con la línea 2, que es el mismo caso (mismo número)',
    ]);

    const first = await importInterventions(deps(), {
      file: interventionsCsv([row({ folio: 'QR-63', telefono: '+5219980000063', banavim_folio: 'BNV-63', fecha_hora: '2026-02-01T10:00:00-05:00' })]),
      actor: actor(),
    });
    expect(first).toMatchObject({ ok: true, outcome: { created: 1, banavimRegistered: 1 } });
    const later = await importInterventions(deps(), {
      file: interventionsCsv([row({ folio: 'QR-64', telefono: '+5219980000063', banavim_folio: 'BNV-64', fecha_hora: '2026-02-03T10:00:00-05:00' })]),
      actor: actor(),
    });
    expect(later.ok ? [] : later.problems.map((p) => formatProblem(p))).toEqual([
      'línea 2: banavim_folio: su caso abierto ya está registrado en el BANAVIM con otro folio',
    ]);
  });

  it('takes the marked row of one call for her consent, whatever the order of its psychological and legal rows', async () => {
    for (const [phone, rows] of [
      ['+5219980000071', [{ folio: 'QR-71P', mark: 'x' }, { folio: 'QR-71J', mark: '' }]],
      ['+5219980000072', [{ folio: 'QR-72J', mark: '' }, { folio: 'QR-72P', mark: '✓' }]],
    ] as const) {
      const result = await importInterventions(deps(), {
        file: interventionsCsv(
          rows.map((r) => row({ folio: r.folio, telefono: phone, consentimiento_seguimiento: r.mark, fecha_hora: '2026-03-15T10:00:00-05:00', servicio: r.folio.endsWith('J') ? 'juridica' : 'psicologica' })),
        ),
        actor: actor(),
      });
      expect(result).toMatchObject({ ok: true, outcome: { created: 2, consentsRecorded: 1 } });
      const opened = await ctx.db.case.findUniqueOrThrow({ where: { folio: rows[0].folio }, include: { survivor: { include: { consents: true } } } });
      expect(opened.survivor.consents.map((c) => c.granted)).toEqual([true]);
      expect(result.ok && result.outcome.enrollCaseIds).toEqual([opened.id]);
    }
  });

  it('reads a blank cell on its own as a no, and refuses a mark that is neither yes nor no', async () => {
    const blank = await importInterventions(deps(), {
      file: interventionsCsv([row({ folio: 'QR-73', telefono: '+5219980000073', consentimiento_seguimiento: '', fecha_hora: '2026-03-15T11:00:00-05:00' })]),
      actor: actor(),
    });
    expect(blank).toMatchObject({ ok: true, outcome: { consentsRecorded: 1, enrollCaseIds: [] } });
    const refused = await importInterventions(deps(), {
      file: interventionsCsv(['*', '-', '?'].map((mark, i) => row({ folio: `QR-74${i}`, telefono: '+5219980000074', consentimiento_seguimiento: mark }))),
      actor: actor(),
    });
    expect(refused.ok ? [] : refused.problems.map((p) => formatProblem(p))).toEqual([2, 3, 4].map((line) => `línea ${line}: consentimiento_seguimiento: debe ser sí o no (o una x para sí)`));
  });

  it('gives her case the latest of her interventions, and records each consent in the order they were given', async () => {
    const result = await importInterventions(deps(), {
      file: interventionsCsv([
        row({ folio: 'QR-66', telefono: '+5219980000066', consentimiento_seguimiento: 'no', fecha_hora: '2026-02-05T10:00:00-05:00' }),
        row({ folio: 'QR-65', telefono: '+5219980000066', consentimiento_seguimiento: 'si', fecha_hora: '2026-02-04T10:00:00-05:00', alias: 'Marisol' }),
        row({ folio: 'QR-67', telefono: '+5219980000066', consentimiento_seguimiento: 'si', fecha_hora: '2026-02-05T10:00:00-05:00', alias: 'Sol' }),
      ]),
      actor: actor(),
    });
    expect(result).toMatchObject({ ok: true, outcome: { created: 3, casesCreated: 1, survivorsCreated: 1 } });
    const opened = await ctx.db.case.findUniqueOrThrow({ where: { folio: 'QR-65' }, include: { survivor: { include: { consents: { orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }] } } } } });
    expect(opened.interventionAt).toEqual(new Date('2026-02-05T15:00:00Z'));
    expect(opened.survivor.alias).toBe('Marisol');
    // The same hour twice: the later line is the newer consent, as the file lists them.
    expect(opened.survivor.consents.map((c) => c.granted)).toEqual([true, false, true]);
  });

  it('records video-call and BANAVIM consent where the file has their columns, a blank cell recording nothing', async () => {
    const extra = ['Acepta videollamada', 'Consentimiento BANAVIM'];
    const result = await importInterventions(deps(), {
      file: interventionsCsv(
        [
          row({ folio: 'QR-80', telefono: '+5219980000080', consentimiento_seguimiento: 'si', 'Acepta videollamada': 'x', 'Consentimiento BANAVIM': 'no', fecha_hora: '2026-03-20T10:00:00-05:00' }),
          row({ folio: 'QR-81', telefono: '+5219980000081', consentimiento_seguimiento: 'si', 'Acepta videollamada': '', 'Consentimiento BANAVIM': 'sí', fecha_hora: '2026-03-20T11:00:00-05:00' }),
        ],
        extra,
      ),
      actor: actor(),
    });
    expect(result).toMatchObject({ ok: true, outcome: { consentsRecorded: 5 } });
    const consentsOf = async (folio: string) => {
      const kase = await ctx.db.case.findUniqueOrThrow({ where: { folio }, include: { survivor: { include: { consents: { orderBy: { purpose: 'asc' } } } } } });
      return kase.survivor.consents.map((c) => `${c.purpose}:${c.granted}:${c.source}`);
    };
    expect(await consentsOf('QR-80')).toEqual(['follow_up:true:intervention_911', 'video_call:true:intervention_911', 'banavim:false:intervention_911']);
    expect(await consentsOf('QR-81')).toEqual(['follow_up:true:intervention_911', 'banavim:true:intervention_911']);

    const refused = await importInterventions(deps(), {
      file: interventionsCsv([row({ folio: 'QR-82', telefono: '+5219980000082', 'Acepta videollamada': '?' })], extra),
      actor: actor(),
    });
    expect(refused.ok ? [] : refused.problems.map((p) => formatProblem(p))).toEqual(['línea 2: consentimiento_videollamada: debe ser sí o no (o una x para sí)']);
  });

  it('plans again, when a later file gives her follow-up consent again, the check-ins cancelled for want of it', async () => {
    const phone = '+5219980000093';
    const file = (folio: string, mark: string, at: string) => interventionsCsv([row({ folio, telefono: phone, consentimiento_seguimiento: mark, fecha_hora: at })]);
    await importInterventions(deps(), { file: file('QR-93', 'si', '2026-03-31T10:00:00-05:00'), actor: actor() });
    const kase = await ctx.db.case.findUniqueOrThrow({ where: { folio: 'QR-93' } });
    await importInterventions(deps(), { file: file('QR-94', 'no', '2026-04-01T10:00:00-05:00'), actor: actor() });
    // While her consent was withdrawn, her check-ins fell due and were cancelled; a person cancelled one of them before.
    const [byPerson, ...rest] = await ctx.db.checkIn.findMany({ where: { caseId: kase.id }, orderBy: { dueAt: 'asc' } });
    expect(rest.length).toBeGreaterThan(0);
    await ctx.db.checkIn.update({ where: { id: byPerson!.id }, data: { status: 'cancelled', movedReason: 'acordado con ella' } });
    await ctx.db.checkIn.updateMany({ where: { id: { in: rest.map((r) => r.id) } }, data: { status: 'cancelled', movedReason: 'sin consentimiento de seguimiento' } });

    const result = await importInterventions(deps(), { file: file('QR-95', 'si', '2026-04-02T09:00:00-05:00'), actor: actor() });
    expect(result).toMatchObject({ ok: true, outcome: { enrollCaseIds: [kase.id] } });
    const after = await ctx.db.checkIn.findMany({ where: { caseId: kase.id } });
    const revived = after.filter((c) => rest.some((r) => r.id === c.id) && c.status === 'scheduled');
    expect(revived.length).toBeGreaterThan(0);
    expect(revived.every((c) => c.dueAt.getTime() >= clock.now().getTime())).toBe(true);
    expect(after.find((c) => c.id === byPerson!.id)!.status).toBe('cancelled');
    expect(result.ok && result.outcome.checkInsCreated).toBe(after.length - (rest.length + 1) + revived.length);
  });

  it('cancels her video-call sessions still to happen when her newest video-call consent, from the file, is a no', async () => {
    const phone = '+5219980000083';
    const file = (folio: string, mark: string, at: string) =>
      interventionsCsv([row({ folio, telefono: phone, consentimiento_seguimiento: 'si', consentimiento_videollamada: mark, fecha_hora: at })], ['consentimiento_videollamada']);
    await importInterventions(deps(), { file: file('QR-83', 'si', '2026-03-21T10:00:00-05:00'), actor: actor() });
    const kase = await ctx.db.case.findUniqueOrThrow({ where: { folio: 'QR-83' } });
    const session = (startsAt: string) =>
      ctx.db.appointment.create({
        data: { caseId: kase.id, staffId, startsAt: new Date(startsAt), endsAt: new Date(Date.parse(startsAt) + 50 * 60_000), status: 'confirmed', videoRoom: `room${startsAt.replace(/\D/g, '')}` },
      });
    const [past, coming] = [await session('2026-03-30T16:00:00Z'), await session('2026-04-09T16:00:00Z')];
    // The coming session's invitation, still to be sent; and a check-in of her plan, which stays.
    const invitation = await ctx.db.checkIn.create({ data: { caseId: kase.id, flowId: VIDEO_FLOWS.invitation, dueAt: new Date('2026-04-03T16:00:00Z'), plannedAt: new Date('2026-04-03T16:00:00Z') } });
    const planned = await ctx.db.checkIn.create({ data: { caseId: kase.id, planItem: 'a_mano', flowId: 'seguimiento', dueAt: new Date('2026-04-03T16:00:00Z'), plannedAt: new Date('2026-04-03T16:00:00Z') } });

    // A file without the column changes nothing about her sessions.
    await importInterventions(deps(), { file: interventionsCsv([row({ folio: 'QR-84', telefono: phone, consentimiento_seguimiento: 'si', fecha_hora: '2026-03-22T10:00:00-05:00' })]), actor: actor() });
    expect((await ctx.db.appointment.findUniqueOrThrow({ where: { id: coming.id } })).status).toBe('confirmed');

    const result = await importInterventions(deps(), { file: file('QR-85', 'no', '2026-03-25T10:00:00-05:00'), actor: actor() });
    expect(result).toMatchObject({ ok: true });
    expect((await ctx.db.appointment.findUniqueOrThrow({ where: { id: coming.id } })).status).toBe('cancelled');
    expect((await ctx.db.appointment.findUniqueOrThrow({ where: { id: past.id } })).status).toBe('confirmed');
    expect(await ctx.db.checkIn.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: 'cancelled', movedReason: 'sesión cancelada' });
    expect((await ctx.db.checkIn.findUniqueOrThrow({ where: { id: planned.id } })).status).toBe('scheduled');
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'interventions.import' }, orderBy: { createdAt: 'desc' } });
    expect(audit.detail).toMatchObject({ sessionsCancelled: 1 });
  });
});
