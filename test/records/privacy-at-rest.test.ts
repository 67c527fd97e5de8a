import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInterventionsCommand } from '../../src/cli/records/import-interventions-command.js';
import { seedDemoDataCommand } from '../../src/cli/records/seed-demo-data-command.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { createRecordsContext, fixedClock, TABLES, type RecordsContext } from './support/records-context.js';
import { captureIo } from './support/capture-io.js';
import { interventionsCsv, row } from './support/csv-rows.js';
import { e164 } from '../../src/app/phone-number.js';

const KEYS = { k2: randomBytes(32), k1: randomBytes(32) };
const ENV = {
  DATA_KEYS: `k2:${KEYS.k2.toString('base64')},k1:${KEYS.k1.toString('base64')}`,
  PHONE_HASH_KEY: randomBytes(32).toString('base64'),
  MIGRATE_ON_START: 'false',
};
const NUMBERS = ['+529984400001', '+529984400002', '+529833300003'];
const TEXTS = ['Hola, ¿es buen momento para platicar? Responde 1 (sí) o 2 (no).', '¿Cómo te has sentido estos días?', 'si, ahorita puedo'];

let ctx: RecordsContext;
let dir: string;

beforeAll(async () => {
  ctx = await createRecordsContext(ENV);
  dir = await mkdtemp(join(tmpdir(), 'acompana-privacy-'));
});

afterAll(async () => {
  await ctx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const io = () => captureIo(ctx, { env: { DATABASE_URL: ctx.database.url, ...ENV }, clock: fixedClock('2026-05-01T12:00:00Z') });

/** Every representation a number could take in a dump: E.164, without +, national ten digits. */
function forms(number: string): string[] {
  return [number, number.slice(1), number.slice(-10)];
}

/** Each table's rows as text, with every bytea column read as UTF-8 and Latin-1 too. */
async function rawText(): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    for (const rowValues of await ctx.sql<Record<string, unknown>>(`SELECT * FROM "${table}"`)) {
      for (const value of Object.values(rowValues)) {
        if (Buffer.isBuffer(value)) parts.push(value.toString('utf8'), value.toString('latin1'), value.toString('hex'));
        else parts.push(typeof value === 'string' ? value : JSON.stringify(value));
      }
    }
  }
  return parts.join('\n');
}

describe('privacy at rest', () => {
  it('keeps no plain number and no message text in any table after an import and a demo seed', async () => {
    const file = join(dir, 'intervenciones.csv');
    await writeFile(
      file,
      interventionsCsv([
        row({ folio: 'P-1', telefono: NUMBERS[0], alias: 'Marisol', consentimiento_seguimiento: 'si' }),
        row({ folio: 'P-2', telefono: NUMBERS[1], consentimiento_seguimiento: 'si' }),
        row({ folio: 'P-3', telefono: NUMBERS[2], consentimiento_seguimiento: 'no', banavim_folio: 'BNV-3' }),
      ]),
    );
    expect(await importInterventionsCommand([file], io())).toBe(0);
    expect(await seedDemoDataCommand([], io())).toBe(0);
    expect(await ctx.db.contact.count({ where: { textCipher: { not: null } } })).toBeGreaterThan(100);

    const dump = await rawText();
    const demoNumbers = (await ctx.db.survivor.findMany({ where: { phoneCipher: { not: null } } })).map((s) => ctx.privacy.cipher.decrypt(s.phoneCipher!));
    expect(demoNumbers.length).toBeGreaterThan(50);
    for (const number of [...NUMBERS, ...demoNumbers]) {
      for (const form of forms(number)) {
        expect(dump.includes(form), `a form of a phone number (${form.length} digits) is in the raw tables`).toBe(false);
        expect(dump.includes(Buffer.from(form).toString('hex')), 'a phone number is in a bytea column').toBe(false);
      }
    }
    for (const text of TEXTS) {
      expect(dump.includes(text), 'a message text is in the raw tables').toBe(false);
      expect(dump.includes(Buffer.from(text).toString('hex')), 'a message text is in a bytea column').toBe(false);
    }
    // The alias is the pseudonym she chose: stored as it is, so staff can call her by it.
    expect(dump).toContain('Marisol');
  });

  it('looks numbers up by keyed hash and stores the key id in each ciphertext, so keys can rotate', async () => {
    const [survivor] = await ctx.sql<{ phoneHash: string; phoneCipher: Buffer }>(
      'SELECT "phoneHash", "phoneCipher" FROM "Survivor" WHERE "phoneHash" = $1',
      [ctx.privacy.hashPhone(e164.parse(NUMBERS[0]!))],
    );
    expect(survivor!.phoneHash).toMatch(/^[0-9a-f]{64}$/);
    expect(survivor!.phoneCipher.subarray(0, 4)).toEqual(Buffer.from([1, 2, ...Buffer.from('k2')]));
    const [contact] = await ctx.sql<{ textCipher: Buffer }>('SELECT "textCipher" FROM "Contact" WHERE "textCipher" IS NOT NULL LIMIT 1');
    expect(contact!.textCipher.subarray(2, 4).toString()).toBe('k2');
    // After the next rotation (k3 first, k2 kept to decrypt) the stored values still open.
    const rotated = new FieldCipher([{ id: 'k3', key: randomBytes(32) }, { id: 'k2', key: KEYS.k2 }]);
    expect(rotated.decrypt(survivor!.phoneCipher)).toBe(NUMBERS[0]);
  });
});

