import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { FieldCipher } from '../../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../../src/privacy/phone-hash.js';
import { ConversationWindow } from '../../../src/channels/cloud-api/conversation-window.js';
import { addCheckIn } from '../../../src/app/checkins/staff-check-ins.js';
import type { E164 } from '../../../src/app/phone-number.js';
import { eventually, type TestService } from '../../support/test-service.js';
import { queuesIdle } from '../../support/queues-idle.js';
import { createConsentingCase } from '../../support/demo-case.js';
import type { FakeGraphApi, GraphRequest } from '../support/fake-graph-api.js';
import { startCloudApiService, type CloudApiService } from '../support/cloud-api-service.js';
import { TOKEN } from '../support/cloud-harness.js';
import { webhookBody } from '../support/cloud-harness.js';

/**
 * A check-in flow that opens with two messages, each with its template: the shipped flows open with
 * one, and several messages of the same check-in failing must still count as one failure.
 */
const TWO_MESSAGES_FLOW = `flow: prueba-dos-mensajes
name: Prueba de dos mensajes
start: aviso
nodes:
  aviso:
    type: message
    text: "Hola {{alias}}, soy Ana."
    template: { name: prueba_aviso, parameters: ["{{alias}}"] }
    next: pregunta
  pregunta:
    type: question
    text: "¿Es buen momento para platicar? Responde 1 (sí) o 2 (no)."
    template: { name: prueba_pregunta }
    choices:
      - { id: si, label: "Sí", next: fin }
      - { id: "no", label: "No", next: fin }
    on_give_up: fin
    save_as: momento
  fin:
    type: end
    outcome: listo
`;

let cloud: CloudApiService;
let t: TestService;
let graph: FakeGraphApi;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let flowsDir: string;

beforeAll(async () => {
  flowsDir = await mkdtemp(join(tmpdir(), 'acompana-delivery-failures-'));
  await cp('flows', flowsDir, { recursive: true });
  await writeFile(join(flowsDir, 'prueba-dos-mensajes.yaml'), TWO_MESSAGES_FLOW);
  cloud = await startCloudApiService({ CHECKIN_PLAN: 'test/checkins/fixtures/plan-primer.yaml', DELIVERY_FAILED_LIMIT: '2', FLOWS_DIR: flowsDir });
  ({ t, graph } = cloud);
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
});
afterAll(async () => {
  await cloud?.stop();
  if (flowsDir) await rm(flowsDir, { recursive: true, force: true });
});

async function webhook(body: object): Promise<void> {
  expect((await cloud.webhook(body)).statusCode).toBe(200);
}

/** Meta's documented `failed` status, with its `errors` array. */
function failedStatus(wamid: string, digits: string, code: number, title: string) {
  return {
    id: wamid,
    status: 'failed',
    timestamp: String(Math.floor(Date.now() / 1000)),
    recipient_id: digits,
    errors: [{ code, title, message: title, error_data: { details: title }, href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/' }],
  };
}

/** A case whose first check-in has just been sent (one message: the greeting, then the safety question). */
async function caseWithCheckInSent(options: { windowOpen?: boolean } = {}) {
  const created = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(Date.now() - 13 * 3600 * 1000), alias: 'Flor' });
  const digits = created.phone.slice(1);
  if (options.windowOpen) {
    const redis = new Redis(t.redis.url);
    await new ConversationWindow(redis, `${t.redis.prefix}:cloud`, phoneHasher(t.config.PHONE_HASH_KEY)).opened(created.phone as E164, new Date());
    redis.disconnect();
  }
  const [checkIn] = await t.service.checkIns.enroll(created.caseId);
  const sent = await eventually(async () => {
    const requests = graph.to(digits).filter((r) => r.wamid);
    return requests.length >= 1 ? requests : undefined;
  }, 20_000, 'the check-in message');
  await queuesIdle(t.service.queues);
  expect(graph.to(digits)).toHaveLength(1);
  return { ...created, digits, checkInId: checkIn!.id, sent };
}

async function failuresOf(caseId: string) {
  const [checkIns, alerts, kase, contacts] = await Promise.all([
    // One enrolment creates its plan's check-ins in the same millisecond: the due time orders those.
    t.service.db.checkIn.findMany({ where: { caseId }, orderBy: [{ createdAt: 'asc' }, { dueAt: 'asc' }] }),
    t.service.db.alert.findMany({ where: { caseId, kind: 'delivery_failed' } }),
    t.service.db.case.findUniqueOrThrow({ where: { id: caseId } }),
    t.service.db.contact.findMany({ where: { caseId, direction: 'outbound' }, orderBy: { id: 'asc' } }),
  ]);
  return { checkIns, alerts, kase, contacts };
}

