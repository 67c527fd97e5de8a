/**
 * The simulator page in headless Debian Chromium: a person playing the survivor sends a photo with a
 * caption, a voice note (a file) and a location, and each reaches the case as she would send it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { eventually } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { launchChromium } from '../support/chromium.js';

let t: TestService;
let browser: Browser;
let page: Page;
let base: string;
let caseId: string;
let phone: string;

beforeAll(async () => {
  t = await startTestService();
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  ({ caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() }));
  base = await t.service.server.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 480, height: 900 }, locale: 'es-MX' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const inbound = () => t.service.db.contact.findMany({ where: { caseId, direction: 'inbound' }, orderBy: { createdAt: 'asc' }, include: { media: true, location: true } });

/** A new case with follow-up consent, its phone opened on the simulator page, and `text` sent from it. */
async function writeAsNewCase(alias: string, text: string) {
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  const other = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias });
  await page.goto(`${base}/simulator`);
  await page.getByLabel('Número de la persona (E.164)').fill(other.phone);
  await page.getByLabel('Número de la persona (E.164)').dispatchEvent('change');
  await page.getByLabel('Mensaje').fill(text);
  await page.getByRole('button', { name: 'Enviar', exact: true }).click();
  return { privacy, other };
}

describe('the simulator page', () => {
  it('sends a photo with its caption, a voice note, a location and a call', async () => {
    await page.goto(`${base}/simulator`);
    await page.getByLabel('Número de la persona (E.164)').fill(phone);
    await page.getByText('Enviar una foto, nota de voz, documento o ubicación, o llamar').click();

    await page.getByLabel('Tipo').selectOption('image');
    await page.getByLabel('Archivo').setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: Buffer.from('PNG-de-prueba') });
    await page.getByLabel('Texto al pie (opcional)').fill('mira');
    await page.getByRole('button', { name: 'Enviar archivo' }).click();
    await page.locator('#chat li', { hasText: '[Foto] mira' }).waitFor();

    await page.getByLabel('Tipo').selectOption('voice');
    await page.getByLabel('Archivo').setInputFiles({ name: 'nota.ogg', mimeType: 'audio/ogg', buffer: Buffer.from('OggS-nota') });
    await page.getByRole('button', { name: 'Enviar archivo' }).click();
    await page.locator('#chat li', { hasText: '[Nota de voz]' }).waitFor();

    await page.getByRole('button', { name: 'Enviar ubicación' }).click();
    await page.locator('#chat li', { hasText: '[Ubicación] 21.1619, -86.8515' }).waitFor();

    await page.getByRole('button', { name: 'Llamar' }).click();
    await page.locator('#chat li', { hasText: '[Llamada]' }).waitFor();

    await eventually(async () => ((await inbound()).length === 4 ? true : undefined), 10_000, 'four messages');
    await queuesIdle(t.service.queues);
    const [photo, voice, place, call] = await inbound();
    expect([photo?.kind, voice?.kind, place?.kind, call?.kind]).toEqual(['image', 'voice', 'location', 'call']);
    expect(photo?.media).toMatchObject({ status: 'stored', mime: 'image/png', byteSize: 'PNG-de-prueba'.length });
    expect(voice?.media).toMatchObject({ status: 'stored', mime: 'audio/ogg' });
    expect(photo?.textCipher).not.toBeNull();
    expect(place?.location?.cipher).not.toBeNull();
  }, 60_000);

  it('reacts 👍 to the question instead of writing, and the conversation goes on', async () => {
    const { privacy, other } = await writeAsNewCase('Alba', 'Hola');
    const question = page.locator('#chat li[data-direction="received"]', { hasText: '¿Es buen momento para platicar?' });
    await question.waitFor();
    await question.getByRole('button', { name: 'Reaccionar con 👍 a este mensaje' }).click();
    await page.locator('#chat li[data-direction="received"]', { hasText: '¿Cómo te sientes hoy?' }).waitFor({ timeout: 10_000 });
    const hers = await t.service.db.contact.findMany({ where: { caseId: other.caseId, direction: 'inbound' }, orderBy: { createdAt: 'asc' } });
    expect(hers.map((c) => privacy.cipher.decrypt(c.textCipher!))).toEqual(['Hola', '👍']);
  });

  it('edits and deletes a message she sent, and her case records both', async () => {
    const { privacy, other } = await writeAsNewCase('Rosa', 'Mañana a las 5');
    const mine = page.locator('#chat li[data-direction="sent"]', { hasText: 'Mañana a las 5' });
    page.once('dialog', (dialog) => void dialog.accept('Mañana a las 6'));
    await mine.getByRole('button', { name: 'Editar este mensaje' }).click();
    await page.locator('#chat li[data-direction="sent"]', { hasText: 'Mañana a las 6 (editado)' }).waitFor();
    const edited = await eventually(async () => {
      const row = await t.service.db.contact.findFirst({ where: { caseId: other.caseId, direction: 'inbound', herEditedAt: { not: null } } });
      return row ?? undefined;
    }, 10_000, 'the edit on her case');
    expect(privacy.cipher.decrypt(edited.editedTextCipher!)).toBe('Mañana a las 6');

    await page.locator('#chat li[data-direction="sent"]', { hasText: 'Mañana a las 6' }).getByRole('button', { name: 'Borrar este mensaje para todos' }).click();
    await page.locator('#chat li.borrado', { hasText: 'Eliminaste este mensaje' }).waitFor();
    await eventually(async () => (await t.service.db.contact.findUniqueOrThrow({ where: { id: edited.id } })).herDeletedAt ?? undefined, 10_000, 'the deletion on her case');
  });
});
