import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInterventionsCommand } from '../../src/cli/records/import-interventions-command.js';
import { reportCommand } from '../../src/cli/records/report-command.js';
import type { ReportFigures } from '../../src/app/records/report-figures.js';
import { createRecordsContext, type RecordsContext } from './support/records-context.js';
import { captureIo } from './support/capture-io.js';
import { PUBLISHED, publishedQuarterCsv } from './support/published-dataset.js';

let ctx: RecordsContext;
let dir: string;

const EXPECTED: ReportFigures = {
  total: 2097,
  servicio: { juridica: 403, psicologica: 1694 },
  vertiente: { acompanamiento_previo: 433, intervencion_12_48h: 1605, atencion_subsecuente: 54, seguimiento: 5 },
  canal: { telefono_911: 2092, whatsapp: 3, videollamada: 2 },
  banavim_registradas: 718,
  seguimiento: { checkins_enviados: 7, checkins_respondidos: 4, checkins_sin_respuesta: 2, pases_a_persona: 3, videollamadas_realizadas: 2 },
  resultados: {
    buen_momento: { no: 1, si: 3 },
    como_se_siente: { bien: 2, mal: 1, sin_categoria: 1 },
  },
  periodo: { desde: '2026-01-01', hasta: '2026-03-31', zona_horaria: 'America/Cancun' },
};

