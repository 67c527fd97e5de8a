import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banavimCommand } from '../../src/cli/records/banavim-command.js';
import { importInterventionsCommand } from '../../src/cli/records/import-interventions-command.js';
import { createRecordsContext, type RecordsContext } from './support/records-context.js';
import { captureIo } from './support/capture-io.js';
import { interventionsCsv, row } from './support/csv-rows.js';

let ctx: RecordsContext;
let dir: string;

beforeAll(async () => {
  ctx = await createRecordsContext();
  await ctx.db.staff.create({ data: { email: 'Coordinacion@Test.invalid', displayName: 'Coordinación', role: 'coordinator' } });
  dir = await mkdtemp(join(tmpdir(), 'acompana-banavim-'));
  const file = join(dir, 'intervenciones.csv');
  await writeFile(file, interventionsCsv([row({ folio: 'QR-1' }), row({ folio: 'QR-2', banavim_folio: 'BNV-2' })]));
  expect(await importInterventionsCommand([file, '--staff', 'coordinacion@test.invalid'], captureIo(ctx))).toBe(0);
});

afterAll(async () => {
  await ctx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('acompana banavim', () => {
  it('lists the pending cases with their state and no fields', async () => {
    const io = captureIo(ctx);
    expect(await banavimCommand(['list'], io)).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines[0]).toBe('folio\tcase_id\tfecha_intervencion\testado');
    expect(lines[1]).toMatch(/^QR-1\t[0-9a-f-]{36}\t2026-01-15T22:30:00.000-05:00\tsin_consentimiento$/);
    expect(lines[2]).toBe('1 pendientes: 0 listos, 0 sin datos, 1 sin consentimiento.');
  });

  it('exports to a new file only its owner can read', async () => {
    const out = join(dir, 'pendientes.csv');
    const io = captureIo(ctx);
    expect(await banavimCommand(['export', '--format', 'csv', '--out', out, '--staff', 'coordinacion@test.invalid'], io)).toBe(0);
    expect(io.out()).toBe(`${out}: 1 casos pendientes, 0 con sus datos.\n`);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect((await readFile(out, 'utf8')).split('\r\n')[0]).toContain('case_id,folio,fecha_intervencion,estado');
    const again = captureIo(ctx);
    expect(await banavimCommand(['export', '--format', 'csv', '--out', out], again)).toBe(2);
    expect(again.err()).toBe(`acompana: --out: ${out} ya existe; elige un archivo nuevo\n`);
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'banavim.export' } });
    expect(audit.staffId).not.toBeNull();
  });

  it('marks a case registered by its unit folio', async () => {
    const io = captureIo(ctx);
    expect(await banavimCommand(['register', 'QR-1', 'BNV-1'], io)).toBe(0);
    expect(io.out()).toMatch(/^Caso [0-9a-f-]{36} registrado en el BANAVIM con el folio BNV-1\.\n$/);
    const again = captureIo(ctx);
    expect(await banavimCommand(['register', 'QR-1', 'BNV-3'], again)).toBe(1);
    expect(again.err()).toContain('ya está registrado con otro folio (BNV-1)');
    const english = captureIo(ctx, { lang: 'en' });
    expect(await banavimCommand(['register', 'QR-1', 'BNV-3'], english)).toBe(1);
    expect(english.err()).toContain('already registered with another folio (BNV-1)');
  });

  it('explains how it is used, and refuses an unknown staff member', async () => {
    const io = captureIo(ctx);
    expect(await banavimCommand(['registrar'], io)).toBe(2);
    expect(io.err()).toContain('acompana banavim register ID_DEL_CASO|FOLIO FOLIO_BANAVIM');
    const staff = captureIo(ctx);
    expect(await banavimCommand(['list', '--staff', 'nadie@test.invalid'], staff)).toBe(2);
    expect(staff.err()).toBe('acompana: --staff: ninguna persona activa del equipo tiene ese correo\n');
  });
});
