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
    expect(lines[2]).toBe('1 pending: 0 ready, 0 without fields, 1 without consent.');
  });

  it('exports to a file only its owner can read', async () => {
    const out = join(dir, 'pendientes.csv');
    const io = captureIo(ctx);
    expect(await banavimCommand(['export', '--format', 'csv', '--out', out, '--staff', 'coordinacion@test.invalid'], io)).toBe(0);
    expect(io.out()).toBe(`${out}: 1 pending cases, 0 with their fields.\n`);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect((await readFile(out, 'utf8')).split('\r\n')[0]).toContain('case_id,folio,fecha_intervencion,estado');
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'banavim.export' } });
    expect(audit.staffId).not.toBeNull();
  });

  it('marks a case registered by its unit folio', async () => {
    const io = captureIo(ctx);
    expect(await banavimCommand(['register', 'QR-1', 'BNV-1'], io)).toBe(0);
    expect(io.out()).toMatch(/^Case [0-9a-f-]{36} registered in BANAVIM with folio BNV-1\.\n$/);
    const again = captureIo(ctx);
    expect(await banavimCommand(['register', 'QR-1', 'BNV-3'], again)).toBe(1);
    expect(again.err()).toContain('already registered with another folio (BNV-1)');
  });

  it('explains how it is used, and refuses an unknown staff member', async () => {
    const io = captureIo(ctx);
    expect(await banavimCommand(['registrar'], io)).toBe(2);
    expect(io.err()).toContain('acompana banavim register CASE_ID|FOLIO BANAVIM_FOLIO');
    const staff = captureIo(ctx);
    expect(await banavimCommand(['list', '--staff', 'nadie@test.invalid'], staff)).toBe(2);
    expect(staff.err()).toBe('acompana: --staff: no active staff member has that email\n');
  });
});
