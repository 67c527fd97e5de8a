import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.js';
import { ConsoleClient, createStaffAccount, TEST_PASSWORD } from '../support/console-client.js';

let t: TestService;
let admin: ConsoleClient;
let adminId: string;

beforeAll(async () => {
  t = await startTestService();
  adminId = await createStaffAccount(t.service.db, { role: 'admin', email: 'jefa@unidad.test', displayName: 'Jefa' });
  admin = new ConsoleClient(t.service.server);
  expect((await admin.signIn('jefa@unidad.test')).statusCode).toBe(303);
});

afterAll(async () => {
  await t?.stop();
});

const json = { accept: 'application/json' };
const auditOf = (action: string, staffId: string) =>
  t.service.db.auditLog.findMany({ where: { action, subject: `staff:${staffId}` }, orderBy: { createdAt: 'asc' } });

/** The temporary password the admin's page shows once. */
function temporaryPasswordOn(page: string): string {
  const match = /<code class="temporal">([^<]+)<\/code>/.exec(page);
  if (!match) throw new Error('no temporary password on the page');
  return match[1]!;
}

describe('re-enabling a disabled account', () => {
  it('lets her sign in again, audited; the admin page offers it only for disabled accounts', async () => {
    const id = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'eva@unidad.test', displayName: 'Eva' });
    expect((await admin.post(`/admin/personal/${id}/desactivar`)).statusCode).toBe(303);
    expect((await new ConsoleClient(t.service.server).signIn('eva@unidad.test')).statusCode).toBe(401);
    const page = await admin.get('/admin/personal');
    expect(page.body).toContain(`action="/admin/personal/${id}/reactivar"`);
    expect(page.body).toContain('aria-label="Reactivar la cuenta de Eva"');
    expect(page.body).not.toContain(`action="/admin/personal/${id}/desactivar"`);

    const res = await admin.post(`/admin/personal/${id}/reactivar`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/personal?hecho=reactivada');
    expect((await t.service.db.staff.findUniqueOrThrow({ where: { id } })).active).toBe(true);
    expect(await auditOf('staff.enabled', id)).toEqual([expect.objectContaining({ staffId: adminId })]);
    expect((await new ConsoleClient(t.service.server).signIn('eva@unidad.test')).statusCode).toBe(303);
    // Again: nothing changes, nothing more audited.
    expect((await admin.post(`/admin/personal/${id}/reactivar`)).statusCode).toBe(303);
    expect(await auditOf('staff.enabled', id)).toHaveLength(1);
  });

  it('is refused without a CSRF token and to anyone but an admin', async () => {
    const id = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'fer@unidad.test', active: false });
    expect((await admin.post(`/admin/personal/${id}/reactivar`, { _csrf: 'falso' })).statusCode).toBe(403);
    await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coordina@unidad.test' });
    const coordinator = new ConsoleClient(t.service.server);
    await coordinator.signIn('coordina@unidad.test');
    expect((await coordinator.post(`/admin/personal/${id}/reactivar`)).statusCode).toBe(403);
    expect((await t.service.db.staff.findUniqueOrThrow({ where: { id } })).active).toBe(false);
    expect(await auditOf('staff.enabled', id)).toEqual([]);
  });
});

