/**
 * End to end, in headless Debian Chromium driven by playwright-core: a survivor writes the emergency
 * word through the simulator; the psychologist's inbox shows her within a second without reloading;
 * she takes over, replies, the simulated phone receives it; she hands back, and the bot answers the
 * next message. Screenshots go to test-artifacts/console/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { eventually, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';
import { createStaffAccount, TEST_PASSWORD } from '../support/console-client.js';
import { artifactsDir, launchChromium, saveScreenshot } from '../support/chromium.js';
import { startOpenHoursService } from '../support/open-hours-service.js';


let t: TestService;
let artifacts: string;
let browser: Browser;
let page: Page;
let base: string;
let caseId: string;
let number: string;
let rosa: { caseId: string; phone: string };
let anaId: string;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };

beforeAll(async () => {
  artifacts = await artifactsDir('console');
  // Any hour is inside her safe hours, so the pages look the same whenever the test runs.
  ({ t, privacy } = await startOpenHoursService());
  anaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana Pérez' });
  ({ caseId, phone: number } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz' }));
  await t.service.db.case.update({ where: { id: caseId }, data: { assignedStaffId: anaId, folio: 'QR-2026-0412' } });
  rosa = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Rosa' });
  await t.service.db.case.update({ where: { id: rosa.caseId }, data: { assignedStaffId: anaId } });
  base = await t.service.server.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'es-MX', timezoneId: 'America/Cancun' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** The pictures of the staff guide (docs/guia-personal.md) this story takes, by screenshot. */
const GUIDE: Record<string, string> = {
  '01-bandeja': 'psicologa-bandeja',
  '02-bandeja-urgente': 'psicologa-bandeja-urgente',
  '04-conversacion-tomada': 'psicologa-conversacion-tomada',
  '06-devuelta-al-bot': 'psicologa-devolver',
};
const shot = (name: string) => saveScreenshot(page, artifacts, name, GUIDE[name]);

