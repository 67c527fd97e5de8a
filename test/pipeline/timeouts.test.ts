import type { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LegacyTimeoutJob, SessionTimeoutJob } from '../../src/scheduling/session-timeout-jobs.js';
import { UNIT_TIME_ZONE } from '../../src/engine/index.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';
import { simulatorInbox } from '../support/simulator-phone.js';
import { adjustableClock } from '../support/adjustable-clock.js';

/*
 * The first contact's safety question ("¿Es buen momento…?") times out after four hours into a new
 * check-in a day later, ending without a word to her: silence is a signal, not a reason to write.
 * The service's clock is moved forward by hand; the sweep runs every second.
 */

const FIRST_QUESTION = 'Hola Flor, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.';
const FOUR_HOURS = 4 * 3_600_000;

let t: TestService;
const clock = adjustableClock();
let cipher: FieldCipher;

beforeAll(async () => {
  t = await startTestService({ clock, env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none', TIMEOUT_SWEEP_SECONDS: '1' } });
  cipher = new FieldCipher(t.config.DATA_KEYS);
});

afterAll(async () => {
  await t?.stop();
});

const received = (phone: string) => simulatorInbox(t.service.server, phone);

/** A new case whose first question waits for her answer, as her "Hola" leaves it. */
async function askedFirstQuestion(tag: string) {
  const { caseId, phone } = await createConsentingCase(t.service.db, { cipher, hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) }, { interventionAt: clock.now() });
  await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text: 'Hola', id: `${tag}-${caseId}-1` } });
  await eventually(async () => ((await received(phone)).length >= 1 ? true : undefined));
  await queuesIdle(t.service.queues);
  const session = await t.service.db.flowSession.findFirstOrThrow({ where: { caseId, status: 'waiting' } });
  return { caseId, phone, session };
}

const sessionRow = (id: string) => t.service.db.flowSession.findUniqueOrThrow({ where: { id } });

async function endedOnTimeout(sessionId: string) {
  return eventually(async () => {
    const row = await sessionRow(sessionId);
    return row.status === 'ended' ? row : undefined;
  }, 10_000, 'the session to end on its timeout');
}

describe('a question left unanswered', () => {
  it('keeps its timeout on the session, with no job in Redis, and resumes the flow through its timeout exit once it passes', async () => {
    const { caseId, phone, session } = await askedFirstQuestion('t');
    const waitingSince = Date.parse((JSON.parse(cipher.decrypt(session.stateCipher)) as { updatedAt: string }).updatedAt);
    expect(session.timeoutAt?.getTime()).toBe(waitingSince + FOUR_HOURS);
    const delayed = await t.service.queues.sessionTimeouts.getDelayed();
    expect(delayed.filter((job) => job.data.kind === 'timeout')).toEqual([]);

    clock.advance(FOUR_HOURS + 60_000);
    const ended = await endedOnTimeout(session.id);
    expect(ended.outcome).toBe('sin_respuesta');
    expect(ended.timeoutAt).toBeNull();
    const later = await eventually(async () => (await t.service.db.checkIn.findFirst({ where: { caseId } })) ?? undefined, 5_000, 'the check-in it asked for');
    expect(later).toMatchObject({ status: 'scheduled', flowId: 'primer-contacto', planItem: null });
    expect(later.dueAt.getTime() - clock.now().getTime()).toBeGreaterThan(23 * 3_600_000);
    expect(await received(phone)).toEqual([FIRST_QUESTION]);
  });

  it('does nothing once she answered: her answer clears the timeout in the same turn', async () => {
    const answered = await askedFirstQuestion('s');
    await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: answered.phone, text: '1', id: `s-${answered.caseId}-2` } });
    const before = await eventually(async () => {
      const got = await received(answered.phone);
      return got.length >= 2 ? got : undefined;
    });
    await queuesIdle(t.service.queues);
    // "¿Cómo te sientes hoy?" has no timeout.
    expect((await sessionRow(answered.session.id)).timeoutAt).toBeNull();

    // A second case, silent, shows a sweep ran after the clock moved.
    const silent = await askedFirstQuestion('u');
    clock.advance(FOUR_HOURS + 60_000);
    await endedOnTimeout(silent.session.id);
    await queuesIdle(t.service.queues);
    expect(await received(answered.phone)).toEqual(before);
    expect(await sessionRow(answered.session.id)).toMatchObject({ status: 'waiting', timeoutAt: null });
  });

  it('outside her safe hours waits for her next safe moment, then times out', async () => {
    const { caseId, phone, session } = await askedFirstQuestion('h');
    const firesAt = DateTime.fromJSDate(clock.now(), { zone: UNIT_TIME_ZONE }).plus({ milliseconds: FOUR_HOURS + 60_000 });
    // Her only window is two days after the timeout, from 10:00: the timeout comes outside it.
    const safe = firesAt.plus({ days: 2 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    await t.service.db.case.update({
      where: { id: caseId },
      data: { survivor: { update: { safeHours: { windows: [{ days: [safe.weekday], from: '10:00', to: '11:00' }], blocked: [] } } } },
    });

    clock.advance(FOUR_HOURS + 60_000);
    const moved = await eventually(async () => {
      const row = await sessionRow(session.id);
      return row.timeoutAt?.getTime() === safe.toMillis() ? row : undefined;
    }, 10_000, 'the timeout to move to her next safe moment');
    expect(moved.status).toBe('waiting');

    clock.advance(safe.toMillis() - clock.now().getTime() + 60_000);
    expect((await endedOnTimeout(session.id)).outcome).toBe('sin_respuesta');
    expect(await received(phone)).toEqual([FIRST_QUESTION]);
  });

  it('is dropped while a person holds the chat: the bot does not speak over her', async () => {
    const { caseId, phone, session } = await askedFirstQuestion('p');
    await t.service.db.case.update({ where: { id: caseId }, data: { attention: 'with_person' } });
    clock.advance(FOUR_HOURS + 60_000);
    const dropped = await eventually(async () => {
      const row = await sessionRow(session.id);
      return row.timeoutAt === null ? row : undefined;
    }, 10_000, 'the timeout to be dropped');
    expect(dropped.status).toBe('waiting');
    expect(await received(phone)).toEqual([FIRST_QUESTION]);
  });

  it('is dropped once her follow-up consent is withdrawn: her silence no longer moves the flow on', async () => {
    const { caseId, phone, session } = await askedFirstQuestion('c');
    const { survivorId } = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } });
    // A newer 911 intervention recorded her consent as a no; nothing ended her session.
    await t.service.db.consent.create({ data: { survivorId, purpose: 'follow_up', granted: false, source: 'intervention_911' } });
    clock.advance(FOUR_HOURS + 60_000);
    const dropped = await eventually(async () => {
      const row = await sessionRow(session.id);
      return row.timeoutAt === null ? row : undefined;
    }, 10_000, 'the timeout to be dropped');
    await queuesIdle(t.service.queues);
    expect(dropped).toMatchObject({ status: 'waiting', outcome: null });
    expect(await t.service.db.checkIn.count({ where: { caseId } })).toBe(0);
    expect(await received(phone)).toEqual([FIRST_QUESTION]);
  });
});