describe('a check-in on the Cloud API when her window is closed', () => {
  it('opens with the template, in the body Meta documents for sending a template', async () => {
    const { sent } = await caseWithCheckInSent();
    expect(sent.map((r: GraphRequest) => r.body)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: sent[0]!.body['to'],
        type: 'template',
        template: { name: 'ana_bienvenida_buen_momento', language: { code: 'es_MX' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Flor' }] }] },
      },
    ]);
  });
});

describe('failed deliveries reach a person', () => {
  it.each([
    [131026, 'Message undeliverable', 'no pudo entregarlo'],
    [131049, 'This message was not delivered to maintain healthy ecosystem engagement.', 'limitó los mensajes'],
    [131050, 'User has stopped marketing messages', 'pidió en WhatsApp no recibir'],
    [132001, 'Template name does not exist in the translation', 'plantilla de WhatsApp no está aprobada'],
    [132015, 'Template is paused', 'plantilla de WhatsApp no está aprobada'],
    [130472, "User's number is part of an experiment", 'experimento de Meta'],
    [131000, 'Something went wrong', 'WhatsApp rechazó el mensaje'],
  ])('%i: the message and its check-in fail, and the case gets an alert that says what happened and what to do', async (code, title, words) => {
    const { caseId, digits, checkInId, sent } = await caseWithCheckInSent();
    await webhook(webhookBody({ statuses: [failedStatus(sent[0]!.wamid!, digits, code, title)] }));
    await queuesIdle(t.service.queues);
    const { checkIns, alerts, kase, contacts } = await failuresOf(caseId);
    expect(contacts[0]).toMatchObject({ status: 'failed', errorCode: `CLOUD_${code}` });
    expect(checkIns.find((c) => c.id === checkInId)!.status).toBe('failed');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.reason).toContain('Un mensaje de seguimiento no se entregó.');
    expect(alerts[0]!.reason).toContain(words);
    expect(alerts[0]!.resolvedAt).toBeNull();
    expect(kase.failedInARow).toBe(1);
    // Nothing was sent again, and the session it opened is over: its timeout sends nothing.
    expect(graph.to(digits)).toHaveLength(1);
    expect(await t.service.db.flowSession.count({ where: { caseId, status: 'waiting' } })).toBe(0);

    // The same report again (Meta delivers webhooks at least once) changes nothing.
    await webhook(webhookBody({ statuses: [failedStatus(sent[0]!.wamid!, digits, code, title)] }));
    await queuesIdle(t.service.queues);
    const after = await failuresOf(caseId);
    expect(after.alerts).toHaveLength(1);
    expect(after.kase.failedInARow).toBe(1);
  });

  it('a failure reported while its send still waits for WhatsApp\'s answer reaches a person once the send is recorded', async () => {
    const created = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(Date.now() - 13 * 3600 * 1000), alias: 'Flor' });
    const digits = created.phone.slice(1);
    const held = graph.holdNext();
    await t.service.checkIns.enroll(created.caseId);
    const request = await held.arrived;
    await webhook(webhookBody({ statuses: [failedStatus(request.wamid!, digits, 131026, 'Message undeliverable')] }));
    // Its message is not recorded yet: the report waits to be looked at again.
    await eventually(async () => ((await t.service.queues.inbound.getDelayedCount()) > 0 ? true : undefined), 10_000, 'the report to wait');
    expect((await failuresOf(created.caseId)).alerts).toHaveLength(0);

    held.release();
    await queuesIdle(t.service.queues, 20_000);
    const { alerts, contacts } = await failuresOf(created.caseId);
    expect(contacts[0]).toMatchObject({ status: 'failed', errorCode: 'CLOUD_131026' });
    expect(alerts).toHaveLength(1);
    expect(graph.to(digits)).toHaveLength(1);
  });

  it('several messages of the same check-in failing are one failure: one alert, one in a row', async () => {
    const created = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(Date.now() - 13 * 3600 * 1000), alias: 'Flor' });
    const digits = created.phone.slice(1);
    const checkIn = await addCheckIn(t.service.checkIns.deps, { caseId: created.caseId, flowId: 'prueba-dos-mensajes', at: new Date(), staffId: null });
    const sent = await eventually(async () => {
      const requests = graph.to(digits).filter((r) => r.wamid);
      return requests.length >= 2 ? requests : undefined;
    }, 20_000, 'the check-in messages');
    await queuesIdle(t.service.queues);
    expect(sent.map((r) => r.body['template']?.name)).toEqual(['prueba_aviso', 'prueba_pregunta']);

    await webhook(webhookBody({ statuses: [failedStatus(sent[0]!.wamid!, digits, 131026, 'Message undeliverable')] }));
    await queuesIdle(t.service.queues);
    const first = await failuresOf(created.caseId);
    expect(first.alerts).toHaveLength(1);
    expect(first.kase.failedInARow).toBe(1);
    expect(first.checkIns.filter((c) => c.flowId === 'prueba-dos-mensajes').map((c) => c.status)).toEqual(['failed']);

    // The second message of the same check-in failing too is the same failure: no second alert.
    await webhook(webhookBody({ statuses: [failedStatus(sent[1]!.wamid!, digits, 131026, 'Message undeliverable')] }));
    await queuesIdle(t.service.queues);
    const after = await failuresOf(created.caseId);
    expect(after.contacts.filter((c) => c.causeId === checkIn.id).map((c) => c.status)).toEqual(['failed', 'failed']);
    expect(after.alerts).toHaveLength(1);
    expect(after.kase.failedInARow).toBe(1);
  });

  it('131047 on free text that has a template: sent once more as the template; if that fails too, a person is told', async () => {
    const { caseId, digits, checkInId, sent } = await caseWithCheckInSent({ windowOpen: true });
    expect(sent.map((r) => r.body['type'])).toEqual(['text']);

    await webhook(webhookBody({ statuses: [failedStatus(sent[0]!.wamid!, digits, 131047, 'Re-engagement message')] }));
    const retried = await eventually(async () => {
      const requests = graph.to(digits).filter((r) => r.wamid);
      return requests.length >= 2 ? requests[1] : undefined;
    }, 20_000, 'the retry as template');
    expect(retried!.body).toMatchObject({
      type: 'template',
      template: { name: 'ana_bienvenida_buen_momento', language: { code: 'es_MX' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Flor' }] }] },
    });
    await queuesIdle(t.service.queues);
    let state = await failuresOf(caseId);
    expect(state.contacts.find((c) => c.id === state.contacts[0]!.id)).toMatchObject({ status: 'failed', errorCode: 'CLOUD_131047' });
    const retry = state.contacts.find((c) => c.retryOfId === state.contacts[0]!.id)!;
    expect(retry).toMatchObject({ status: 'sent', causeId: checkInId });
    expect(state.checkIns.find((c) => c.id === checkInId)!.status).toBe('sent');
    expect(state.alerts).toHaveLength(0);

    // The same report again (Meta delivers webhooks at least once) sends nothing more.
    await webhook(webhookBody({ statuses: [failedStatus(sent[0]!.wamid!, digits, 131047, 'Re-engagement message')] }));
    await queuesIdle(t.service.queues);
    expect(graph.to(digits).filter((r) => r.wamid)).toHaveLength(2);

    // The retry fails too: now the check-in fails and the alert says what to do.
    await webhook(webhookBody({ statuses: [failedStatus(retried!.wamid!, digits, 131047, 'Re-engagement message')] }));
    await queuesIdle(t.service.queues);
    state = await failuresOf(caseId);
    expect(state.checkIns.find((c) => c.id === checkInId)!.status).toBe('failed');
    expect(state.alerts.map((a) => a.reason)).toEqual([expect.stringContaining('pasaron más de 24 horas desde su último mensaje')]);
    expect(graph.to(digits).filter((r) => r.wamid)).toHaveLength(2);
  });

  it('131047 reported after her BAJA: nothing is sent again, and a person is told it did not reach her', async () => {
    const { caseId, digits, sent } = await caseWithCheckInSent({ windowOpen: true });
    const baja = { from: digits, id: `wamid.BAJA-${caseId}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'BAJA' } };
    await webhook(webhookBody({ messages: [baja], waId: digits }));
    await eventually(async () => (graph.to(digits).length >= 2 ? true : undefined), 20_000, 'her opt-out confirmed');
    await queuesIdle(t.service.queues);

    await webhook(webhookBody({ statuses: [failedStatus(sent[0]!.wamid!, digits, 131047, 'Re-engagement message')] }));
    await queuesIdle(t.service.queues);
    const state = await failuresOf(caseId);
    expect(state.contacts.filter((c) => c.retryOfId !== null)).toEqual([]);
    // Her check-in opener, then the confirmation of her opt-out: never the template after it.
    expect(graph.to(digits).map((r) => r.body['type'])).toEqual(['text', 'text']);
    expect(state.alerts.map((a) => a.reason)).toEqual([expect.stringContaining('pasaron más de 24 horas desde su último mensaje')]);
  });

  it('delivered after a failure starts the count again; repeated failures stop automated outreach like missed check-ins', async () => {
    const { caseId, digits, sent } = await caseWithCheckInSent();
    await webhook(webhookBody({ statuses: [failedStatus(sent[0]!.wamid!, digits, 131026, 'Message undeliverable')] }));
    await queuesIdle(t.service.queues);
    expect((await failuresOf(caseId)).kase).toMatchObject({ failedInARow: 1, attention: 'bot' });

    // A second check-in: its opening message fails as well.
    await addCheckIn(t.service.checkIns.deps, { caseId, flowId: 'primer-contacto', at: new Date(), staffId: null });
    const second = await eventually(async () => {
      const requests = graph.to(digits).filter((r) => r.wamid);
      return requests.length >= 2 ? requests.slice(1) : undefined;
    }, 20_000, 'the second check-in');
    await webhook(webhookBody({ statuses: [failedStatus(second[0]!.wamid!, digits, 131026, 'Message undeliverable')] }));
    await queuesIdle(t.service.queues);
    const { kase, alerts, checkIns } = await failuresOf(caseId);
    expect(kase).toMatchObject({ failedInARow: 2, attention: 'waiting_person', urgency: 'urgent' });
    expect(alerts.map((a) => a.urgency)).toEqual(['normal', 'urgent']);
    expect(alerts[1]!.reason).toContain('2 mensajes seguidos sin entregar');
    expect(checkIns.map((c) => c.status)).toEqual(['failed', 'scheduled', 'failed']);

    // Outreach has stopped: a third check-in due now sends nothing.
    await addCheckIn(t.service.checkIns.deps, { caseId, flowId: 'primer-contacto', at: new Date(), staffId: null });
    await queuesIdle(t.service.queues);
    expect(graph.to(digits).filter((r) => r.wamid)).toHaveLength(2);
  });

  it('a message delivered resets the failures in a row', async () => {
    const { caseId, digits, sent } = await caseWithCheckInSent();
    await webhook(webhookBody({ statuses: [failedStatus(sent[0]!.wamid!, digits, 131026, 'Message undeliverable')] }));
    await queuesIdle(t.service.queues);
    expect((await failuresOf(caseId)).kase.failedInARow).toBe(1);
    // The next check-in's opening message reaches her.
    await addCheckIn(t.service.checkIns.deps, { caseId, flowId: 'primer-contacto', at: new Date(), staffId: null });
    const [next] = await eventually(async () => {
      const requests = graph.to(digits).filter((r) => r.wamid);
      return requests.length >= 2 ? requests.slice(1) : undefined;
    }, 20_000, 'the next check-in');
    await queuesIdle(t.service.queues);
    expect((await failuresOf(caseId)).kase.failedInARow).toBe(1);
    await webhook(webhookBody({ statuses: [{ id: next!.wamid!, status: 'delivered', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: digits }] }));
    await queuesIdle(t.service.queues);
    expect((await failuresOf(caseId)).kase.failedInARow).toBe(0);
  });

  it('a number WhatsApp refuses at once fails the check-in and alerts, without waiting for a webhook', async () => {
    const created = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(Date.now() - 13 * 3600 * 1000) });
    const digits = created.phone.slice(1);
    graph.byNumber.set(digits, { status: 400, code: 131026, message: 'Message undeliverable' });
    const [checkIn] = await t.service.checkIns.enroll(created.caseId);
    const state = await eventually(async () => {
      const current = await failuresOf(created.caseId);
      return current.alerts.length > 0 ? current : undefined;
    }, 20_000, 'the alert');
    expect(state.checkIns.find((c) => c.id === checkIn!.id)!.status).toBe('failed');
    expect(state.contacts[0]).toMatchObject({ status: 'failed', errorCode: 'CLOUD_INVALID_NUMBER' });
    expect(state.alerts).toHaveLength(1);
    expect(state.alerts[0]!.reason).toContain('no pudo entregarlo');
  });

  it('a failure written before its job stopped is still handed to a person when the job runs again', async () => {
    const { caseId, digits, checkInId, sent } = await caseWithCheckInSent();
    // As if the job died right after writing the status: the contact is failed, nothing else happened.
    const first = (await failuresOf(caseId)).contacts[0]!;
    await t.service.db.contact.update({ where: { id: first.id }, data: { status: 'failed', errorCode: 'CLOUD_131026' } });
    await webhook(webhookBody({ statuses: [failedStatus(sent[0]!.wamid!, digits, 131026, 'Message undeliverable')] }));
    await queuesIdle(t.service.queues);
    const state = await failuresOf(caseId);
    expect(state.alerts).toHaveLength(1);
    expect(state.checkIns.find((c) => c.id === checkInId)!.status).toBe('failed');
    expect(state.contacts[0]!.failureReportedAt).not.toBeNull();
  });

  it('logs no number and no text', () => {
    const log = t.logText();
    for (const secret of ['Flor', 'soy Ana', TOKEN]) expect(log).not.toContain(secret);
    // Her number stands alone: the same digits inside a decimal (a response time) are not a number of hers.
    expect(log).not.toMatch(/(?<![\d.])52999\d{7}(?!\d)/);
  });
});