async function survivorWrites(text: string, from = number): Promise<void> {
  const res = await fetch(`${base}/api/simulator/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, text }),
  });
  expect(res.status).toBe(202);
}

async function phone(): Promise<string[]> {
  const res = await fetch(`${base}/api/simulator/outbound?to=${encodeURIComponent(number)}`);
  return ((await res.json()) as { text: string }[]).map((m) => m.text);
}

describe('the psychologist’s console in a browser', () => {
  it('signs in and shows the live inbox', async () => {
    await page.goto(`${base}/`);
    expect(page.url()).toBe(`${base}/login?siguiente=%2F`);
    await page.getByLabel('Correo').fill('ana@unidad.test');
    await page.getByLabel('Contraseña').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(`${base}/`);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    await shot('01-bandeja');
  });

  it('moves a row live when another survivor starts talking with the bot', async () => {
    // Also what a service that has been running looks like: the pipeline and the live path are warm.
    await survivorWrites('Hola', rosa.phone);
    const row = page.locator(`#caso-${rosa.caseId}[data-group="bot"]`, { hasText: 'Conversación con el bot en curso' });
    await row.waitFor({ timeout: 5_000 });
    await queuesIdle(t.service.queues);
  });

  it('shows her at the top as urgent within a second of the emergency word, without reloading', async () => {
    await page.evaluate(() => ((globalThis as unknown as { sinRecargar: boolean }).sinRecargar = true));
    const row = page.locator(`#caso-${caseId}[data-group="urgent"]`);
    const sent = Date.now();
    await survivorWrites('AYUDA');
    await row.waitFor({ timeout: 1_000 });
    const elapsed = Date.now() - sent;
    expect(elapsed).toBeLessThan(1_000);
    expect(await page.evaluate(() => (globalThis as unknown as { sinRecargar?: boolean }).sinRecargar)).toBe(true);
    await expect.poll(() => row.textContent()).toContain('Luz');
    expect(await page.locator('#filas-urgent li').first().getAttribute('id')).toBe(`caso-${caseId}`);
    expect(await page.content()).not.toContain(number.slice(1));
    await shot('02-bandeja-urgente');
  });

  it('takes over the chat and replies; the phone receives it and the history shows it live', async () => {
    await page.locator(`#caso-${caseId} a`).click();
    await page.waitForURL(`${base}/casos/${caseId}`);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    await shot('03-caso-urgente');

    await page.getByRole('button', { name: 'Tomar la conversación' }).click();
    await page.waitForURL(`${base}/casos/${caseId}?hecho=tomada`);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    await shot('04-conversacion-tomada');

    const before = (await phone()).length;
    const reply = 'Hola Luz, soy Ana. ¿Estás en un lugar seguro ahora?';
    await page.getByLabel('Mensaje para Luz').fill(reply);
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.locator('#mensajes .mensaje--staff', { hasText: reply }).waitFor({ timeout: 5_000 });
    const received = await eventually(async () => {
      const got = await phone();
      return got.length > before ? got : undefined;
    }, 5_000, 'the reply on her phone');
    expect(received.at(-1)).toBe(reply);
    expect(await page.getByLabel('Mensaje para Luz').inputValue()).toBe('');

    await survivorWrites('Sí, ya estoy con mi hermana');
    await page.locator('#mensajes .mensaje--in', { hasText: 'Sí, ya estoy con mi hermana' }).waitFor({ timeout: 2_000 });
    await shot('05-respuesta-en-vivo');
  });

  it('a message with a word of the deny list is held back naming it, keeps her text, and goes once confirmed', async () => {
    const text = '¿Pudiste ir a la fiscalía?';
    const box = page.getByLabel('Enviar aunque diga esa palabra');
    expect(await box.isVisible()).toBe(false);
    await page.getByLabel('Mensaje para Luz').fill(text);
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.locator('#error-envio', { hasText: '«fiscalía»' }).waitFor({ timeout: 5_000 });
    await box.waitFor({ state: 'visible' });
    expect(await page.getByLabel('Mensaje para Luz').inputValue()).toBe(text);
    expect(await t.service.db.contact.count({ where: { caseId, author: 'staff' } })).toBe(1);
    await shot('05a-palabra-prohibida');

    await box.check();
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.locator('#mensajes .mensaje--staff', { hasText: text }).waitFor({ timeout: 5_000 });
    await box.waitFor({ state: 'hidden' });
    expect(await page.locator('#error-envio').isVisible()).toBe(false);
  });

  it('counts, beside «Bandeja» in the menu, an emergency in another of her cases while she is in this chat', async () => {
    const urgentNow = () => page.evaluate(async () => ((await (await fetch('/api/bandeja/urgentes')).json()) as { urgent: number }).urgent);
    const before = await urgentNow();
    const badge = page.locator('#urgentes');
    if (before === 0) expect(await badge.isVisible()).toBe(false);
    else await expect.poll(() => badge.textContent()).toBe(before === 1 ? '1 urgente' : `${before} urgentes`);

    const marina = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Marina', assignedStaffId: anaId });
    await survivorWrites('AYUDA por favor', marina.phone);
    await page.locator('#urgentes', { hasText: `${before + 1} urgentes` }).waitFor({ timeout: 5_000 });
    expect(await page.getByRole('link', { name: `Bandeja ${before + 1} urgentes` }).count()).toBe(1);
    expect(page.url()).toMatch(new RegExp(`^${base}/casos/${caseId}(\\?|$)`));
    // She is still on Luz's page, and nothing of Marina's is on it.
    expect(await page.content()).not.toContain('Marina');
    await shot('05b-urgente-en-el-menu');
  });

  it('counts an emergency on a page without a conversation too (Mis sesiones), then goes back to the chat', async () => {
    await page.goto(`${base}/mis-sesiones`);
    const before = await page.evaluate(async () => ((await (await fetch('/api/bandeja/urgentes')).json()) as { urgent: number }).urgent);
    const sofia = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Sofía', assignedStaffId: anaId });
    await survivorWrites('AYUDA', sofia.phone);
    await page.locator('#urgentes', { hasText: `${before + 1} urgentes` }).waitFor({ timeout: 5_000 });
    expect(page.url()).toBe(`${base}/mis-sesiones`);
    // A tab in the background shows the count in its title.
    expect(await page.title()).toMatch(new RegExp(`^\\(${before + 1}\\) `));
    await page.goto(`${base}/casos/${caseId}`);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
  });

  it('hands back to the bot, which answers her next message', async () => {
    await page.getByRole('radio', { name: /retome la conversación/ }).check();
    await page.getByRole('button', { name: 'Devolver' }).click();
    await page.waitForURL(`${base}/casos/${caseId}?hecho=devuelta`);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    expect(await page.locator('.estado__quien').textContent()).toBe('Con el bot');
    await queuesIdle(t.service.queues);

    const before = (await phone()).length;
    const botBefore = await t.service.db.contact.count({ where: { caseId, author: 'bot' } });
    await survivorWrites('Hola');
    const received = await eventually(async () => {
      const got = await phone();
      return got.length > before ? got : undefined;
    }, 10_000, 'the bot’s answer on her phone');
    expect(received.length).toBeGreaterThan(before);
    expect(await t.service.db.contact.count({ where: { caseId, author: 'bot' } })).toBeGreaterThan(botBefore);
    await page.locator('#mensajes .mensaje--bot').last().waitFor();
    await expect.poll(async () => page.locator('#mensajes .mensaje--in .mensaje__texto', { hasText: /^Hola$/ }).count(), { timeout: 2_000 }).toBeGreaterThan(0);
    await shot('06-devuelta-al-bot');
  });

  it('marks a failed-delivery alert attended from the case page; the case goes back to the bot', async () => {
    await t.service.db.case.update({ where: { id: rosa.caseId }, data: { attention: 'waiting_person', urgency: 'urgent', attentionReason: 'No se entregó un mensaje' } });
    const alert = await t.service.db.alert.create({
      data: { caseId: rosa.caseId, kind: 'delivery_failed', urgency: 'urgent', reason: 'No se entregó un mensaje' },
      select: { id: true },
    });
    await page.goto(`${base}/casos/${rosa.caseId}`);
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    await page.getByRole('button', { name: /^Marcar como atendida/ }).click();
    await page.waitForURL(`${base}/casos/${rosa.caseId}?hecho=atendida`);
    expect(await page.getByRole('status').filter({ hasText: 'Marcaste la alerta como atendida.' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Marcar como atendida/ }).count()).toBe(0);
    expect((await t.service.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).resolvedAt).not.toBeNull();
    expect(await page.locator('.estado__quien').textContent()).toBe('Con el bot');
    await page.goto(`${base}/casos/${caseId}`);
  });

  it('shows an alert raised while the case is open, and takes it away when another person attends it, on every open page', async () => {
    await createStaffAccount(t.service.db, { role: 'coordinator', email: 'carla@unidad.test', displayName: 'Carla Ruiz' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'es-MX', timezoneId: 'America/Cancun' });
    try {
      const second = await context.newPage();
      await second.goto(`${base}/login`);
      await second.getByLabel('Correo').fill('carla@unidad.test');
      await second.getByLabel('Contraseña').fill(TEST_PASSWORD);
      await second.getByRole('button', { name: 'Entrar' }).click();
      await second.waitForURL(`${base}/`);
      await queuesIdle(t.service.queues);
      for (const viewer of [page, second]) {
        await viewer.goto(`${base}/casos/${rosa.caseId}`);
        await viewer.locator('#en-vivo[data-state="live"]').waitFor();
        expect(await viewer.locator('#alertas-panel').getAttribute('hidden')).not.toBeNull();
        await viewer.evaluate(() => ((globalThis as unknown as { sinRecargar: boolean }).sinRecargar = true));
      }

      await survivorWrites('AYUDA', rosa.phone);
      for (const viewer of [page, second]) {
        await viewer.locator('#alertas-panel').getByRole('button', { name: /^Marcar como atendida/ }).waitFor({ timeout: 5_000 });
        expect(await viewer.locator('#alertas-panel').textContent()).toContain('Alertas abiertas');
      }

      // A place she shares while the case is urgent goes to the top of its open alerts, on every open page.
      const shared = await fetch(`${base}/api/simulator/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: rosa.phone, kind: 'location', location: { lat: 21.1619, lng: -86.8515 } }),
      });
      expect(shared.status).toBe(202);
      for (const viewer of [page, second]) {
        await viewer.locator('#alertas-panel .ubicacion-urgente', { hasText: 'Ubicación que compartió' }).waitFor({ timeout: 5_000 });
      }
      await queuesIdle(t.service.queues);

      // Her chat taken by Ana: the other page's state changes, its unchanged alert list stays as it was.
      const alertList = second.locator('#alertas-panel');
      await alertList.evaluate((el) => ((el as unknown as { sinCambio: boolean }).sinCambio = true));
      await page.getByRole('button', { name: 'Tomar la conversación' }).click();
      await page.waitForURL(`${base}/casos/${rosa.caseId}?hecho=tomada`);
      await second.locator('.estado__quien', { hasText: 'La conversación la tiene Ana Pérez' }).waitFor({ timeout: 5_000 });
      expect(await alertList.evaluate((el) => (el as unknown as { sinCambio?: boolean }).sinCambio)).toBe(true);

      await page.locator('#alertas-panel').getByRole('button', { name: /^Marcar como atendida/ }).click();
      await page.waitForURL(`${base}/casos/${rosa.caseId}?hecho=atendida`);
      // No alert is open: the copy above the chat is gone; the panel keeps the place while she is urgent and held.
      await second.locator('#alertas-arriba[hidden]').waitFor({ state: 'attached', timeout: 5_000 });
      expect(await second.getByRole('button', { name: /^Marcar como atendida/ }).count()).toBe(0);
      expect(await second.locator('#alertas-panel .ubicacion-urgente').count()).toBe(1);
      expect(await second.evaluate(() => (globalThis as unknown as { sinRecargar?: boolean }).sinRecargar)).toBe(true);
      await queuesIdle(t.service.queues);
    } finally {
      await context.close();
    }
    await page.goto(`${base}/casos/${caseId}`);
  });

  it('is usable on a tablet', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.reload();
    await page.locator('#en-vivo[data-state="live"]').waitFor();
    await shot('07-tableta-caso');
    await page.goto(`${base}/`);
    await shot('08-tableta-bandeja');
  });
});