describe('logs', () => {
  it('name the line and column of bad rows but never a number or an alias from the file', async () => {
    const before = ctx.logText().length;
    const file = join(dir, 'con-errores.csv');
    await writeFile(
      file,
      [
        'folio,fecha_hora,servicio,vertiente,canal,telefono,alias,consentimiento_seguimiento,banavim_folio',
        'E-1,2026-02-01T10:00:00-05:00,psicologica,intervencion_12_48h,telefono_911,440 0009,Rocío,si,',
        'E-2,2026-02-01T10:00:00-05:00,+5219984400010,intervencion_12_48h,telefono_911,,,si,',
        'E-3,2026-02-01T10:00:00-05:00,psicologica,intervencion_12_48h,telefono_911,+5219984400011,Llámame al 9984400012,si,',
        'E-4,"2026-02-01T10:00:00-05:00,psicologica',
      ].join('\n'),
    );
    const run = io();
    expect(await importInterventionsCommand([file], run)).toBe(1);
    const log = ctx.logText().slice(before);
    const printed = run.err();
    // The log in English (for developers), the message in Spanish (for staff).
    expect(log).toContain('line 2: telefono: must be a 10-digit number such as 998 555 0101');
    expect(log).toContain('line 3: servicio: must be juridica or psicologica');
    expect(log).toContain('line 4: alias: must not contain a phone number');
    expect(log).toContain('line 5: archivo: a quoted value is never closed');
    expect(printed).toContain('línea 2: telefono: debe ser un número de 10 dígitos como 998 555 0101');
    expect(printed).toContain('línea 3: servicio: debe ser Jurídica o Psicológica');
    expect(printed).toContain('línea 4: alias: no debe contener un número de teléfono');
    expect(printed).toContain('línea 5: archivo: unas comillas abren un valor y nunca lo cierran');
    for (const output of [log, printed]) {
      for (const secret of ['440 0009', '4400009', '5219984400010', '9984400010', '5219984400011', '9984400012', 'Rocío', 'Llámame']) {
        expect(output.includes(secret), 'a value from the file reached the output').toBe(false);
      }
    }
    expect(JSON.parse(log.trim().split('\n').at(-1)!)).toMatchObject({ level: 40, problemCount: 4, msg: 'interventions file refused: nothing imported' });
    expect(await ctx.db.intervention.count({ where: { folio: { startsWith: 'E-' } } })).toBe(0);
  });

  it('carry counts, not numbers, when an import succeeds', async () => {
    const before = ctx.logText().length;
    const file = join(dir, 'bueno.csv');
    await writeFile(file, interventionsCsv([row({ folio: 'OK-1', telefono: '+5219984400020', alias: 'Itzel', consentimiento_seguimiento: 'si' })]));
    expect(await importInterventionsCommand([file], io())).toBe(0);
    const log = ctx.logText().slice(before);
    expect(log).toContain('"created":1');
    expect(log).not.toMatch(/9984400020|Itzel/);
  });
});
