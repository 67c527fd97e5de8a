import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionTimeoutJob } from '../../src/scheduling/session-timeout-jobs.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';
import { simulatorInbox } from '../support/simulator-phone.js';

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none' } });
});

afterAll(async () => {
  await t?.stop();
});

const received = (phone: string) => simulatorInbox(t.service.server, phone);

async function timeoutJob(sessionId: string) {
  const delayed = await t.service.queues.sessionTimeouts.getDelayed();
  return delayed.find((job) => job.data.kind === 'timeout' && job.data.sessionId === sessionId);
}

describe('a question left unanswered', () => {
  it('resumes the flow with its timeout exit once the delay passes', async () => {
    const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text: 'Hola', id: `t-${caseId}-1` } });
    await eventually(async () => ((await received(phone)).length >= 1 ? true : undefined));
    await queuesIdle(t.service.queues);
    const session = await t.service.db.flowSession.findFirstOrThrow({ where: { caseId, status: 'waiting' } });
    const job = await eventually(async () => timeoutJob(session.id), 5_000, 'the timeout job');
    expect(job.delay).toBeGreaterThan(3_600_000);

    // Silence is a signal, not a reason to write: the first contact's safety question times out into
    // a new check-in a day later and ends without a word to her.
    await job.promote();
    const ended = await eventually(async () => {
      const row = await t.service.db.flowSession.findUniqueOrThrow({ where: { id: session.id } });
      return row.status === 'ended' ? row : undefined;
    }, 10_000, 'the session to end on its timeout');
    expect(ended.outcome).toBe('sin_respuesta');
    const later = await eventually(async () => (await t.service.db.checkIn.findFirst({ where: { caseId } })) ?? undefined, 5_000, 'the check-in it asked for');
    expect(later).toMatchObject({ status: 'scheduled', flowId: 'primer-contacto', planItem: null });
    expect(later.dueAt.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(await received(phone)).toEqual(['Hola Flor, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
  });

  it('does nothing when she answered before the timeout', async () => {
    const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text: 'Hola', id: `s-${caseId}-1` } });
    await eventually(async () => ((await received(phone)).length >= 1 ? true : undefined));
    await queuesIdle(t.service.queues);
    const session = await t.service.db.flowSession.findFirstOrThrow({ where: { caseId, status: 'waiting' } });
    const job = await eventually(async () => timeoutJob(session.id), 5_000, 'the timeout job');
    await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text: '1', id: `s-${caseId}-2` } });
    const before = await eventually(async () => {
      const got = await received(phone);
      return got.length >= 2 ? got : undefined;
    });
    await queuesIdle(t.service.queues);
    await job.promote();
    await queuesIdle(t.service.queues);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await received(phone)).toEqual(before);
  });
});

describe('a question timeout left on the checkins queue by the previous release', () => {
  it('still resumes the flow with its timeout exit (compatibility for one release)', async () => {
    const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text: 'Hola', id: `c-${caseId}-1` } });
    await eventually(async () => ((await received(phone)).length >= 1 ? true : undefined));
    await queuesIdle(t.service.queues);
    const session = await t.service.db.flowSession.findFirstOrThrow({ where: { caseId, status: 'waiting' } });
    const job = await eventually(async () => timeoutJob(session.id), 5_000, 'the timeout job');
    // As the previous release queued it: the same payload and id, on `checkins`.
    await job.remove();
    const former = t.service.queues.checkins as unknown as Queue<SessionTimeoutJob>;
    await former.add('timeout', job.data, { jobId: job.id! });
    const ended = await eventually(async () => {
      const row = await t.service.db.flowSession.findUniqueOrThrow({ where: { id: session.id } });
      return row.status === 'ended' ? row : undefined;
    }, 10_000, 'the session to end on its timeout');
    expect(ended.outcome).toBe('sin_respuesta');
    expect(await received(phone)).toEqual(['Hola Flor, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
  });
});
