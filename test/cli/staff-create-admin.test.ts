import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '@node-rs/argon2';
import { createDatabase, type Database } from '../../src/persistence/database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabase(database.url);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** Runs `acompana staff …` with `stdin` piped in. */
function acompana(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/acompana.mjs', 'staff', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('acompana staff create-admin', () => {
  it('creates an admin with the piped password, hashed with argon2id, and audits it', async () => {
    const result = await acompana(['create-admin', '--email', 'Jefa@Unidad.test', '--name', 'Jefa de unidad'], 'una frase larga y propia\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Cuenta de administración creada para jefa@unidad.test');
    expect(result.stdout).not.toContain('una frase larga y propia');
    const admin = await db.staff.findUniqueOrThrow({ where: { email: 'jefa@unidad.test' } });
    expect(admin).toMatchObject({ role: 'admin', displayName: 'Jefa de unidad', active: true });
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verify(admin.passwordHash!, 'una frase larga y propia')).toBe(true);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'staff.created', subject: `staff:${admin.id}` } });
    expect(audit).toMatchObject({ staffId: null, detail: { role: 'admin', via: 'cli' } });
  }, 120_000);

  it('speaks English with --lang en', async () => {
    const result = await acompana(['create-admin', '--email', 'english@unidad.test', '--name', 'English', '--lang', 'en'], 'una frase larga y propia\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Admin account created for english@unidad.test');
    expect(result.stdout).toContain('Sign in at http://localhost:');
  }, 120_000);

  it('generates a password when none is given and prints it once', async () => {
    const result = await acompana(['create-admin', '--email', 'otra@unidad.test', '--name', 'Otra'], '');
    expect(result.code).toBe(0);
    const printed = /se muestra solo esta vez: (\S+)/.exec(result.stdout)?.[1];
    expect(printed).toBeDefined();
    expect(printed!.length).toBeGreaterThanOrEqual(20);
    const admin = await db.staff.findUniqueOrThrow({ where: { email: 'otra@unidad.test' } });
    expect(await verify(admin.passwordHash!, printed!)).toBe(true);
  }, 60_000);

  it('refuses a short password, a taken email and missing arguments, creating nothing', async () => {
    const short = await acompana(['create-admin', '--email', 'corta@unidad.test', '--name', 'Corta'], 'corta\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('al menos 12 caracteres; no se creó nada');
    const taken = await acompana(['create-admin', '--email', 'jefa@unidad.test', '--name', 'Otra vez'], 'otra frase larga y propia\n');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('ya existe una cuenta con ese correo');
    const usage = await acompana(['create-admin', '--email', 'sin-nombre@unidad.test'], 'una frase larga y propia\n');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('uso: acompana staff create-admin');
    expect(usage.stderr).not.toMatch(/usage|must/);
    expect(await db.staff.count()).toBe(3);
  }, 120_000);

  it('names a wrong option in Spanish, and a wrong email in English with --lang en', async () => {
    const unknown = await acompana(['create-admin', '--correo', 'x@unidad.test'], '');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^acompana: opción no válida --correo\nuso: /);
    const english = await acompana(['create-admin', '--email', 'no-es-correo', '--name', 'X', '--lang', 'en'], '');
    expect(english.code).toBe(2);
    expect(english.stderr).toMatch(/^acompana: --email: must be an email address\nusage: acompana staff create-admin/);
  }, 120_000);
});
