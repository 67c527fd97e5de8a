/**
 * Finding a case in the inbox: by a piece of its folio, by alias, by the start of its case number;
 * filtered by section and psychologist; counted per section and paged. Never by her phone number or a
 * message she wrote. The page and `GET /api/bandeja` answer the same search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROWS_PER_PAGE, ROWS_PER_SECTION } from '../../src/app/console/inbox-search.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';

let t: TestService;
let coordination: ConsoleClient;
let ana: ConsoleClient;
let anaId: string;
let beaId: string;
let luz: { caseId: string; phone: string };
let rosa: { caseId: string; phone: string };
const BULK = ROWS_PER_PAGE + 7;

interface Answer {
  q: string | null;
  counts: Record<string, number>;
  sections: { section: string; total: number; page: number; pages: number; rows: { caseId: string; folio: string | null; alias: string }[] }[];
}

const ids = (answer: Answer) => answer.sections.flatMap((s) => s.rows.map((r) => r.caseId));

beforeAll(async () => {
  t = await startTestService();
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  anaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana Pérez' });
  beaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'bea@unidad.test', displayName: 'Bea Soto' });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test' });
  luz = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz' });
  await t.service.db.case.update({ where: { id: luz.caseId }, data: { folio: 'QR-2026-0412', assignedStaffId: anaId } });
  rosa = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Rosa María' });
  await t.service.db.case.update({ where: { id: rosa.caseId }, data: { folio: 'QR-2025-9001', assignedStaffId: beaId, attention: 'waiting_person', attentionSince: new Date() } });
  // A message of Luz's that names another woman: a search for it must not find Luz.
  await t.service.db.contact.create({
    data: { caseId: luz.caseId, direction: 'inbound', channel: 'simulator', author: 'survivor', status: 'received', textCipher: privacy.cipher.encrypt('Soy Marisol') },
  });
  for (let i = 0; i < BULK; i += 1) {
    const c = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: `Persona ${i}` });
    await t.service.db.case.update({ where: { id: c.caseId }, data: { folio: `BULK-${String(i).padStart(3, '0')}` } });
  }
  coordination = new ConsoleClient(t.service.server);
  await coordination.signIn('coord@unidad.test');
  ana = new ConsoleClient(t.service.server);
  await ana.signIn('ana@unidad.test');
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

async function api(client: ConsoleClient, query: string): Promise<Answer> {
  const res = await client.get(`/api/bandeja${query}`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('application/json');
  return res.json() as Answer;
}

describe('the inbox search', () => {
  it('finds a case by a piece of its folio, case-insensitively, and shows the folio', async () => {
    const answer = await api(coordination, '?q=qr-2026');
    expect(ids(answer)).toEqual([luz.caseId]);
    expect(answer.sections.flatMap((s) => s.rows)[0]).toMatchObject({ folio: 'QR-2026-0412', alias: 'Luz' });
    const page = await coordination.get('/?q=0412');
    expect(page.body).toContain('Folio QR-2026-0412');
    expect(page.body).not.toContain('Rosa María');
  });

  it('finds a case by alias and by the start of its case number', async () => {
    expect(ids(await api(coordination, '?q=rosa%20mar'))).toEqual([rosa.caseId]);
    expect(ids(await api(coordination, `?q=${rosa.caseId.slice(0, 13)}`))).toContain(rosa.caseId);
    expect(ids(await api(coordination, `?q=${rosa.caseId.toUpperCase()}`))).toEqual([rosa.caseId]);
  });

  it('never matches her phone number or what she wrote', async () => {
    expect(ids(await api(coordination, `?q=${encodeURIComponent(luz.phone)}`))).toEqual([]);
    expect(ids(await api(coordination, `?q=${luz.phone.slice(-7)}`))).toEqual([]);
    expect(ids(await api(coordination, '?q=Marisol'))).toEqual([]);
  });

  it('takes % and _ literally', async () => {
    expect(ids(await api(coordination, '?q=%25'))).toEqual([]);
    expect(ids(await api(coordination, '?q=BULK-_0'))).toEqual([]);
  });

  it('filters by section and by psychologist, and counts every section', async () => {
    const all = await api(coordination, '');
    expect(all.counts).toEqual({ urgent: 0, waiting: 1, held: 0, bot: BULK + 1 });
    const waiting = await api(coordination, '?seccion=waiting');
    expect(waiting.sections.map((s) => s.section)).toEqual(['waiting']);
    expect(ids(waiting)).toEqual([rosa.caseId]);
    expect(ids(await api(coordination, `?psicologa=${anaId}`))).toEqual([luz.caseId]);
    const unassigned = await api(coordination, '?psicologa=none');
    expect(unassigned.counts.bot).toBe(BULK);
  });

  it('shortens each section and pages a section shown alone', async () => {
    const all = await api(coordination, '');
    const bot = all.sections.find((s) => s.section === 'bot')!;
    expect(bot.rows).toHaveLength(ROWS_PER_SECTION);
    expect(bot.total).toBe(BULK + 1);
    const page = await coordination.get('/');
    expect(page.body).toContain(`Ver los ${BULK + 1} de «Con el bot»`);
    const first = await api(coordination, '?seccion=bot');
    const second = await api(coordination, '?seccion=bot&pagina=2');
    expect(first.sections[0]).toMatchObject({ page: 1, pages: 2 });
    expect(first.sections[0]!.rows).toHaveLength(ROWS_PER_PAGE);
    expect(second.sections[0]!.rows).toHaveLength(BULK + 1 - ROWS_PER_PAGE);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(BULK + 1);
  });

  it('shows a psychologist only her cases, whatever she searches', async () => {
    expect(ids(await api(ana, '?q=QR-'))).toEqual([luz.caseId]);
    expect(ids(await api(ana, `?psicologa=${beaId}`))).toEqual([]);
  });

  it('gives the live script the sections as HTML', async () => {
    const res = await coordination.get('/api/bandeja?q=Luz', { accept: 'text/html' });
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain(`id="caso-${luz.caseId}"`);
    expect(res.body).not.toContain('<html');
  });

  it('refuses a bad filter naming the field', async () => {
    const res = await coordination.get('/api/bandeja?seccion=todo');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'seccion' });
    expect((await coordination.get('/api/bandeja?psicologa=ana')).json()).toMatchObject({ field: 'psicologa' });
    expect((await coordination.get(`/api/bandeja?q=${'x'.repeat(101)}`)).json()).toMatchObject({ field: 'q' });
  });
});