describe('resetting a staff member’s password', () => {
  let gabyId: string;
  let gaby: ConsoleClient;
  let temporary: string;

  beforeAll(async () => {
    gabyId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'gaby@unidad.test', displayName: 'Gaby' });
    gaby = new ConsoleClient(t.service.server);
    expect((await gaby.signIn('gaby@unidad.test')).statusCode).toBe(303);
  });

  it('shows a temporary password once, stores only its hash, ends her sessions and is audited without it', async () => {
    const res = await admin.post(`/admin/personal/${gabyId}/restablecer`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    temporary = temporaryPasswordOn(res.body);
    expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(res.body).toContain('Se muestra solo esta vez');
    const row = await t.service.db.staff.findUniqueOrThrow({ where: { id: gabyId } });
    expect(row.mustChangePassword).toBe(true);
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(temporary);
    expect(await t.service.db.staffSession.count({ where: { staffId: gabyId } })).toBe(0);
    expect((await gaby.get('/')).statusCode).toBe(302);
    const audit = await auditOf('staff.password_reset', gabyId);
    expect(audit).toEqual([expect.objectContaining({ staffId: adminId })]);
    expect(JSON.stringify(audit)).not.toContain(temporary);
    expect(t.logText()).not.toContain(temporary);
    // The list afterwards does not show it again.
    expect((await admin.get('/admin/personal')).body).not.toContain(temporary);
    // Her old password no longer opens.
    expect((await new ConsoleClient(t.service.server).signIn('gaby@unidad.test', TEST_PASSWORD)).statusCode).toBe(401);
  });

  it('lets her do nothing with the temporary password but choose her own', async () => {
    const res = await gaby.signIn('gaby@unidad.test', temporary);
    expect(res.statusCode).toBe(303);
    const home = await gaby.get('/');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/cuenta/contrasena');
    expect((await gaby.get('/api/bandeja')).json()).toMatchObject({ error: 'password_change_required' });
    expect((await gaby.get('/api/bandeja')).statusCode).toBe(403);
    const page = await gaby.get('/cuenta/contrasena');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Entraste con una contraseña temporal');
    expect(page.body).toContain('<label for="nueva">Contraseña nueva</label>');
  });

  it('refuses a wrong temporary password, a short one, the same one, or two that differ, naming the field', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ actual: 'no-es-la-temporal', nueva: 'mi-contraseña-nueva-1', confirmacion: 'mi-contraseña-nueva-1' }, 'actual', 'wrong_password'],
      [{ actual: temporary, nueva: 'corta', confirmacion: 'corta' }, 'nueva', 'password_too_short'],
      [{ actual: temporary, nueva: temporary, confirmacion: temporary }, 'nueva', 'password_unchanged'],
      [{ actual: temporary, nueva: 'mi-contraseña-nueva-1', confirmacion: 'mi-contraseña-nueva-2' }, 'confirmacion', 'invalid_request'],
    ];
    for (const [form, field, error] of cases) {
      const res = await gaby.post('/cuenta/contrasena', form, json);
      expect(res.statusCode, error).toBe(400);
      expect(res.json()).toMatchObject({ error, field });
    }
    // A field sent twice is named, in Spanish.
    const twice = await gaby.request({
      method: 'POST',
      url: '/cuenta/contrasena',
      payload: `_csrf=${encodeURIComponent(gaby.csrf)}&actual=a&actual=b&nueva=x&confirmacion=x`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...json },
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toMatchObject({ field: 'actual', message: 'Escribe tu contraseña actual una sola vez.' });
    const page = await gaby.post('/cuenta/contrasena', cases[0]![0]);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('La contraseña actual no es correcta.');
    expect((await t.service.db.staff.findUniqueOrThrow({ where: { id: gabyId } })).mustChangePassword).toBe(true);
    expect(await auditOf('staff.password_changed', gabyId)).toEqual([]);
  });

  it('takes her own password: the console opens, other sessions end, audited; the temporary one is gone', async () => {
    const elsewhere = new ConsoleClient(t.service.server);
    expect((await elsewhere.signIn('gaby@unidad.test', temporary)).statusCode).toBe(303);
    expect((await gaby.post('/cuenta/contrasena', { actual: temporary, nueva: 'mi-contraseña-nueva-1', confirmacion: 'mi-contraseña-nueva-1' }, { accept: 'text/html' })).headers.location).toBe('/');
    expect((await gaby.get('/')).statusCode).toBe(200);
    expect((await elsewhere.get('/')).statusCode).toBe(302);
    expect((await t.service.db.staff.findUniqueOrThrow({ where: { id: gabyId } })).mustChangePassword).toBe(false);
    expect(await auditOf('staff.password_changed', gabyId)).toEqual([expect.objectContaining({ staffId: gabyId })]);
    expect((await new ConsoleClient(t.service.server).signIn('gaby@unidad.test', temporary)).statusCode).toBe(401);
    expect((await new ConsoleClient(t.service.server).signIn('gaby@unidad.test', 'mi-contraseña-nueva-1')).statusCode).toBe(303);
  });

  it('is refused for her own account, without a CSRF token, and to anyone but an admin', async () => {
    expect((await admin.post(`/admin/personal/${adminId}/restablecer`, {}, json)).json()).toMatchObject({ error: 'cannot_reset_self' });
    expect((await admin.post(`/admin/personal/${gabyId}/restablecer`, { _csrf: 'falso' })).statusCode).toBe(403);
    expect((await gaby.post(`/admin/personal/${gabyId}/restablecer`)).statusCode).toBe(403);
    expect(await auditOf('staff.password_reset', gabyId)).toHaveLength(1);
    expect(await auditOf('staff.password_reset', adminId)).toEqual([]);
  });
});
