/**
 * Her files in the conversation page, in headless Debian Chromium: a coordinator opens a case where
 * she sent a voice note and a photo through the simulated channel; the photo shows and the voice note
 * plays, each file fetched from the audited, never-cached route. A screenshot goes to
 * test-artifacts/console/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';
import { createStaffAccount, TEST_PASSWORD } from '../support/console-client.js';
import { artifactsDir } from '../support/chromium.js';

let t: TestService;
let browser: Browser;
let page: Page;
let base: string;
let caseId: string;
let artifacts: string;

/** Half a second of a 440 Hz tone as 8 kHz 16-bit mono WAV: a voice note any browser can play. */
function toneWav(): Buffer {
  const rate = 8000;
  const samples = rate / 2;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** The parts of an `<audio>` element the test drives (the test is compiled without the DOM's types). */
interface PlayableAudio {
  play(): Promise<void>;
  addEventListener(type: 'ended', listener: () => void, options: { once: boolean }): void;
  duration: number;
  currentTime: number;
  error: { code: number } | null;
}

/** A 2×2 red PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  artifacts = await artifactsDir('console');
  t = await startTestService();
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test', displayName: 'Carmen' });
  const created = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz' });
  caseId = created.caseId;
  const post = (payload: Record<string, unknown>) => t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: created.phone, ...payload } });
  expect((await post({ kind: 'voice', media: { mime: 'audio/wav', data: toneWav().toString('base64') }, id: `b-${caseId}-1` })).statusCode).toBe(202);
  expect((await post({ kind: 'image', media: { mime: 'image/png', data: PNG.toString('base64') }, caption: 'así quedó la puerta', id: `b-${caseId}-2` })).statusCode).toBe(202);
  await queuesIdle(t.service.queues);
  base = await t.service.server.listen({ host: '127.0.0.1', port: 0 });
  // Media may play without a click here (only this test's browser), as a person's click would allow.
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'es-MX', timezoneId: 'America/Cancun' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('her voice notes and photos in the conversation page', () => {
  it('shows the photo with its caption and plays the voice note, each file fetched from the audited route', async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel('Correo').fill('coord@unidad.test');
    await page.getByLabel('Contraseña').fill(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/`);
    const files: Array<{ status: number; cacheControl: string | undefined }> = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/archivo')) files.push({ status: response.status(), cacheControl: response.headers()['cache-control'] });
    });
    await page.goto(`${base}/casos/${caseId}`);

    const image = page.getByAltText('Imagen que envió Luz');
    await image.waitFor();
    await page.waitForFunction(`(() => { const img = document.querySelector('img[alt="Imagen que envió Luz"]'); return img !== null && img.complete && img.naturalWidth > 0; })()`);
    expect(await image.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBe(2);
    await expect(page.getByText('así quedó la puerta').count()).resolves.toBe(1);

    const audio = page.getByLabel('Nota de voz de Luz');
    const played = await audio.evaluate(async (element: PlayableAudio) => {
      await element.play();
      await new Promise<void>((resolve) => {
        element.addEventListener('ended', () => resolve(), { once: true });
        setTimeout(resolve, 3_000);
      });
      return { duration: element.duration, reached: element.currentTime, error: element.error?.code ?? null };
    });
    expect(played.error).toBeNull();
    expect(played.duration).toBeCloseTo(0.5, 1);
    expect(played.reached).toBeGreaterThan(0.1);

    await page.screenshot({ path: `${artifacts}conversacion-archivos.png`, fullPage: true });
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.every((file) => file.status === 200 || file.status === 206)).toBe(true);
    expect(files.every((file) => file.cacheControl === 'no-store')).toBe(true);
    const views = await t.service.db.auditLog.count({ where: { action: 'case.media_viewed', subject: `case:${caseId}` } });
    expect(views).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
