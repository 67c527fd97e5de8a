/**
 * End to end, in headless Debian Chromium driven by playwright-core: a coordinator books a video-call
 * session in the calendar; the simulator phone receives the invitation (safety question first); she
 * answers "1" and "1"; the calendar, left open, shows the session confirmed without reloading.
 * Screenshots go to test-artifacts/appointments/.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { createStaffAccount, TEST_PASSWORD } from '../support/console-client.js';
import { saveScreenshot } from '../support/chromium.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/appointments/', import.meta.url));
const CHROMIUM_ARGS = ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let t: TestService;
let browser: Browser;
let page: Page;
let base: string;
let survivor: { caseId: string; phone: string };

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  // Every hour is safe and worked, so the invitation goes out at once whenever the test runs.
  t = await startTestService({ env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none', WORKING_HOURS: '1-7 00:00-24:00' } });
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coordina@unidad.test', displayName: 'Carmen' });
  await createStaffAccount(t.service.db, { role: 'psychologist', email: 'marta@unidad.test', displayName: 'Marta Ruiz' });
  survivor = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Flor' });
  base = await t.service.server.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'es-MX', timezoneId: 'America/Cancun' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** The pictures of the staff guide (docs/guia-personal.md) this story takes, by screenshot. */
const GUIDE: Record<string, string> = { '01-sesion-propuesta': 'coordinacion-calendario' };
const shot = (name: string) => saveScreenshot(page, ARTIFACTS, name, GUIDE[name]);

async function phone(): Promise<string[]> {
  const res = await fetch(`${base}/api/simulator/outbound?to=${encodeURIComponent(survivor.phone)}`);
  return ((await res.json()) as { text: string }[]).map((m) => m.text);
}

async function phoneHas(count: number): Promise<string[]> {
  return eventually(async () => {
    const texts = await phone();
    return texts.length >= count ? texts : undefined;
  }, 15_000, `${count} messages on her phone`);
}

async function survivorWrites(text: string): Promise<void> {
  const res = await fetch(`${base}/api/simulator/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: survivor.phone, text }),
  });
  expect(res.status).toBe(202);
}

describe('booking a video call from the calendar', () => {
  const start = DateTime.now().setZone('America/Cancun').plus({ days: 3 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });

  it('a coordinator signs in and books a session for Flor with Marta', async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel('Correo').fill('coordina@unidad.test');
    await page.getByLabel('Contraseña').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(`${base}/`);
    await page.getByRole('link', { name: 'Calendario' }).click();
    await page.waitForURL(/\/calendario/);
    await expect(page.getByLabel('Psicóloga').inputValue()).resolves.toBeTruthy();
    await page.getByLabel('Persona', { exact: true }).selectOption({ label: `Flor · sin folio · caso ${survivor.caseId.slice(0, 8)}` });
    await page.getByLabel('Inicio (hora de Cancún)').fill(start.toFormat("yyyy-MM-dd'T'HH:mm"));
    // From the keyboard: the button is reachable and activated with Enter.
    await page.getByRole('button', { name: 'Agendar' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/hecho=agendada/);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    const session = page.locator('li.cita[data-status="proposed"]', { hasText: 'Flor' });
    await session.waitFor();
    await expect(session.textContent()).resolves.toContain('Propuesta, sin confirmar');
    await shot('01-sesion-propuesta');
  });

  it('her phone gets the invitation after the safety question; "1" and "1" confirm it; the calendar shows it live', async () => {
    const opening = await phoneHas(1);
    expect(opening).toEqual(['Hola Flor, soy Ana. 🙂 ¿Es buen momento para platicar? Responde 1 (sí), 2 (no) o 3 (más tarde).']);
    await survivorWrites('1');
    const invitation = (await phoneHas(2))[1]!;
    expect(invitation).toContain('a las 10:00. ¿Te queda bien?');
    await survivorWrites('1');
    await phoneHas(3);
    // No reload: the page follows the live stream.
    const confirmed = page.locator('li.cita[data-status="confirmed"]', { hasText: 'Flor' });
    await confirmed.waitFor({ timeout: 10_000 });
    await expect(confirmed.textContent()).resolves.toContain('Confirmada');
    expect(await page.locator('li.cita--pendiente').count()).toBe(0);
    await shot('02-sesion-confirmada');
  });
});
