/**
 * The check-in controls of the conversation page in headless Debian Chromium, driven from the keyboard
 * only: a coordinator adds a check-in, moves it and cancels it; the page's script sends each form in
 * place (no reload) and the section shows the result. Screenshots go to test-artifacts/console/.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { createStaffAccount, TEST_PASSWORD } from '../support/console-client.js';
import { artifactsDir, launchChromium, saveScreenshot } from '../support/chromium.js';

let t: TestService;
let browser: Browser;
let page: Page;
let base: string;
let caseId: string;
let artifacts: string;

/** A Monday at 10:00 and the Tuesday after at 11:30, Cancún, at least a week ahead: inside the default windows. */
const monday = DateTime.now().setZone('America/Cancun').plus({ weeks: 1 }).set({ weekday: 1, hour: 10, minute: 0, second: 0, millisecond: 0 });
const tuesday = monday.plus({ days: 1 }).set({ hour: 11, minute: 30 });

beforeAll(async () => {
  artifacts = await artifactsDir('console');
  t = await startTestService();
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test', displayName: 'Carmen' });
  ({ caseId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz' }));
  base = await t.service.server.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'es-MX', timezoneId: 'America/Cancun' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const focusedId = () => page.evaluate('document.activeElement && document.activeElement.id');
const checkIns = () => t.service.db.checkIn.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } });

/** Presses Tab until `isThere` says the focus arrived (fails after 80 presses). */
async function tabUntil(isThere: () => Promise<boolean>, what: string): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    if (await isThere()) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${what} is not reachable with the Tab key`);
}

/** Presses Tab until the element with `id` has the focus. */
const tabTo = (id: string) => tabUntil(async () => (await focusedId()) === id, `#${id}`);

/** Presses Tab until the button saying `label` has the focus. */
const tabToButton = (label: string) =>
  tabUntil(async () => (await page.evaluate('document.activeElement.tagName + ":" + document.activeElement.textContent')) === `BUTTON:${label}`, label);

describe('check-ins on the conversation page, from the keyboard', () => {
  it('adds a check-in in place, without reloading the page', async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel('Correo').fill('coord@unidad.test');
    await page.getByLabel('Contraseña').fill(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/casos/${caseId}`);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    await page.evaluate('window.sinRecargar = true');

    await tabTo('seguimiento-flujo');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('seguimiento-fecha');
    await page.locator('#seguimiento-fecha').fill(monday.toFormat("yyyy-MM-dd'T'HH:mm"));
    await tabToButton('Agregar');
    await page.keyboard.press('Enter');

    await page.locator('#seguimientos li', { hasText: 'Mover o cancelar' }).waitFor({ timeout: 5_000 });
    expect(await page.evaluate('window.sinRecargar')).toBe(true);
    expect(await focusedId()).toBe('titulo-seguimientos');
    const [row] = await checkIns();
    expect(row).toMatchObject({ status: 'scheduled', flowId: expect.any(String) });
    expect(row!.dueAt.getTime()).toBe(monday.toMillis());
    await saveScreenshot(page, artifacts, '09-seguimiento-agregado', 'coordinacion-seguimientos');
  });

  it('moves it, then cancels it, from the keyboard', async () => {
    const [row] = await checkIns();
    await tabTo('titulo-seguimientos');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.tagName')).toBe('SUMMARY');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe(`fecha-${row!.id}`);
    await page.locator(`#fecha-${row!.id}`).fill(tuesday.toFormat("yyyy-MM-dd'T'HH:mm"));
    await tabTo(`motivo-mover-${row!.id}`);
    await page.keyboard.type('Lo pidió ella');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await checkIns())[0]!.dueAt.getTime(), { timeout: 5_000 }).toBe(tuesday.toMillis());
    await page.locator('#seguimientos li', { hasText: 'Lo pidió ella' }).waitFor({ timeout: 5_000 });

    await tabTo('titulo-seguimientos');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await tabTo(`motivo-cancelar-${row!.id}`);
    await page.keyboard.type('Ya no hace falta');
    await page.keyboard.press('Enter');
    await page.locator('#seguimientos', { hasText: 'Ninguno programado.' }).waitFor({ timeout: 5_000 });
    expect((await checkIns())[0]).toMatchObject({ status: 'cancelled' });
    expect(await page.evaluate('window.sinRecargar')).toBe(true);
  });

  it('says what is wrong, in place, when the time is in the past', async () => {
    await page.locator('#seguimiento-fecha').fill(DateTime.now().setZone('America/Cancun').minus({ days: 2 }).toFormat("yyyy-MM-dd'T'HH:mm"));
    // The browser's own check stops a date before `min`; the server's answer is shown when it gets through.
    await page.evaluate(`document.getElementById('seguimiento-fecha').removeAttribute('min')`);
    await page.locator('#seguimiento-fecha').press('Enter');
    const error = page.locator('#error-seguimientos');
    await error.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await error.textContent()).toBe('La fecha debe ser futura.');
    expect(await focusedId()).toBe('seguimiento-flujo');
    expect(await checkIns()).toHaveLength(1);
    await page.screenshot({ path: `${artifacts}10-seguimiento-error.png`, fullPage: true });
  });
});
