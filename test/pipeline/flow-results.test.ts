import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fireCheckIn } from '../../src/app/checkins/fire-check-in.js';
import type { ReportFigures } from '../../src/app/records/report-figures.js';
import { reportCommand } from '../../src/cli/records/report-command.js';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { inboundJobId } from '../../src/scheduling/job-payloads.js';
import { createConsentingCase } from '../support/demo-case.js';
import { queuesIdle } from '../support/queues-idle.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { querySql } from '../support/query-sql.js';
import { simulatorInbox, sayAndWait } from '../support/simulator-phone.js';

/** A flow saving a result as it starts (a `set`), a choice, and her own words. */
const RESULTS_FLOW = `flow: prueba-resultados
name: Prueba de resultados
start: marcar_inicio
nodes:
  marcar_inicio:
    type: set
    result: contacto
    value: iniciado
    next: animo
  animo:
    type: question
    text: "¿Cómo estás hoy? Responde 1 (bien) o 2 (mal)."
    choices:
      - { id: bien, label: "Bien", next: comentario }
      - { id: mal, label: "Mal", next: comentario }
    on_give_up: fin
    save_as: animo
  comentario:
    type: question
    text: "¿Quieres contarme algo más?"
    answer: text
    next: gracias
    save_as: comentario
  gracias:
    type: message
    text: "Gracias por contarme."
    next: fin
  fin:
    type: end
    outcome: listo
`;

/** What she writes in her own words: it must never reach a report's table. */
const HER_WORDS = 'Me cuesta dormir desde el martes';

let t: TestService;
let flowsDir: string;
let privacy: PrivacyTools;

beforeAll(async () => {
  flowsDir = await mkdtemp(join(tmpdir(), 'acompana-results-'));
  await cp('flows', flowsDir, { recursive: true });
  await writeFile(join(flowsDir, 'prueba-resultados.yaml'), RESULTS_FLOW);
  t = await startTestService({ env: { FLOWS_DIR: flowsDir, CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none' } });
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
});

afterAll(async () => {
  await t?.stop();
  await rm(flowsDir, { recursive: true, force: true });
});

const received = (phone: string) => simulatorInbox(t.service.server, phone);

const say = (phone: string, text: string, id: string, expectTotal: number) => sayAndWait(t.service.server, phone, text, id, expectTotal);

/** `acompana report --format json` for the days from `from` to `to`, both included, on this file's database. */
async function report(from: string, to: string): Promise<ReportFigures> {
  let out = '';
  let err = '';
  const code = await reportCommand(['--from', from, '--to', to, '--format', 'json'], {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: { DATABASE_URL: t.database.url },
  });
  expect(err).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out) as ReportFigures;
}

/** Today and the days around it, in Quintana Roo. */
function days(): { yesterday: string; today: string; tomorrow: string } {
  const today = DateTime.now().setZone('America/Cancun').startOf('day');
  return { yesterday: today.minus({ days: 1 }).toISODate()!, today: today.toISODate()!, tomorrow: today.plus({ days: 1 }).toISODate()! };
}

const sql = <T = Record<string, unknown>>(query: string, values: unknown[] = []) => querySql<T>(t.database.url, query, values);

async function resultsOf(caseId: string): Promise<{ flowId: string; name: string; category: string | null }[]> {
  return t.service.db.flowResult.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' }, select: { flowId: true, name: true, category: true } });
}

describe('named results, from her answer to the report', () => {
  it("counts her choice in a shipped flow in the report of the day, and in no other day's", async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const opening = await say(phone, 'Hola', `fr-${caseId}-1`, 1);
    expect(opening).toEqual(['Hola Flor, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
    await say(phone, '1', `fr-${caseId}-2`, opening.length + 1);
    const before = (await received(phone)).length;
    await say(phone, 'Más o menos', `fr-${caseId}-3`, before + 1);
    await queuesIdle(t.service.queues);

    expect(await resultsOf(caseId)).toEqual([
      { flowId: 'primer-contacto', name: 'buen_momento', category: 'si' },
      { flowId: 'primer-contacto', name: 'como_se_siente', category: 'mas_o_menos' },
    ]);
    const { yesterday, today, tomorrow } = days();
    const figures = await report(today, today);
    expect(figures.resultados['como_se_siente']).toEqual({ mas_o_menos: 1 });
    expect(figures.resultados['buen_momento']).toMatchObject({ si: 1 });
    expect((await report(yesterday, yesterday)).resultados).toEqual({});
  });

  it('records a result of a flow a check-in started, and counts her own words without storing them', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const now = new Date();
    const checkIn = await t.service.db.checkIn.create({ data: { caseId, flowId: 'prueba-resultados', dueAt: now, plannedAt: now } });
    expect(await fireCheckIn(t.service.checkIns.deps, checkIn.id)).toMatchObject({ kind: 'sent' });
    expect(await resultsOf(caseId)).toEqual([{ flowId: 'prueba-resultados', name: 'contacto', category: 'iniciado' }]);

    const asked = await eventually(async () => ((await received(phone)).length >= 1 ? received(phone) : undefined), 10_000, 'the check-in');
    await say(phone, '2', `fr-${caseId}-1`, asked.length + 1);
    const texts = await say(phone, HER_WORDS, `fr-${caseId}-2`, asked.length + 2);
    expect(texts.at(-1)).toBe('Gracias por contarme.');
    await queuesIdle(t.service.queues);

    expect(await resultsOf(caseId)).toEqual([
      { flowId: 'prueba-resultados', name: 'contacto', category: 'iniciado' },
      { flowId: 'prueba-resultados', name: 'animo', category: 'mal' },
      { flowId: 'prueba-resultados', name: 'comentario', category: null },
    ]);
    const leaks = await sql(`SELECT id FROM "FlowResult" r WHERE position('dormir' in lower(r::text)) > 0`);
    expect(leaks).toEqual([]);
    const { today, tomorrow } = days();
    expect((await report(today, today)).resultados).toMatchObject({
      contacto: { iniciado: 1 },
      animo: { mal: 1 },
      comentario: { sin_categoria: 1 },
    });
  });

  it('records nothing for a turn that is rolled back, and the result once when its retry commits', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const opening = await say(phone, 'Hola', `fr-${caseId}-1`, 1);
    expect(opening).toEqual(['Hola Flor, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
    await queuesIdle(t.service.queues);
    const failing = `fr-${caseId}-2`;
    // Her message's own row is refused, so the turn's one statement fails and its transaction rolls back.
    await sql(`CREATE FUNCTION refuse_message() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."channelMessageId" = '${failing}' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
    await sql(`CREATE TRIGGER refuse_message BEFORE INSERT ON "Contact" FOR EACH ROW EXECUTE FUNCTION refuse_message()`);
    try {
      const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text: '1', id: failing } });
      expect(res.statusCode).toBe(202);
      await eventually(async () => {
        const job = await t.service.queues.inbound.getJob(inboundJobId('simulator', failing));
        return job && job.attemptsMade >= 1 ? job : undefined;
      }, 10_000, 'the turn to fail');
      expect(await resultsOf(caseId)).toEqual([]);
      expect(await t.service.db.contact.count({ where: { channelMessageId: failing } })).toBe(0);
    } finally {
      await sql('DROP TRIGGER refuse_message ON "Contact"; DROP FUNCTION refuse_message()');
    }

    await eventually(async () => ((await received(phone)).length > opening.length ? true : undefined), 15_000, 'the retried turn');
    await queuesIdle(t.service.queues);
    expect(await resultsOf(caseId)).toEqual([{ flowId: 'primer-contacto', name: 'buen_momento', category: 'si' }]);
  });
});
