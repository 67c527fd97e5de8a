/**
 * A person's message holding a word of the deployment's deny list (`deny_words`): whoever holds her
 * phone reads its first line on the lock screen, so it is refused naming the word until the person
 * confirms it («Enviar aunque diga esa palabra»), the word of the list audited with the message; the
 * form without the page's script gets its page back with the text kept. Her alias, when it holds such a
 * word (stored before the rule, or the list grew since), greets her nowhere, and her case page says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e164 } from '../../src/app/phone-number.js';
import type { TestService } from '../support/test-service.js';
import { eventually } from '../support/test-service.js';
import { sayAndWait, simulatorInbox } from '../support/simulator-phone.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { startWithTwoPsychologists, type TwoPsychologists } from '../support/two-psychologists.js';

let t: TestService;
let ana: ConsoleClient;
let anaId: string;
let hashPhone: TwoPsychologists['privacy']['hashPhone'];
let anasCase: TwoPsychologists['anasCase'];
const json = { accept: 'application/json' };

beforeAll(async () => {
  let privacy: TwoPsychologists['privacy'];
  ({ t, ana, anaId, anasCase, privacy } = await startWithTwoPsychologists());
  hashPhone = privacy.hashPhone;
});

afterAll(async () => {
  await t?.stop();
});

/** A case of Ana's whose chat she holds. */
async function heldCase() {
  const created = await anasCase();
  expect((await ana.post(`/casos/${created.caseId}/tomar`)).statusCode).toBe(303);
  return created;
}
const staffMessages = (caseId: string) => t.service.db.contact.findMany({ where: { caseId, direction: 'outbound', author: 'staff' } });
const sentAudits = (caseId: string) => t.service.db.auditLog.findMany({ where: { action: 'case.message_sent', subject: `case:${caseId}` } });

