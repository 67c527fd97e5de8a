import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.js';
import { ConsoleClient, createStaffAccount, csrfTokenOf, TEST_PASSWORD } from '../support/console-client.js';
import { adjustableClock } from '../support/adjustable-clock.js';

const clock = adjustableClock();
let t: TestService;
let psychologistId: string;

beforeAll(async () => {
  t = await startTestService({ clock });
  psychologistId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana' });
  await createStaffAccount(t.service.db, { role: 'admin', email: 'admin@unidad.test', displayName: 'Admin' });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'baja@unidad.test', active: false });
});

afterAll(async () => {
  await t?.stop();
});

beforeEach(() => clock.reset());

const client = () => new ConsoleClient(t.service.server);
const setCookie = (headers: Record<string, unknown>, name: string): string =>
  ([headers['set-cookie']].flat() as string[]).find((c) => c.startsWith(`${name}=`)) ?? '';
const auditOf = (action: string) => t.service.db.auditLog.findMany({ where: { action }, orderBy: { createdAt: 'asc' } });

describe('signing in', () => {
  it('shows a Spanish form with a CSRF token and an HTTP-only, SameSite=Strict CSRF cookie', async () => {
    const res = await client().get('/login');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<html lang="es-MX">');
    expect(res.body).toContain('<label for="password">Contraseña</label>');
    expect(csrfTokenOf(res.body).length).toBeGreaterThan(20);
    expect(setCookie(res.headers, 'acompana_csrf')).toMatch(/HttpOnly/);
    expect(setCookie(res.headers, 'acompana_csrf')).toMatch(/SameSite=Strict/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('opens a session: random token in an HTTP-only SameSite=Strict cookie, only its SHA-256 stored, audited', async () => {
    const c = client();
    const res = await c.signIn('Ana@Unidad.test ');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = setCookie(res.headers, 'acompana_sesion');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/);
    const token = c.cookies.get('acompana_sesion')!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const sessions = await t.service.db.staffSession.findMany({ where: { staffId: psychologistId } });
    expect(sessions.map((s) => s.tokenHash)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(sessions)).not.toContain(token);
    const audit = await auditOf('login.succeeded');
    expect(audit.at(-1)).toMatchObject({ staffId: psychologistId, subject: 'session' });

    const inbox = await c.get('/');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain('Bandeja');
    expect(inbox.body).toContain('Ana');
  });

  it('answers every failure with the same words, whether or not the email exists, and audits ids only', async () => {
    const wrong = await client().signIn('ana@unidad.test', 'no-es-la-contraseña');
    const unknown = await client().signIn('nadie@unidad.test', TEST_PASSWORD);
    const disabled = await client().signIn('baja@unidad.test', TEST_PASSWORD);
    for (const res of [wrong, unknown, disabled]) {
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('Correo o contraseña incorrectos.');
      expect(res.cookies.find((c) => c.name === 'acompana_sesion')).toBeUndefined();
    }
    const failed = await auditOf('login.failed');
    expect(failed.map((a) => (a.detail as { reason: string }).reason)).toEqual(
      expect.arrayContaining(['wrong_password', 'unknown_account', 'account_disabled']),
    );
    const everything = JSON.stringify(await t.service.db.auditLog.findMany());
    expect(everything).not.toContain('no-es-la-contraseña');
    expect(everything).not.toContain(TEST_PASSWORD);
    expect(everything).not.toContain('nadie@unidad.test');
    expect(t.logText()).not.toContain('no-es-la-contraseña');
  });

  it('throttles a sixth attempt within a minute for the same address and email, even with the right password', async () => {
    const c = client();
    for (let i = 0; i < 5; i += 1) expect((await c.signIn('ana@unidad.test', `mal-${i}-xxxxxxxx`)).statusCode).toBe(401);
    const throttled = await c.signIn('ana@unidad.test', TEST_PASSWORD);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.body).toContain('Demasiados intentos');
    expect(throttled.cookies.find((x) => x.name === 'acompana_sesion')).toBeUndefined();

    const otherEmail = await c.signIn('admin@unidad.test', TEST_PASSWORD);
    expect(otherEmail.statusCode).toBe(303);
    const otherAddress = await client().signIn('ana@unidad.test', TEST_PASSWORD);
    expect(otherAddress.statusCode).toBe(303);
  });

  it('refuses a sign-in without a valid CSRF token', async () => {
    const c = client();
    await c.get('/login');
    const missing = await c.request({ method: 'POST', url: '/login', form: { email: 'ana@unidad.test', password: TEST_PASSWORD } });
    expect(missing.statusCode).toBe(403);
    const forged = await c.request({ method: 'POST', url: '/login', form: { _csrf: 'abc', email: 'ana@unidad.test', password: TEST_PASSWORD } });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('El formulario caducó');
  });

  it('replaces the session when a signed-in person signs in again', async () => {
    const c = client();
    await c.signIn('ana@unidad.test');
    const first = createHash('sha256').update(c.cookies.get('acompana_sesion')!).digest('hex');
    const again = await c.post('/login', { email: 'ana@unidad.test', password: TEST_PASSWORD });
    expect(again.statusCode).toBe(303);
    expect(c.cookies.get('acompana_sesion')).toBeDefined();
    expect(createHash('sha256').update(c.cookies.get('acompana_sesion')!).digest('hex')).not.toBe(first);
    expect(await t.service.db.staffSession.findUnique({ where: { tokenHash: first } })).toBeNull();
  });

  it('sends admins to their accounts page and returns others to where they were going', async () => {
    expect((await client().signIn('admin@unidad.test')).headers.location).toBe('/admin/personal');
    const c = client();
    const redirect = await c.get('/casos/0193b5d6-3c1e-7000-8000-000000000000');
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/login?siguiente=%2Fcasos%2F0193b5d6-3c1e-7000-8000-000000000000');
    const page = await c.get(redirect.headers.location as string);
    c.csrf = csrfTokenOf(page.body);
    const res = await c.post('/login', { email: 'ana@unidad.test', password: TEST_PASSWORD, siguiente: '/casos/0193b5d6-3c1e-7000-8000-000000000000' });
    expect(res.headers.location).toBe('/casos/0193b5d6-3c1e-7000-8000-000000000000');
    const offsite = client();
    offsite.csrf = csrfTokenOf((await offsite.get('/login')).body);
    const evil = await offsite.post('/login', { email: 'ana@unidad.test', password: TEST_PASSWORD, siguiente: '//evil.example/x' });
    expect(evil.headers.location).toBe('/');
  });
});

describe('CSRF on state changes', () => {
  it('refuses a POST without a token, with a forged one, or with another session’s token', async () => {
    const ana = client();
    await ana.signIn('ana@unidad.test');
    const other = client();
    await other.signIn('ana@unidad.test');
    const url = '/casos/0193b5d6-3c1e-7000-8000-000000000000/tomar';

    expect((await ana.request({ method: 'POST', url, form: {} })).statusCode).toBe(403);
    expect((await ana.post(url, { _csrf: 'x'.repeat(40) })).statusCode).toBe(403);
    expect((await ana.post(url, { _csrf: other.csrf })).statusCode).toBe(403);
    const anonymous = csrfTokenOf((await client().get('/login')).body);
    expect((await ana.post(url, { _csrf: anonymous })).statusCode).toBe(403);
    // With her own token the request reaches the use case (no such case: 404).
    expect((await ana.post(url)).statusCode).toBe(404);
    expect((await ana.request({ method: 'POST', url, headers: { 'csrf-token': ana.csrf, accept: 'application/json' } })).statusCode).toBe(404);
  });
});

describe('signing out and expiry', () => {
  it('logout deletes the session row and the cookie', async () => {
    const c = client();
    await c.signIn('ana@unidad.test');
    const token = c.cookies.get('acompana_sesion')!;
    const hash = createHash('sha256').update(token).digest('hex');
    const res = await c.post('/logout');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
    expect(c.cookies.has('acompana_sesion')).toBe(false);
    expect(await t.service.db.staffSession.findUnique({ where: { tokenHash: hash } })).toBeNull();
    const again = new ConsoleClient(t.service.server);
    again.cookies.set('acompana_sesion', token);
    expect((await again.get('/')).statusCode).toBe(302);
  });

  it('ends a session after 30 minutes without activity; activity keeps it alive; live refreshes do not', async () => {
    const c = client();
    await c.signIn('ana@unidad.test');
    clock.advance(20 * 60_000);
    expect((await c.get('/')).statusCode).toBe(200);
    clock.advance(20 * 60_000);
    expect((await c.get('/')).statusCode).toBe(200);
    clock.advance(20 * 60_000);
    expect((await c.get('/api/bandeja')).statusCode).toBe(200);
    clock.advance(15 * 60_000);
    const expired = await c.get('/');
    expect(expired.statusCode).toBe(302);
    expect(expired.headers.location).toBe('/login?siguiente=%2F');
    expect(c.cookies.has('acompana_sesion')).toBe(false);
    expect((await c.get('/api/bandeja')).statusCode).toBe(401);
  });

  it('ends a session 12 hours after sign-in even when active, and deletes its row', async () => {
    const c = client();
    await c.signIn('ana@unidad.test');
    const hash = createHash('sha256').update(c.cookies.get('acompana_sesion')!).digest('hex');
    clock.advance(12 * 3_600_000 + 60_000);
    await t.service.db.staffSession.update({ where: { tokenHash: hash }, data: { lastSeenAt: clock.now() } });
    expect((await c.get('/')).statusCode).toBe(302);
    expect(await t.service.db.staffSession.findUnique({ where: { tokenHash: hash } })).toBeNull();
  });
});

describe('accounts', () => {
  it('lets an admin create staff (argon2id, audited) and disable them (their sessions end at once)', async () => {
    const admin = client();
    await admin.signIn('admin@unidad.test');
    const short = await admin.post('/admin/personal', { displayName: 'Beto', email: 'beto@unidad.test', role: 'psychologist', password: 'corta' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('al menos 12 caracteres');
    expect(short.body).toContain('value="beto@unidad.test"');

    const created = await admin.post('/admin/personal', {
      displayName: 'Beto',
      email: 'Beto@Unidad.test',
      role: 'psychologist',
      password: 'una-contraseña-nueva',
    });
    expect(created.statusCode).toBe(303);
    const beto = await t.service.db.staff.findUniqueOrThrow({ where: { email: 'beto@unidad.test' } });
    expect(beto.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await auditOf('staff.created')).at(-1)).toMatchObject({ subject: `staff:${beto.id}` });
    const duplicate = await admin.post('/admin/personal', { displayName: 'B', email: 'beto@unidad.test', role: 'admin', password: 'otra-contraseña-larga' });
    expect(duplicate.statusCode).toBe(409);
    expect((await admin.get('/admin/personal')).body).toContain('beto@unidad.test');

    const betoClient = client();
    expect((await betoClient.signIn('beto@unidad.test', 'una-contraseña-nueva')).statusCode).toBe(303);
    expect((await betoClient.get('/')).statusCode).toBe(200);

    const disabled = await admin.post(`/admin/personal/${beto.id}/desactivar`);
    expect(disabled.statusCode).toBe(303);
    // The admin is told what stays to be done: coordination moves her cases and sessions.
    expect((await admin.get(disabled.headers.location as string)).body).toContain('avisa a coordinación para que los pase a otra psicóloga');
    expect(await t.service.db.staffSession.count({ where: { staffId: beto.id } })).toBe(0);
    expect((await betoClient.get('/')).statusCode).toBe(302);
    expect((await client().signIn('beto@unidad.test', 'una-contraseña-nueva')).statusCode).toBe(401);
    expect((await auditOf('staff.disabled')).at(-1)).toMatchObject({ subject: `staff:${beto.id}` });
  });

  it('does not let an admin disable their own account', async () => {
    const admin = client();
    await admin.signIn('admin@unidad.test');
    const me = await t.service.db.staff.findUniqueOrThrow({ where: { email: 'admin@unidad.test' } });
    expect((await admin.post(`/admin/personal/${me.id}/desactivar`)).statusCode).toBe(409);
  });
});

describe('secure cookies behind https', () => {
  it('marks both cookies Secure when CONSOLE_SECURE_COOKIES is true', async () => {
    const secure = await startTestService({ env: { CONSOLE_SECURE_COOKIES: 'true' } });
    try {
      await createStaffAccount(secure.service.db, { role: 'psychologist', email: 'ana@unidad.test' });
      const c = new ConsoleClient(secure.service.server);
      const page = await c.get('/login');
      expect(setCookie(page.headers, 'acompana_csrf')).toMatch(/Secure/);
      const res = await c.signIn('ana@unidad.test');
      expect(setCookie(res.headers, 'acompana_sesion')).toMatch(/; Secure/);
    } finally {
      await secure.stop();
    }
  });
});