beforeAll(async () => {
  ctx = await createRecordsContext();
  dir = await mkdtemp(join(tmpdir(), 'acompana-report-'));
  const file = join(dir, 'intervenciones-2026-t1.csv');
  await writeFile(file, publishedQuarterCsv());
  const io = captureIo(ctx);
  expect(await importInterventionsCommand([file], io)).toBe(0);
  expect(io.out()).toContain('2,099 intervenciones importadas');
  await seedFollowUp();
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Check-ins, handoffs and video calls in and around the quarter. */
async function seedFollowUp() {
  const { id: caseId } = await ctx.db.case.findUniqueOrThrow({ where: { folio: 'QR-2026-000001' } });
  const inQuarter = (day: number) => new Date(Date.parse('2026-01-01T12:00:00-05:00') + day * 86_400_000);
  const checkIn = (planItem: string, status: 'sent' | 'answered' | 'missed' | 'scheduled', sentAt: Date | null) =>
    ctx.db.checkIn.create({ data: { caseId, planItem, flowId: 'primer-contacto', dueAt: sentAt ?? inQuarter(95), plannedAt: sentAt ?? inQuarter(95), status, sentAt } });
  await Promise.all([
    checkIn('a1', 'answered', inQuarter(1)),
    checkIn('a2', 'answered', inQuarter(10)),
    checkIn('a3', 'answered', inQuarter(40)),
    checkIn('a4', 'answered', inQuarter(89)),
    checkIn('m1', 'missed', inQuarter(20)),
    checkIn('m2', 'missed', inQuarter(60)),
    checkIn('s1', 'sent', inQuarter(89.4)),
    checkIn('before', 'answered', new Date('2025-12-31T23:00:00-05:00')),
    checkIn('after', 'missed', new Date('2026-04-01T00:00:00-05:00')),
    checkIn('later', 'scheduled', null),
  ]);
  const alert = (kind: 'handoff' | 'emergency_word' | 'file_to_review' | 'slot_taken' | 'no_consent', createdAt: Date) =>
    ctx.db.alert.create({ data: { caseId, kind, urgency: 'normal', reason: 'Pide hablar con una persona', createdAt } });
  await Promise.all([
    alert('handoff', inQuarter(3)),
    alert('handoff', inQuarter(30)),
    alert('handoff', inQuarter(88)),
    alert('handoff', new Date('2026-04-02T10:00:00-05:00')),
    alert('emergency_word', inQuarter(5)),
    // A file to look at, a video-call time no longer free, a message without consent: no handoffs.
    alert('file_to_review', inQuarter(6)),
    alert('slot_taken', inQuarter(7)),
    alert('no_consent', inQuarter(8)),
  ]);
  const contact = (channel: 'video' | 'simulator', status: 'sent' | 'failed', createdAt: Date) =>
    ctx.db.contact.create({ data: { caseId, direction: 'outbound', channel, author: 'staff', status, createdAt } });
  await Promise.all([
    contact('video', 'sent', inQuarter(12)),
    contact('video', 'sent', inQuarter(70)),
    contact('video', 'failed', inQuarter(71)),
    contact('simulator', 'sent', inQuarter(72)),
  ]);
  const result = (name: string, category: string | null, createdAt: Date) =>
    ctx.db.flowResult.create({ data: { caseId, flowId: 'primer-contacto', name, category, createdAt } });
  await Promise.all([
    result('buen_momento', 'si', inQuarter(0)),
    result('buen_momento', 'si', inQuarter(30)),
    result('buen_momento', 'si', inQuarter(89.4)),
    result('buen_momento', 'no', inQuarter(31)),
    result('como_se_siente', 'mal', inQuarter(2)),
    result('como_se_siente', 'bien', inQuarter(40)),
    result('como_se_siente', 'bien', inQuarter(41)),
    result('como_se_siente', null, inQuarter(42)),
    result('como_se_siente', 'mal', new Date('2025-12-31T23:59:59-05:00')),
    result('algo_mas', null, new Date('2026-04-01T00:00:00-05:00')),
  ]);
}

async function report(format: string): Promise<string> {
  const io = captureIo(ctx);
  const code = await reportCommand(['--from', '2026-01-01', '--to', '2026-03-31', '--format', format], io);
  expect(io.err()).toBe('');
  expect(code).toBe(0);
  return io.out();
}

describe('the quarter the unit published', () => {
  it('reproduces every published figure in JSON', async () => {
    const figures = JSON.parse(await report('json')) as ReportFigures;
    expect(figures).toEqual(EXPECTED);
    expect(Object.keys(figures.resultados)).toEqual(['buen_momento', 'como_se_siente']);
    expect(Object.keys(figures.resultados['como_se_siente']!)).toEqual(['bien', 'mal', 'sin_categoria']);
    expect(figures.total).toBe(PUBLISHED.total);
    expect(figures.vertiente.acompanamiento_previo + figures.vertiente.intervencion_12_48h + figures.vertiente.atencion_subsecuente + figures.vertiente.seguimiento).toBe(figures.total);
  });

  it('reproduces every figure in CSV, one indicador,valor row each', async () => {
    const rows = parse(await report('csv'), { columns: true }) as { indicador: string; valor: string }[];
    expect(Object.fromEntries(rows.map((r) => [r.indicador, r.valor]))).toEqual({
      total: '2097',
      'servicio.juridica': '403',
      'servicio.psicologica': '1694',
      'vertiente.acompanamiento_previo': '433',
      'vertiente.intervencion_12_48h': '1605',
      'vertiente.atencion_subsecuente': '54',
      'vertiente.seguimiento': '5',
      'canal.telefono_911': '2092',
      'canal.whatsapp': '3',
      'canal.videollamada': '2',
      banavim_registradas: '718',
      'seguimiento.checkins_enviados': '7',
      'seguimiento.checkins_respondidos': '4',
      'seguimiento.checkins_sin_respuesta': '2',
      'seguimiento.pases_a_persona': '3',
      'seguimiento.videollamadas_realizadas': '2',
      'resultados.buen_momento.no': '1',
      'resultados.buen_momento.si': '3',
      'resultados.como_se_siente.bien': '2',
      'resultados.como_se_siente.mal': '1',
      'resultados.como_se_siente.sin_categoria': '1',
      'periodo.desde': '2026-01-01',
      'periodo.hasta': '2026-03-31',
      'periodo.zona_horaria': 'America/Cancun',
    });
  });

  it('writes the bulletin paragraph in Spanish from the figures', async () => {
    const text = await report('text');
    expect(text).toBe(
      'Del 1 de enero al 31 de marzo de 2026 la unidad brindó 2,097 intervenciones: 403 jurídicas y 1,694 psicológicas. ' +
        'Por vertiente de atención, fueron 433 acompañamientos previos, 1,605 intervenciones de 12 a 48 horas después del episodio, ' +
        '54 atenciones subsecuentes y 5 seguimientos por WhatsApp o videollamada. ' +
        'Por canal, 2,092 llegaron por el 911, 3 por WhatsApp y 2 por videollamada. ' +
        'De los casos atendidos, 718 casos quedaron registrados en el BANAVIM. ' +
        'En el seguimiento por mensajes se enviaron 7 mensajes de seguimiento (4 respondidos y 2 sin respuesta); ' +
        '3 conversaciones pasaron a una persona del equipo, y se realizaron 2 videollamadas.\n',
    );
  });

  it('counts the handoffs raised outside the staff hours, with STAFF_HOURS set', async () => {
    // The quarter's handoffs were raised at noon on Sunday 4 January, Saturday 31 January and Monday 30 March.
    const withHours = async (staffHours: string, format: string) => {
      const io = captureIo(ctx, { env: { DATABASE_URL: ctx.database.url, STAFF_HOURS: staffHours } });
      expect(await reportCommand(['--from', '2026-01-01', '--to', '2026-03-31', '--format', format], io)).toBe(0);
      return io.out();
    };
    expect((JSON.parse(await withHours('1-5 09:00-18:00', 'json')) as ReportFigures).seguimiento).toEqual({ ...EXPECTED.seguimiento, pases_a_persona_fuera_de_horario: 2 });
    // Saturday night to Sunday 13:00 holds Sunday's noon; Monday's window starts at it; Saturday's noon is outside.
    expect((JSON.parse(await withHours('6 23:00-13:00; 1 12:00-12:01', 'json')) as ReportFigures).seguimiento.pases_a_persona_fuera_de_horario).toBe(1);
    expect(await withHours('1-5 09:00-18:00', 'text')).toContain('3 conversaciones pasaron a una persona del equipo (2 fuera del horario del personal), y');
    expect(await withHours('1-5 09:00-18:00', 'csv')).toContain('seguimiento.pases_a_persona_fuera_de_horario,2');
    // Without staff hours the figure is not there: no moment is outside them.
    expect(JSON.parse(await withHours('always', 'json')).seguimiento).toEqual(EXPECTED.seguimiento);
  });

  it('counts by days in Quintana Roo: the second before and the instant after the quarter stay out', async () => {
    const io = captureIo(ctx);
    await reportCommand(['--from', '2025-12-31', '--to', '2025-12-31', '--format', 'json'], io);
    expect(JSON.parse(io.out())).toMatchObject({ total: 1, servicio: { juridica: 1 }, banavim_registradas: 1, resultados: { como_se_siente: { mal: 1 } } });
    const io2 = captureIo(ctx);
    await reportCommand(['--from', '2026-04-01', '--to', '2026-04-01', '--format', 'json'], io2);
    expect(JSON.parse(io2.out())).toMatchObject({ total: 1, vertiente: { seguimiento: 1 }, resultados: { algo_mas: { sin_categoria: 1 } } });
  });

  it('counts the day named by --to: the last second of 31 March (America/Cancun) is in March', async () => {
    const month = async (args: string[]) => {
      const io = captureIo(ctx);
      expect(await reportCommand([...args, '--format', 'json'], io)).toBe(0);
      return JSON.parse(io.out()) as ReportFigures;
    };
    const march = await month(['--from', '2026-03-01', '--to', '2026-03-31']);
    // The published file's last intervention is at 23:59:59 on 31 March in Cancún (04:59:59 UTC on 1 April).
    expect(await month(['--mes', '2026-03'])).toEqual(march);
    const lastDay = await month(['--from', '2026-03-31', '--to', '2026-03-31']);
    expect(lastDay.total).toBeGreaterThanOrEqual(1);
    expect(lastDay.periodo).toEqual({ desde: '2026-03-31', hasta: '2026-03-31', zona_horaria: 'America/Cancun' });
    const [january, february] = [await month(['--mes', '2026-01']), await month(['--mes', '2026-02'])];
    expect(january.periodo).toMatchObject({ desde: '2026-01-01', hasta: '2026-01-31' });
    expect(february.periodo).toMatchObject({ desde: '2026-02-01', hasta: '2026-02-28' });
    expect(january.total + february.total + march.total).toBe(PUBLISHED.total);
    // The year 2025 holds only the second before the quarter; 2026 the quarter and the instant after it.
    expect((await month(['--anio', '2025'])).total).toBe(1);
    expect(await month(['--anio', '2026'])).toMatchObject({ total: PUBLISHED.total + 1, periodo: { desde: '2026-01-01', hasta: '2026-12-31' } });
  });

  it('audits each report', async () => {
    const entries = await ctx.db.auditLog.findMany({ where: { action: 'report.export' } });
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(entries[0]).toMatchObject({ staffId: null, subject: 'report', detail: { via: 'cli', from: '2026-01-01', to: '2026-03-31' } });
  });

  it('names the option that is wrong', async () => {
    const cases: [string[], string][] = [
      [['--from', '2026-02-30', '--to', '2026-04-01'], 'acompana: --from: debe ser una fecha como 2026-01-01\n'],
      [['--from', '2026-04-01', '--to', '2026-01-01'], 'acompana: --to: no puede ser anterior a from (es el último día incluido)\n'],
      [['--from', '2026-01-01', '--to', '2026-04-01', '--format', 'pdf'], 'acompana: --format: debe ser text, json o csv\n'],
      [['--mes', '2026-13'], 'acompana: --mes: debe ser un mes como 2025-01\n'],
      [['--anio', '26'], 'acompana: --anio: debe ser un año como 2025\n'],
      [['--mes', '2026-01', '--from', '2026-01-01'], 'acompana: --mes: usa un mes, un año o dos fechas, no varios a la vez\n'],
      [['--desde', '2026-01-01'], 'acompana: opción desconocida: --desde\n'],
    ];
    for (const [args, message] of cases) {
      const io = captureIo(ctx);
      expect(await reportCommand(args, io)).toBe(2);
      expect(io.err()).toBe(message);
    }
    const english = captureIo(ctx, { lang: 'en' });
    expect(await reportCommand(['--from', '2026-04-01', '--to', '2026-01-01'], english)).toBe(2);
    expect(english.err()).toBe('acompana: --to: must not be before from (it is the last day included)\n');
  });
});