describe('many questions due at once', () => {
  it('are swept one sweep at a time across the workers: each fired once, none walked twice', async () => {
    const asked = [];
    for (let i = 0; i < 12; i += 1) asked.push(await askedFirstQuestion(`b${i}`));
    const logged = t.logText().length;
    clock.advance(FOUR_HOURS + 60_000);
    // Sweeps on top of the scheduled one, as when a sweep outlasts TIMEOUT_SWEEP_SECONDS.
    await Promise.all([1, 2, 3].map(() => t.service.queues.sessionTimeouts.add('sweep', { kind: 'sweep' })));
    for (const { session } of asked) expect((await endedOnTimeout(session.id)).outcome).toBe('sin_respuesta');
    await eventually(async () => ((await t.service.queues.sessionTimeouts.getJobCounts('waiting', 'active')).active === 0 ? true : undefined));
    const sweeps = t
      .logText()
      .slice(logged)
      .split('\n')
      .filter((line) => line.includes('question timeouts swept'))
      .map((line) => JSON.parse(line) as { resumed: number; stale: number });
    expect(sweeps.reduce((sum, sweep) => sum + sweep.resumed, 0)).toBe(asked.length);
    expect(sweeps.reduce((sum, sweep) => sum + sweep.stale, 0)).toBe(0);
  });
});

describe('a question timeout the previous release left delayed in Redis', () => {
  /** The job the previous release queued for the session's question, and the session as the migration left it. */
  async function legacyJob(session: { id: string; caseId: string; stateCipher: Uint8Array }): Promise<LegacyTimeoutJob> {
    const waitingSince = (JSON.parse(cipher.decrypt(session.stateCipher)) as { updatedAt: string }).updatedAt;
    await t.service.db.flowSession.update({ where: { id: session.id }, data: { timeoutAt: null } });
    return { kind: 'timeout', caseId: session.caseId, sessionId: session.id, waitingSince };
  }

  it('still resumes the flow with its timeout exit, from the session-timeouts queue', async () => {
    const { phone, session } = await askedFirstQuestion('l');
    const job = await legacyJob(session);
    await t.service.queues.sessionTimeouts.add('timeout', job, { jobId: `to-${session.id}-${Date.parse(job.waitingSince)}` });
    expect((await endedOnTimeout(session.id)).outcome).toBe('sin_respuesta');
    expect(await received(phone)).toEqual([FIRST_QUESTION]);
  });

  it('still resumes the flow with its timeout exit, from the checkins queue of the release before', async () => {
    const { phone, session } = await askedFirstQuestion('c');
    const former = t.service.queues.checkins as unknown as Queue<SessionTimeoutJob>;
    await former.add('timeout', await legacyJob(session));
    expect((await endedOnTimeout(session.id)).outcome).toBe('sin_respuesta');
    expect(await received(phone)).toEqual([FIRST_QUESTION]);
  });

  it('does nothing when the session moved on since', async () => {
    const { caseId, phone, session } = await askedFirstQuestion('m');
    const job = await legacyJob(session);
    await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text: '1', id: `m-${caseId}-2` } });
    const before = await eventually(async () => {
      const got = await received(phone);
      return got.length >= 2 ? got : undefined;
    });
    await queuesIdle(t.service.queues);
    const added = await t.service.queues.sessionTimeouts.add('timeout', job);
    // Finished jobs of this queue are removed at once.
    await eventually(async () => ((await added.getState()) === 'unknown' ? true : undefined), 10_000, 'the job to be done');
    await queuesIdle(t.service.queues);
    expect(await received(phone)).toEqual(before);
    expect(await sessionRow(session.id)).toMatchObject({ status: 'waiting', timeoutAt: null });
  });
});
