/**
 * Every console page, in headless Debian Chromium at a laptop's and a tablet's width, checked with
 * axe-core: no serious or critical violation. Along the way, what staff rely on at a unit's workload:
 * the inbox search, the calendar grid, Mis sesiones with the video link, Enviar ahora, the report page
 * styled under the CSP, and the conversation opening at its newest message with the alerts and the
 * composer first on a tablet. Screenshots go to test-artifacts/console/ (the staff guide shows them).
 */
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { DateTime } from 'luxon';
import { UNIT_TIME_ZONE } from '../../src/engine/unit-time-zone.js';
import type { E164 } from '../../src/app/phone-number.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { createStaffAccount, TEST_PASSWORD } from '../support/console-client.js';
import { artifactsDir, launchChromium } from '../support/chromium.js';

// Each test signs in and runs axe on several pages in a real browser: more than the default 30 s on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const WIDTHS = { laptop: { width: 1280, height: 800 }, tableta: { width: 768, height: 1024 } } as const;
type Width = keyof typeof WIDTHS;

let t: TestService;
let artifacts: string;
let browser: Browser;
let base: string;
let luz: string;
let anaId: string;
let checkInId: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  artifacts = await artifactsDir('console');
  t = await startTestService({ env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none', WORKING_HOURS: '1-5 09:00-17:00' } });
  const db = t.service.db;
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  anaId = await createStaffAccount(db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana Pérez' });
  await createStaffAccount(db, { role: 'coordinator', email: 'coord@unidad.test', displayName: 'Carmen Díaz' });
  await createStaffAccount(db, { role: 'admin', email: 'admin@unidad.test', displayName: 'Administración' });
  luz = (await createConsentingCase(db, privacy, { interventionAt: new Date(), alias: 'Luz' })).caseId;
  await db.case.update({ where: { id: luz }, data: { folio: 'QR-2026-0412', assignedStaffId: anaId, urgency: 'urgent', attention: 'waiting_person', attentionReason: 'Palabra de emergencia', attentionSince: new Date() } });
  await db.alert.create({ data: { caseId: luz, kind: 'emergency_word', urgency: 'urgent', reason: 'Palabra de emergencia' } });
  // A long history: the conversation must open at its newest message, with a link to the earlier ones.
  for (let i = 0; i < 60; i += 1) {
    await db.contact.create({
      data: {
        caseId: luz,
        direction: i % 2 === 0 ? 'inbound' : 'outbound',
        channel: 'simulator',
        author: i % 2 === 0 ? 'survivor' : 'bot',
        status: i % 2 === 0 ? 'received' : 'delivered',
        textCipher: privacy.cipher.encrypt(`Mensaje número ${i + 1}`),
        createdAt: new Date(Date.now() - (60 - i) * 60_000),
      },
    });
  }
  for (let i = 0; i < 30; i += 1) {
    const c = await createConsentingCase(db, privacy, { interventionAt: new Date(), alias: `Persona ${i + 1}` });
    await db.case.update({ where: { id: c.caseId }, data: { folio: `QR-2026-${String(1000 + i)}`, assignedStaffId: i % 2 === 0 ? anaId : null } });
  }
  // The numbers that write on "Números sin caso" are those of women whose follow-up ended.
  for (const [index, phone] of ['+529981119001', '+529981119002'].entries()) {
    const ended = await createConsentingCase(db, privacy, { interventionAt: new Date(), alias: `Terminó ${index + 1}` });
    await db.survivor.update({ where: { id: ended.survivorId }, data: { phoneHash: privacy.hashPhone(phone as E164), phoneCipher: privacy.cipher.encrypt(phone) } });
    await db.case.update({ where: { id: ended.caseId }, data: { status: 'closed', closedAt: new Date(), folio: `QR-2026-09${index}0` } });
  }
  const due = new Date(Date.now() + 5 * 86_400_000);
  checkInId = (await db.checkIn.create({ data: { caseId: luz, planItem: 'dia_7', flowId: 'seguimiento', dueAt: due, plannedAt: due } })).id;
  // A session today (started ten minutes ago, or at midnight in Cancún when that was yesterday) and one next week.
  const started = new Date(Math.max(Date.now() - 10 * 60_000, DateTime.now().setZone(UNIT_TIME_ZONE).startOf('day').toMillis()));
  await db.appointment.create({ data: { caseId: luz, staffId: anaId, startsAt: started, endsAt: new Date(started.getTime() + 50 * 60_000), status: 'confirmed', videoRoom: 'sala-prueba-hoy-0123456789' } });
  const later = new Date(Date.now() + 7 * 86_400_000);
  await db.appointment.create({ data: { caseId: luz, staffId: anaId, startsAt: later, endsAt: new Date(later.getTime() + 50 * 60_000), status: 'proposed', videoRoom: 'sala-prueba-luego-012345678' } });
  base = await t.service.server.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await t?.stop();
});

const signedInContexts = new Map<string, BrowserContext>();

/** A page of a browser signed in as `email` at `width`; each person signs in once per width (sign-in is throttled). */
async function signedIn(email: string, width: Width): Promise<Page> {
  const known = signedInContexts.get(`${email} ${width}`);
  if (known) {
    const page = await known.newPage();
    await page.goto(`${base}/`);
    return page;
  }
  const context = await browser.newContext({ viewport: WIDTHS[width], locale: 'es-MX', timezoneId: 'America/Cancun' });
  contexts.push(context);
  signedInContexts.set(`${email} ${width}`, context);
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Correo').fill(email);
  await page.getByLabel('Contraseña').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** Whether the first element matching `first` is drawn above the first matching `then` (null while either is missing). */
const above = (page: Page, first: string, then: string) =>
  page.evaluate(
    `(() => { const a = document.querySelector(${JSON.stringify(first)}); const b = document.querySelector(${JSON.stringify(then)});
      return a && b && a.offsetParent && b.offsetParent ? a.getBoundingClientRect().top < b.getBoundingClientRect().top : null; })()`,
  );

/** Runs axe-core on the page; fails with the rule ids and targets of any serious or critical violation. */
async function checkAccessible(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (serious.length > 0) throw new Error(`${name} (${page.url()}): ${serious.join('; ')}`);
  expect(results.passes.length).toBeGreaterThan(0);
}

describe.each(Object.keys(WIDTHS) as Width[])('every console page at %s width', (width) => {
  it('the sign-in page', async () => {
    const context = await browser.newContext({ viewport: WIDTHS[width], locale: 'es-MX' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await checkAccessible(page, `a11y-${width}-login`);
  });

  it('the coordinator’s inbox, searched by folio, then the conversation with Enviar ahora', async () => {
    const page = await signedIn('coord@unidad.test', width);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    await checkAccessible(page, `a11y-${width}-bandeja`);
    await page.getByLabel('Buscar por folio, nombre o número de caso').fill('0412');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.waitForURL(/q=0412/);
    expect(await page.locator('li.fila').count()).toBe(1);
    await expect(page.locator('li.fila').textContent()).resolves.toContain('Folio QR-2026-0412');
    await checkAccessible(page, `a11y-${width}-bandeja-busqueda`);

    await page.goto(`${base}/?seccion=bot`);
    await checkAccessible(page, `a11y-${width}-bandeja-seccion`);

    await page.goto(`${base}/casos/${luz}`);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    expect(await page.locator(`form[action$="/seguimientos/${checkInId}/enviar"]`).count()).toBe(1);
    await checkAccessible(page, `a11y-${width}-caso-coordinacion`);

    // Her code word, recorded through its form: the page then says she has one, never the word.
    await page.locator('details.palabra-clave-editar summary').click();
    await page.getByLabel('Palabra clave acordada').fill('Mariposa azul');
    await page.getByRole('button', { name: 'Guardar palabra clave' }).click();
    await page.getByText('Palabra clave guardada.', { exact: false }).waitFor();
    await expect(page.locator('#titulo-palabra-clave + p').textContent()).resolves.toContain('Tiene una palabra clave acordada.');
    expect(await page.content()).not.toContain('Mariposa azul');
    // Every form of the panel unfolded, for axe to see them.
    for (const folded of ['details.datos-editar', 'details.palabra-clave-editar', 'details.horario-editar']) await page.locator(`${folded} summary`).click();
    await checkAccessible(page, `a11y-${width}-caso-formularios`);
  });

  it('the coordinator’s calendar: week, day, and a refused booking with its alternatives', async () => {
    const page = await signedIn('coord@unidad.test', width);
    await page.goto(`${base}/calendario?psicologa=${anaId}`);
    await page.locator('#en-vivo').waitFor();
    expect(await page.locator('table.rejilla').count()).toBe(1);
    await checkAccessible(page, `a11y-${width}-calendario-semana`);
    await page.goto(`${base}/calendario?psicologa=${anaId}&vista=dia`);
    await checkAccessible(page, `a11y-${width}-calendario-dia`);
    await page.goto(`${base}/calendario?psicologa=${anaId}`);
    await page.getByLabel('Buscar a la persona (folio o nombre)').fill('QR-2026-0412');
    await expect(page.getByLabel('Persona', { exact: true }).inputValue()).resolves.toBe(luz);
    // A Sunday, outside Ana's hours: refused, saying which rule, and three times that fit.
    const sunday = new Date(Date.now() + 14 * 86_400_000);
    sunday.setUTCDate(sunday.getUTCDate() + ((7 - sunday.getUTCDay()) % 7));
    await page.getByLabel('Inicio (hora de Cancún)').fill(`${sunday.toISOString().slice(0, 10)}T10:00`);
    await page.getByRole('button', { name: 'Agendar', exact: true }).click();
    await page.locator('.rechazo').waitFor();
    await expect(page.locator('.rechazo').textContent()).resolves.toContain('Fuera del horario de la psicóloga');
    expect(await page.locator('.rechazo button').count()).toBe(3);
    await expect(page.getByLabel('Persona', { exact: true }).inputValue()).resolves.toBe(luz);
    await checkAccessible(page, `a11y-${width}-calendario-rechazo`);
  });

  it('the numbers without a case: the list, an emergency first, and one number with its actions', async () => {
    const from = width === 'laptop' ? '+529981119001' : '+529981119002';
    const sent = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from, text: 'Soy yo, cambié de teléfono. AYUDA', id: `a11y-unknown-${width}` } });
    expect(sent.statusCode).toBe(202);
    const page = await signedIn('coord@unidad.test', width);
    await page.goto(`${base}/`);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    const count = async () => Number(/(\d+) números? sin caso/.exec((await page.locator('#aviso-desconocidos').textContent()) ?? '')?.[1] ?? 0);
    const before = await count();
    // Another number writes while the inbox is open: the count is redrawn live.
    await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: width === 'laptop' ? '+529981119011' : '+529981119012', text: 'hola', id: `a11y-unknown-${width}-2` } });
    await expect.poll(count, { timeout: 10_000 }).toBe(before + 1);
    await page.getByRole('link', { name: /números? sin caso por revisar/ }).click();
    await page.locator('h1', { hasText: 'Números sin caso' }).waitFor();
    await checkAccessible(page, `a11y-${width}-desconocidos`);
    await page.getByRole('link', { name: 'Número 1', exact: true }).click();
    await page.getByText('Soy yo, cambié de teléfono. AYUDA').waitFor();
    await checkAccessible(page, `a11y-${width}-desconocido`);
    // The emergency reply promised her a person: a coordinator writes to her from the page.
    await page.getByLabel('Mensaje', { exact: true }).fill('Hola, soy Lucía. ¿Puedes platicar ahora?');
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await page.getByText('Tu mensaje quedó en cola para enviarse').waitFor();
    await page.getByText('Hola, soy Lucía. ¿Puedes platicar ahora?').waitFor();
    await checkAccessible(page, `a11y-${width}-desconocido-escrito`);
    // The number is a woman's whose follow-up ended: her case opens again, waiting for a person.
    await page.getByRole('heading', { name: 'Su seguimiento terminó' }).waitFor();
    await page.getByRole('button', { name: 'Reabrir su seguimiento' }).click();
    await page.getByText('Seguimiento reabierto').waitFor();
    await checkAccessible(page, `a11y-${width}-caso-reabierto`);
  });

  it('the reports page, styled by its stylesheet file under the CSP', async () => {
    const page = await signedIn('coord@unidad.test', width);
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    await page.getByRole('link', { name: 'Reportes' }).click();
    await page.waitForURL(/\/reports/);
    expect(await page.locator('main').evaluate((main) => (main.ownerDocument.defaultView as unknown as { getComputedStyle(e: unknown): { maxWidth: string } }).getComputedStyle(main).maxWidth)).not.toBe('none');
    expect(blocked).toEqual([]);
    expect(await page.getByRole('link', { name: 'Volver a la consola' }).count()).toBe(1);
    await checkAccessible(page, `a11y-${width}-reportes`);
  });

  it('the psychologist’s inbox, conversation and Mis sesiones', async () => {
    const page = await signedIn('ana@unidad.test', width);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    await checkAccessible(page, `a11y-${width}-bandeja-psicologa`);

    await page.goto(`${base}/casos/${luz}`);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    const list = page.locator('#mensajes');
    // Opens at the newest message.
    await expect
      .poll(() => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight))
      .toBeLessThan(5);
    await expect(page.locator('#mensajes li').last().textContent()).resolves.toContain('Mensaje número 60');
    await expect(page.locator('#mensajes').textContent()).resolves.not.toContain('Mensaje número 10');
    // The earlier messages on demand, opening at the message she was reading.
    await page.getByRole('link', { name: 'Ver mensajes anteriores' }).click();
    await page.waitForURL(/antes=/);
    await expect(page.locator('#mensajes li').first().textContent()).resolves.toContain('Mensaje número 1');
    const readingInView = `(() => { const li = [...document.querySelectorAll('#mensajes li')].find((m) => m.textContent.includes('Mensaje número 11'));
      const box = li.getBoundingClientRect(); return box.top >= 0 && box.bottom <= window.innerHeight; })()`;
    await expect.poll(() => page.evaluate(readingInView)).toBe(true);
    await page.goto(`${base}/casos/${luz}`);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    if (width === 'tableta') {
      await expect.poll(() => above(page, '.caso__alertas', '.historial')).toBe(true);
      await page.getByRole('button', { name: 'Tomar la conversación' }).click();
      await page.waitForURL(/hecho=tomada/);
      await page.locator('#texto').waitFor();
      // Taking over may settle the alert; the composer now comes before the history.
      await expect.poll(() => above(page, '#redactor', '.historial')).toBe(true);
    }
    await checkAccessible(page, `a11y-${width}-caso`);

    await page.getByRole('link', { name: 'Mis sesiones' }).click();
    await page.waitForURL(/mis-sesiones/);
    await expect(page.locator('input[id^="enlace-"]').inputValue()).resolves.toContain('sala-prueba-hoy-0123456789');
    expect(await page.locator('input[value*="sala-prueba-luego"]').count()).toBe(0);
    expect(await page.locator(`a[href="/casos/${luz}"]`).count()).toBe(2);
    await checkAccessible(page, `a11y-${width}-mis-sesiones`);

    await page.goto(`${base}/cuenta/contrasena`);
    await checkAccessible(page, `a11y-${width}-contrasena`);
    await page.goto(`${base}/casos/00000000-0000-7000-8000-000000000000`);
    await checkAccessible(page, `a11y-${width}-error`);
  });

  it('the admin’s accounts page and the audit log', async () => {
    const page = await signedIn('admin@unidad.test', width);
    await page.waitForURL(/\/admin\/personal/);
    expect(await page.getByRole('link', { name: 'Reportes' }).count()).toBe(1);
    await checkAccessible(page, `a11y-${width}-personal`);
    await page.getByRole('link', { name: 'Registro de accesos' }).click();
    await page.waitForURL(/\/admin\/registro/);
    // Every sign-in of the run is in it.
    await expect(page.locator('table.registro').count()).resolves.toBe(1);
    expect(await page.getByRole('cell', { name: 'Inició sesión' }).count()).toBeGreaterThan(0);
    await checkAccessible(page, `a11y-${width}-registro`);
  });
});
