/**
 * A person writing to her from the console outside her safe hours: refused unless she confirms it
 * ("Enviar aunque esté fuera de su horario seguro", audited), except right after she wrote herself;
 * the page asks for the confirmation only when it is needed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import type { TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { queuesIdle } from '../support/queues-idle.js';
import { queueOutboundDispatcher } from '../../src/scheduling/outbound-dispatcher.js';
import { startOpenHoursService } from '../support/open-hours-service.js';

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let ana: ConsoleClient;
let anaId: string;
const json = { accept: 'application/json' };

/** Blocked from an hour ago until tomorrow: whatever the hour the test runs, now is outside her hours. */
const blockedNow = () => ({
  windows: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }],
  blocked: [{ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() }],
});

beforeAll(async () => {
  ({ t, privacy } = await startOpenHoursService());
  anaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana Pérez' });
  ana = new ConsoleClient(t.service.server);
  await ana.signIn('ana@unidad.test');
});

afterAll(async () => {
  await t?.stop();
});

/** A case of Ana's, held by her, with `safeHours`. */
async function heldCase(safeHours?: unknown) {
  const created = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz', ...(safeHours ? { safeHours } : {}) });
  await t.service.db.case.update({ where: { id: created.caseId }, data: { assignedStaffId: anaId } });
  expect((await ana.post(`/casos/${created.caseId}/tomar`)).statusCode).toBe(303);
  return created;
}

const staffMessages = (caseId: string) => t.service.db.contact.findMany({ where: { caseId, direction: 'outbound', author: 'staff' } });
const outsideAudits = (caseId: string) => t.service.db.auditLog.findMany({ where: { action: 'case.message_outside_safe_hours', subject: `case:${caseId}` } });

describe('a person writing to her outside her safe hours', () => {
  it('is refused, naming the checkbox, and nothing is recorded or sent', async () => {
    const { caseId } = await heldCase(blockedNow());
    const res = await ana.post(`/casos/${caseId}/mensajes`, { texto: '¿Cómo sigues?' }, json);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'outside_safe_hours', field: 'fuera_de_horario' });
    expect((res.json() as { message: string }).message).toContain('Enviar aunque esté fuera de su horario seguro');
    expect(await staffMessages(caseId)).toEqual([]);
    const template = await ana.post(`/casos/${caseId}/plantilla`, { plantilla: 'ana_bienvenida_buen_momento' }, json);
    expect([template.statusCode, (template.json() as { error: string }).error]).toEqual([409, 'outside_safe_hours']);
    expect(await t.service.db.auditLog.count({ where: { action: 'case.message_sent', subject: `case:${caseId}` } })).toBe(0);
  });

  it('goes when she confirms it, and who chose to is audited', async () => {
    const { caseId } = await heldCase(blockedNow());
    const res = await ana.post(`/casos/${caseId}/mensajes`, { texto: '¿Cómo sigues?', fuera_de_horario: 'si' }, json);
    expect(res.statusCode).toBe(201);
    expect(await staffMessages(caseId)).toHaveLength(1);
    expect(await outsideAudits(caseId)).toEqual([expect.objectContaining({ staffId: anaId, detail: { what: 'message' } })]);
  });

  it('goes without asking right after she wrote herself: she is on her phone now', async () => {
    const { caseId } = await heldCase(blockedNow());
    await t.service.db.contact.create({
      data: { caseId, direction: 'inbound', channel: 'simulator', author: 'survivor', status: 'received', textCipher: privacy.cipher.encrypt('hola'), createdAt: new Date(Date.now() - 60_000) },
    });
    expect((await ana.post(`/casos/${caseId}/mensajes`, { texto: 'Aquí estoy' }, json)).statusCode).toBe(201);
    expect(await outsideAudits(caseId)).toEqual([]);
  });

  it('goes without asking inside her safe hours', async () => {
    const { caseId } = await heldCase();
    expect((await ana.post(`/casos/${caseId}/mensajes`, { texto: 'Hola' }, json)).statusCode).toBe(201);
    expect(await outsideAudits(caseId)).toEqual([]);
  });

  it('shows the warning and the checkbox on the page only when a message now needs them', async () => {
    const outside = await heldCase(blockedNow());
    const page = await ana.get(`/casos/${outside.caseId}`);
    expect(page.body).toContain('Ahora está fuera de su horario seguro');
    expect(page.body).toContain('name="fuera_de_horario" value="si"');
    expect((await ana.get(`/api/casos/${outside.caseId}/controles`)).body).toContain('name="fuera_de_horario" value="si"');
    const inside = await heldCase();
    expect((await ana.get(`/casos/${inside.caseId}`)).body).not.toContain('fuera_de_horario');
  });

  it('holds to her hours a message that waited more than fifteen minutes to go (a daily cap, an outage)', async () => {
    const { caseId } = await heldCase(blockedNow());
    const written = (minutesAgo: number) =>
      t.service.db.contact.create({
        data: {
          caseId,
          direction: 'outbound',
          channel: 'simulator',
          author: 'staff',
          staffId: anaId,
          status: 'queued',
          textCipher: privacy.cipher.encrypt('¿Cómo sigues?'),
          createdAt: new Date(Date.now() - minutesAgo * 60_000),
        },
      });
    const [stale, fresh] = [await written(30), await written(1)];
    await queueOutboundDispatcher(t.service.queues.outbound).dispatch(`espera-${caseId}`, [stale.id]);
    await queueOutboundDispatcher(t.service.queues.outbound).dispatch(`recien-${caseId}`, [fresh.id]);
    await queuesIdle(t.service.queues);
    expect(await t.service.db.contact.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({ status: 'failed', errorCode: 'OUTSIDE_SAFE_HOURS' });
    // Written a minute ago, after its check (or her confirmation): it goes.
    expect((await t.service.db.contact.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe('sent');
  });

  it('refuses any other value of the checkbox, naming the field', async () => {
    const { caseId } = await heldCase(blockedNow());
    const res = await ana.post(`/casos/${caseId}/mensajes`, { texto: 'Hola', fuera_de_horario: 'quizá' }, json);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('fuera_de_horario');
  });
});
