/**
 * The audit log read from the console by an admin: newest first, filtered by person, case and days,
 * paged, never showing what was sealed, refused to everyone else, and its own reading audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';

let t: TestService;
let admin: ConsoleClient;
let ana: ConsoleClient;
let adminId: string;
let anaId: string;
let luz: string;
const json = { accept: 'application/json' };

beforeAll(async () => {
  t = await startTestService({ env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none' } });
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  adminId = await createStaffAccount(t.service.db, { role: 'admin', email: 'jefa@unidad.test', displayName: 'Jefa' });
  anaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana Pérez' });
  admin = new ConsoleClient(t.service.server);
  ana = new ConsoleClient(t.service.server);
  await admin.signIn('jefa@unidad.test');
  await ana.signIn('ana@unidad.test');
  luz = (await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz', assignedStaffId: anaId })).caseId;
  await t.service.db.case.update({ where: { id: luz }, data: { folio: 'QR-2026-0777' } });
  // Ana opens Luz's case and reveals her number with a reason, which is sealed.
  expect((await ana.get(`/casos/${luz}`)).statusCode).toBe(200);
  expect((await ana.post(`/casos/${luz}/telefono`, { motivo: 'Llamada acordada con ella' })).statusCode).toBe(200);
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

interface Page {
  entries: { id: string; staffName: string | null; action: string; subject: string; caseFolio: string | null; detail: Record<string, unknown> }[];
  more: boolean;
}
const read = async (query: string) => {
  const res = await admin.get(`/admin/registro${query}`, json);
  expect(res.statusCode).toBe(200);
  return res.json() as Page;
};

describe('the audit log for admins', () => {
  it('lists who did what on which case, newest first, never with what was sealed', async () => {
    const { entries } = await read(`?persona=${anaId}`);
    expect(entries.map((e) => e.action).slice(0, 2)).toEqual(['case.phone_revealed', 'case.viewed']);
    expect(entries[0]).toMatchObject({ staffName: 'Ana Pérez', subject: `case:${luz}`, caseFolio: 'QR-2026-0777' });
    expect(entries[0]!.detail).not.toHaveProperty('sealed');
    expect(JSON.stringify(entries)).not.toContain('Llamada acordada');

    const page = await admin.get(`/admin/registro?caso=qr-2026-0777`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Vio el número de teléfono');
    expect(page.body).toContain('Caso QR-2026-0777');
    expect(page.body).toContain('Ana Pérez');
    expect(page.body).not.toContain('Llamada acordada');
  });

  it('names what each entry was about in Spanish', async () => {
    const day = new Date(Date.UTC(2024, 5, 1, 12));
    await t.service.db.auditLog.createMany({
      data: [
        { staffId: null, action: 'unknown_sender.viewed', subject: 'unknown:0193a1b2-0000-7000-8000-000000000001', createdAt: day },
        { staffId: null, action: 'report.view', subject: 'report', createdAt: day },
        { staffId: null, action: 'bulletin.view', subject: 'bulletin:0193a1b2-0000-7000-8000-000000000002', createdAt: day },
      ],
    });
    const page = await admin.get(`/admin/registro?desde=2024-06-01&hasta=2024-06-01`);
    expect(page.body).toContain('<td>Número sin caso 0193a1b2</td>');
    expect(page.body).toContain('<td>Reportes</td>');
    expect(page.body).toContain('<td>Boletín</td>');
  });

  it('reads each entry\'s detail in Spanish: keys, codes, flags, instants, and accounts by name', async () => {
    // Written by nobody in particular, on no real case, so the other tests' counts stay as they are.
    const day = new Date(Date.UTC(2024, 6, 1, 12));
    await t.service.db.auditLog.createMany({
      data: [
        { staffId: null, action: 'case.message_sent', subject: 'case:0193a1b2-0000-7000-8000-0000000000aa', detail: { via: 'console', contactId: '0193a1b2-0000-7000-8000-000000000003', what: 'message', deniedWord: 'fiscalía' }, createdAt: day },
        { staffId: null, action: 'case.details_changed', subject: 'case:0193a1b2-0000-7000-8000-0000000000aa', detail: { via: 'console', fields: ['alias', 'risk'] }, createdAt: day },
        { staffId: null, action: 'login.failed', subject: 'session', detail: { reason: 'wrong_password' }, createdAt: day },
        { staffId: null, action: 'audit.viewed', subject: 'audit', detail: { staffId: anaId, from: '2024-07-01T05:00:00.000Z' }, createdAt: day },
        { staffId: null, action: 'case.consent_recorded', subject: 'case:0193a1b2-0000-7000-8000-0000000000aa', detail: { purpose: 'video_call', granted: false, withdrawnMessages: 1200 }, createdAt: day },
      ],
    });
    const page = await admin.get(`/admin/registro?desde=2024-07-01&hasta=2024-07-01`);
    // PostgreSQL keeps a detail's keys shortest first.
    expect(page.body).toContain('<td class="detalle">desde: consola; qué: mensaje; mensaje: 0193a1b2; palabra de la lista confirmada: fiscalía</td>');
    expect(page.body).toContain('<td class="detalle">desde: consola; datos: alias, riesgo</td>');
    expect(page.body).toContain('<td class="detalle">motivo: contraseña incorrecta</td>');
    expect(page.body).toContain('<td class="detalle">desde el: 1 jul 2024, 00:00; persona: Ana Pérez</td>');
    expect(page.body).toContain('<td class="detalle">lo dio: no; consentimiento: videollamadas; mensajes retirados: 1,200</td>');
  });

  it('filters by case (folio or id) and by days, Cancún time', async () => {
    // Reading a case's entries is itself an entry about that case: left out when comparing.
    const ofStaff = (page: Page) => page.entries.filter((e) => e.action !== 'audit.viewed').map((e) => e.id);
    const byFolio = await read('?caso=QR-2026-0777');
    expect(ofStaff(byFolio).length).toBeGreaterThanOrEqual(2);
    expect(byFolio.entries.every((e) => e.subject === `case:${luz}`)).toBe(true);
    expect(ofStaff(await read(`?caso=${luz}`))).toEqual(ofStaff(byFolio));
    expect((await read('?hasta=2020-01-01')).entries).toEqual([]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Cancun' }).format(new Date());
    expect(ofStaff(await read(`?desde=${today}&hasta=${today}&caso=QR-2026-0777`))).toEqual(ofStaff(byFolio));
    expect(ofStaff(await read(`?hasta=2025-12-31&caso=QR-2026-0777`))).toEqual([]);
  });

  it('goes on page after page, without repeating or skipping an entry', async () => {
    // 230 entries of one account, beyond two pages of 100.
    const rows = Array.from({ length: 230 }, (_, i) => ({ staffId: adminId, action: 'report.view', subject: 'report', createdAt: new Date(Date.UTC(2025, 0, 1, 0, i)) }));
    await t.service.db.auditLog.createMany({ data: rows });
    const seen: string[] = [];
    let query = `?persona=${adminId}&hasta=2025-01-31`;
    for (let pages = 0; pages < 5; pages += 1) {
      const res = await admin.get(`/admin/registro${query}`);
      const ids = [...res.body.matchAll(/<td class="fecha">/g)].length;
      const json = (await admin.get(`/admin/registro${query}`, { accept: 'application/json' })).json() as Page;
      expect(json.entries).toHaveLength(ids);
      seen.push(...json.entries.map((e) => e.id));
      const next = /<a href="\/admin\/registro\?([^"]+)">Ver anteriores<\/a>/.exec(res.body)?.[1];
      if (!next) break;
      query = `?${next.replaceAll('&amp;', '&')}`;
    }
    expect(seen).toHaveLength(230);
    expect(new Set(seen).size).toBe(230);
  });

  it('is audited when read, and refused to everyone but admins', async () => {
    const before = await t.service.db.auditLog.count({ where: { action: 'audit.viewed', staffId: adminId } });
    await read(`?persona=${anaId}`);
    expect(await t.service.db.auditLog.count({ where: { action: 'audit.viewed', staffId: adminId } })).toBe(before + 1);
    expect((await ana.get('/admin/registro', json)).statusCode).toBe(403);
  });

  it('names a bad filter', async () => {
    const unknown = await admin.get('/admin/registro?caso=NO-EXISTE', json);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ field: 'caso' });
    const badDay = await admin.get('/admin/registro?desde=ayer', json);
    expect(badDay.statusCode).toBe(400);
    expect(badDay.json()).toMatchObject({ field: 'desde' });
  });
});
