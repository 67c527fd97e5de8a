import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { eventually, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import type { FakeGraphApi } from '../channels/support/fake-graph-api.js';
import { startCloudApiService, type CloudApiService } from '../channels/support/cloud-api-service.js';
import { webhookBody } from '../channels/support/cloud-harness.js';

let cloud: CloudApiService;
let t: TestService;
let graph: FakeGraphApi;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let ana: ConsoleClient;
let coordination: ConsoleClient;
let anaId: string;

beforeAll(async () => {
  cloud = await startCloudApiService();
  ({ t, graph } = cloud);
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  anaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana Pérez' });
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test', displayName: 'Carmen Coordinadora' });
  ana = new ConsoleClient(t.service.server);
  coordination = new ConsoleClient(t.service.server);
  await ana.signIn('ana@unidad.test');
  await coordination.signIn('coord@unidad.test');
});
afterAll(async () => {
  await cloud?.stop();
});

async function webhook(body: object): Promise<void> {
  expect((await cloud.webhook(body)).statusCode).toBe(200);
}

/** A case held by Ana, whose last message (if any) arrived `hoursAgo` hours ago. */
async function heldCase(hoursAgo: number | null) {
  const created = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz' });
  if (hoursAgo !== null) {
    await t.service.db.contact.create({
      data: {
        caseId: created.caseId,
        direction: 'inbound',
        channel: 'cloud_api',
        author: 'survivor',
        textCipher: privacy.cipher.encrypt('hola'),
        status: 'received',
        channelMessageId: `in-${created.caseId}`,
        createdAt: new Date(Date.now() - hoursAgo * 3600 * 1000),
      },
    });
  }
  await t.service.db.case.update({ where: { id: created.caseId }, data: { assignedStaffId: anaId, attention: 'with_person', heldById: anaId } });
  return created;
}

describe('the conversation page knows her 24-hour window', () => {
  it('inside the window: a person can write freely, until when', async () => {
    const { caseId } = await heldCase(2);
    const page = await ana.get(`/casos/${caseId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-ventana="abierta"');
    expect(page.body).toContain('Puedes escribirle libremente hasta el');
    expect(page.body).toContain('id="redactor"');
    expect(page.body).not.toContain('id="plantilla"');
  });

  it('outside it: only a template, offered as she would read it; sending it reaches her as the template', async () => {
    const { caseId, phone } = await heldCase(30);
    const page = await ana.get(`/casos/${caseId}`);
    expect(page.body).toContain('data-ventana="cerrada"');
    expect(page.body).toContain('Solo se le puede enviar una plantilla aprobada');
    expect(page.body).not.toContain('id="redactor"');
    expect(page.body).toContain('action="/casos/' + caseId + '/plantilla"');
    expect(page.body).toContain('Hola Luz, soy Ana. 🙂 ¿Es buen momento para platicar? Responde 1 (sí), 2 (no) o 3 (más tarde).');

    // The live fragment says the same.
    const controls = await ana.get(`/api/casos/${caseId}/controles`);
    expect(controls.body).toContain('data-ventana="cerrada"');

    const sent = await ana.post(`/casos/${caseId}/plantilla`, { plantilla: 'ana_saludo_buen_momento' });
    expect(sent.statusCode).toBe(303);
    const request = await eventually(async () => graph.to(phone.slice(1))[0], 20_000, 'the template');
    expect(request.body).toMatchObject({
      type: 'template',
      template: { name: 'ana_saludo_buen_momento', language: { code: 'es_MX' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Luz' }] }] },
    });
    const contact = await eventually(
      async () => (await t.service.db.contact.findFirst({ where: { caseId, direction: 'outbound', status: 'sent' } })) ?? undefined,
      20_000,
      'the template recorded as sent',
    );
    expect(contact).toMatchObject({ author: 'staff', staffId: anaId, status: 'sent' });
    expect(privacy.cipher.decrypt(contact.textCipher!)).toBe('Hola Luz, soy Ana. 🙂 ¿Es buen momento para platicar? Responde 1 (sí), 2 (no) o 3 (más tarde).');
    // Who sent which template to her is in the audit trail, by id, never its words.
    const audited = await t.service.db.auditLog.findMany({ where: { action: 'case.message_sent', subject: `case:${caseId}` } });
    expect(audited.map((entry) => ({ staffId: entry.staffId, detail: entry.detail }))).toEqual([{ staffId: anaId, detail: { contactId: contact.id, what: 'template' } }]);
  });

  it('an alias holding a word of the deny list greets her in no template, offered or sent', async () => {
    const { caseId, phone, survivorId } = await heldCase(30);
    // Stored before the import refused such aliases, or the list grew since.
    await t.service.db.survivor.update({ where: { id: survivorId }, data: { alias: 'Refugio' } });
    const page = await ana.get(`/casos/${caseId}`);
    expect(page.body).toContain('Hola amiga, soy Ana. 🙂 ¿Es buen momento para platicar?');
    expect(page.body).not.toContain('Hola Refugio');

    expect((await ana.post(`/casos/${caseId}/plantilla`, { plantilla: 'ana_saludo_buen_momento' })).statusCode).toBe(303);
    const request = await eventually(async () => graph.to(phone.slice(1))[0], 20_000, 'the template');
    expect(JSON.stringify(request.body)).not.toContain('Refugio');
  });

  it('she never wrote: only a template; an unknown template is refused naming the field', async () => {
    const { caseId } = await heldCase(null);
    const page = await ana.get(`/casos/${caseId}`);
    expect(page.body).toContain('Ella no ha escrito por WhatsApp.');
    const bad = await ana.post(`/casos/${caseId}/plantilla`, { plantilla: 'no_existe' }, { accept: 'application/json' });
    expect(bad.statusCode).toBe(400);
    const malformed = await ana.post(`/casos/${caseId}/plantilla`, { plantilla: 'Hola Luz' }, { accept: 'application/json' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('plantilla');
    expect(await t.service.db.contact.count({ where: { caseId, direction: 'outbound' } })).toBe(0);
  });
});

describe('No entregados', () => {
  it('lists, for coordinators, each message WhatsApp did not deliver with what happened and what to do', async () => {
    const created = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(Date.now() - 13 * 3600 * 1000), alias: 'Rosa' });
    await t.service.checkIns.enroll(created.caseId);
    const digits = created.phone.slice(1);
    const [first] = await eventually(async () => {
      const requests = graph.to(digits).filter((r) => r.wamid);
      return requests.length >= 1 ? requests : undefined;
    }, 20_000, 'the check-in');
    await webhook(
      webhookBody({
        statuses: [
          { id: first!.wamid, status: 'failed', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: digits, errors: [{ code: 131026, title: 'Message undeliverable' }] },
        ],
      }),
    );
    await queuesIdle(t.service.queues);
    const page = await coordination.get('/no-entregados');
    expect(page.statusCode).toBe(200);
    const listed = page.body.slice(page.body.indexOf(`/casos/${created.caseId}`) - 200);
    expect(listed).toContain('Rosa');
    expect(listed).toContain('Seguimiento programado (primer-contacto)');
    expect(listed).toContain('WhatsApp no pudo entregarlo');
    expect(listed).toContain('CLOUD_131026');
    expect(listed).toContain('Alerta abierta');
    expect(page.body).toContain('<a href="/no-entregados">No entregados</a>');

    // The inbox puts her case with those waiting for a person, saying why.
    const row = await coordination.get(`/api/bandeja/filas/${created.caseId}`);
    expect(row.body).toContain('data-group="waiting"');
    expect(row.body).toContain('Un mensaje de seguimiento no se entregó.');
    expect((await ana.get('/no-entregados')).statusCode).toBe(403);
  });
});
