import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInterventionsCommand } from '../../src/cli/records/import-interventions-command.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { createTestDatabase } from '../support/test-database.js';
import { interventionsCsv, row } from './support/csv-rows.js';

const HOUR = 3600 * 1000;
/** Every hour allowed, so the overdue first contact goes out as soon as the service arms it. */
const HOURS = { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none' };
const PHONE = '+5219987000001';

let t: TestService;
let printed = '';

/** Writes an interventions file for one consenting survivor whose intervention was 13 hours ago. */
async function fileFor(folio: string, phone: string, alias: string): Promise<string> {
  // 13 hours ago: the first contact (12–48 h after) is due; the later ones are days away.
  const at = new Date(Date.now() - 13 * HOUR).toISOString().replace('Z', '+00:00');
  const file = join(tmpdir(), `intervenciones-${folio}-${process.pid}.csv`);
  await writeFile(file, interventionsCsv([row({ folio, telefono: phone, alias, consentimiento_seguimiento: 'si', fecha_hora: at })]));
  return file;
}

function commandIo(databaseUrl: string) {
  return {
    stdout: { write: (text: string) => (printed += text) },
    stderr: { write: (text: string) => (printed += text) },
    env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ...HOURS },
  };
}

async function received(phone: string): Promise<string[]> {
  return eventually(async () => {
    const res = await t.service.server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(phone)}` });
    const got = (res.json() as { text: string }[]).map((m) => m.text);
    return got.length > 0 ? got : undefined;
  }, 20_000, 'the imported first contact to reach her phone');
}

beforeAll(async () => {
  const database = await createTestDatabase();
  expect(await importInterventionsCommand([await fileFor('QR-SVC-1', PHONE, 'Marisol')], commandIo(database.url))).toBe(0);
  t = await startTestService({ database, env: { ...HOURS, RECONCILE_EVERY_SECONDS: '5' } });
});

afterAll(async () => {
  await t?.stop();
});

describe('a service started after an import', () => {
  it('finds the imported check-ins in the database, arms them and sends the one that is due', async () => {
    expect(printed).toContain('Casos que entran a seguimiento: 1 (5 mensajes de seguimiento programados');
    const checkIns = await t.service.db.checkIn.findMany({ orderBy: { dueAt: 'asc' } });
    expect(checkIns.map((c) => c.planItem)).toEqual(['primer_contacto', 'dia_3', 'dia_7', 'dia_15', 'dia_30']);

    // The reconciler ran at start: every scheduled one has its delayed job in Redis.
    const jobs = (await t.service.checkIns.deps.scheduler.scheduledJobs()).map((j) => j.checkInId);
    for (const later of checkIns.slice(1)) expect(jobs).toContain(later.id);

    const texts = await received(PHONE);
    expect(texts[0]).toContain('Marisol');
    const first = await t.service.db.checkIn.findUniqueOrThrow({ where: { id: checkIns[0]!.id } });
    expect(first).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('arms what an import adds while it runs, at its next reconciliation', async () => {
    const phone = '+5219987000002';
    expect(await importInterventionsCommand([await fileFor('QR-SVC-2', phone, 'Azucena')], commandIo(t.database.url))).toBe(0);
    const texts = await received(phone);
    expect(texts[0]).toContain('Azucena');
  });

  it('greets a survivor the 911 call left without an alias by no name: never by the staff\'s label "Sin alias"', async () => {
    const phone = '+5219987000004';
    expect(await importInterventionsCommand([await fileFor('QR-SVC-4', phone, '')], commandIo(t.database.url))).toBe(0);
    const survivor = await t.service.db.case.findUniqueOrThrow({ where: { folio: 'QR-SVC-4' }, include: { survivor: true } });
    expect(survivor.survivor.alias).toBe('Sin alias');
    const texts = await received(phone);
    expect(texts[0]).toMatch(/^Hola(,| amiga,) soy Ana\./);
    expect(texts.join(' ')).not.toContain('Sin alias');
  });

  it('finds her by the number WhatsApp reports, whichever form the 911 file used', async () => {
    const file = join(tmpdir(), `intervenciones-formas-${process.pid}.csv`);
    // The old mobile form, with spaces: WhatsApp reports this number as +529987000003.
    await writeFile(file, interventionsCsv([row({ folio: 'QR-SVC-3', telefono: '+52 1 998 700 0003', consentimiento_seguimiento: 'si', fecha_hora: '2026-01-15T10:00:00-05:00' })]));
    expect(await importInterventionsCommand([file], commandIo(t.database.url))).toBe(0);
    const imported = await t.service.db.case.findUniqueOrThrow({ where: { folio: 'QR-SVC-3' } });

    const sent = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: '+529987000003', text: 'Hola', id: 'formas-1' } });
    expect(sent.statusCode).toBe(202);
    const contact = await eventually(() => t.service.db.contact.findFirst({ where: { channelMessageId: 'formas-1' } }).then((c) => c ?? undefined), 10_000, 'her message');
    expect(contact).toMatchObject({ caseId: imported.id, unknownSenderId: null });
    expect(await t.service.db.unknownSender.count()).toBe(0);
  });
});