describe('a person\'s message holding a word of the deny list', () => {
  it('is refused naming the word as she wrote it, and nothing is recorded, sent or audited', async () => {
    const { caseId } = await heldCase();
    const res = await ana.post(`/casos/${caseId}/mensajes`, { texto: '¿Pudiste ir a la Fiscalía ayer?' }, json);
    expect(res.statusCode).toBe(409);
    const body = res.json() as { error: string; field: string; message: string; word: string };
    expect(body).toMatchObject({ error: 'denied_word', field: 'palabra_prohibida', word: 'Fiscalía' });
    expect(body.message).toContain('«Fiscalía»');
    expect(body.message).toContain('Enviar aunque diga esa palabra');
    expect(await staffMessages(caseId)).toEqual([]);
    expect(await sentAudits(caseId)).toEqual([]);
  });

  it('finds the word through case, accents and decorative letters, and only as a whole word', async () => {
    const { caseId } = await heldCase();
    for (const texto of ['Lo de la VIOLENCIA', 'lo de la violéncia', 'lo de la 𝐯𝐢𝐨𝐥𝐞𝐧𝐜𝐢𝐚']) {
      const res = await ana.post(`/casos/${caseId}/mensajes`, { texto }, json);
      expect([texto, res.statusCode]).toEqual([texto, 409]);
    }
    // «casos» and «casona» are not «caso».
    expect((await ana.post(`/casos/${caseId}/mensajes`, { texto: 'En casos así, descansa en la casona' }, json)).statusCode).toBe(201);
  });

  it('goes when the person confirms it, and the audit names the list\'s word, never her text', async () => {
    const { caseId, phone } = await heldCase();
    const texto = 'Tú me dijiste lo del refugio: ¿quieres que te cuente cómo es?';
    const res = await ana.post(`/casos/${caseId}/mensajes`, { texto, palabra_prohibida: 'si' }, json);
    expect(res.statusCode).toBe(201);
    await eventually(async () => ((await simulatorInbox(t.service.server, phone)).includes(texto) ? true : undefined), 10_000, 'the message on her phone');
    const [entry, ...more] = await sentAudits(caseId);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ staffId: anaId, detail: { what: 'message', deniedWord: 'refugio' } });
    expect(JSON.stringify(entry!.detail)).not.toContain('cuente');
  });

  it('a message without one is audited without a word', async () => {
    const { caseId } = await heldCase();
    expect((await ana.post(`/casos/${caseId}/mensajes`, { texto: '¿Cómo amaneciste?' }, json)).statusCode).toBe(201);
    const [entry] = await sentAudits(caseId);
    expect(entry!.detail).not.toHaveProperty('deniedWord');
  });

  it('sent by the form without the page\'s script, gives the page back with her text, the refusal and the checkbox', async () => {
    const { caseId } = await heldCase();
    const page = await ana.get(`/casos/${caseId}`);
    expect(page.body).toMatch(/<p class="casilla" id="casilla-palabra-mensaje" hidden>/);

    const res = await ana.post(`/casos/${caseId}/mensajes`, { texto: 'Sobre tu denuncia & lo demás' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('>Sobre tu denuncia &amp; lo demás</textarea>');
    expect(res.body).toMatch(/id="error-envio" role="alert">Tu mensaje dice «denuncia»/);
    expect(res.body).toMatch(/<p class="casilla" id="casilla-palabra-mensaje"><input type="checkbox" id="palabra-prohibida-mensaje" name="palabra_prohibida" value="si">/);
    expect(await staffMessages(caseId)).toEqual([]);
  });

  it('is also refused to a coordinator writing to a number without a case, and goes once confirmed', async () => {
    await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test' });
    const coordinator = new ConsoleClient(t.service.server);
    await coordinator.signIn('coord@unidad.test');
    const phone = '+529981110090';
    await sayAndWait(t.service.server, phone, 'hola, ¿quién es?', 'unknown-denied-1', 1);
    const sender = await t.service.db.unknownSender.findUniqueOrThrow({ where: { phoneHash: hashPhone(e164.parse(phone)) } });
    const toSender = () => t.service.db.contact.findMany({ where: { unknownSenderId: sender.id, author: 'staff' } });

    const refused = await coordinator.post(`/desconocidos/${sender.id}/mensaje`, { texto: 'Hola, te escribe la psicóloga' }, json);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'denied_word', field: 'palabra_prohibida', word: 'psicóloga' });
    const page = await coordinator.post(`/desconocidos/${sender.id}/mensaje`, { texto: 'Hola, te escribe la psicóloga' });
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('>Hola, te escribe la psicóloga</textarea>');
    expect(page.body).toContain('name="palabra_prohibida"');
    expect(await toSender()).toEqual([]);

    const sent = await coordinator.post(`/desconocidos/${sender.id}/mensaje`, { texto: 'Hola, te escribe la psicóloga', palabra_prohibida: 'si' }, json);
    expect(sent.statusCode).toBe(201);
    expect(await toSender()).toHaveLength(1);
    const entry = await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'unknown_sender.message_sent', subject: `unknown:${sender.id}` } });
    expect(entry.detail).toMatchObject({ deniedWord: 'psicóloga' });
  });
});

describe('her alias holding a word of the deny list', () => {
  it('greets her in no message of the bot, and her case page tells the staff why', async () => {
    const { caseId, phone, survivorId } = await anasCase();
    // Stored before the rule, or the list grew since: the console refuses such an alias today.
    await t.service.db.survivor.update({ where: { id: survivorId }, data: { alias: 'Refugio' } });

    const [reply] = await sayAndWait(t.service.server, phone, 'Hola', `alias-denied-${caseId}`, 1);
    expect(reply).toMatch(/^Hola amiga, soy Ana\./);
    expect(reply).not.toContain('Refugio');

    const page = await ana.get(`/casos/${caseId}`);
    expect(page.body).toContain('id="alias-sin-usar">No se usa: dice «Refugio»');
  });

  it('an alias without one still greets her, and the page says nothing', async () => {
    const { caseId, phone } = await anasCase();
    const [reply] = await sayAndWait(t.service.server, phone, 'Hola', `alias-ok-${caseId}`, 1);
    expect(reply).toMatch(/^Hola Luz, soy Ana\./);
    expect((await ana.get(`/casos/${caseId}`)).body).not.toContain('alias-sin-usar');
  });
});
