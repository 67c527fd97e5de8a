import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { fireCheckIn } from '../../src/app/checkins/fire-check-in.js';
import { expireCheckIn } from '../../src/app/checkins/expire-check-in.js';
import { cancelCheckIns } from '../../src/app/checkins/cancel-check-ins.js';
import { nextAllowedMoment } from '../../src/app/safe-hours/next-allowed.js';
import { contactPolicy } from '../../src/app/safe-hours/policy.js';
import { startService, type RunningService } from '../../src/service.js';
import { createLogger } from '../../src/observability/logger.js';
import { systemClock } from '../../src/app/system-clock.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { simulatorInbox } from '../support/simulator-phone.js';
import { Prisma } from '../../src/generated/prisma/client.js';

const PLAN = fileURLToPath(new URL('./fixtures/plan-primer.yaml', import.meta.url));
const HOUR = 3600 * 1000;

let t: TestService;
let privacy: PrivacyTools;

beforeAll(async () => {
  t = await startTestService({
    env: { CHECKIN_PLAN: PLAN, CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none', CHECKIN_MISSED_LIMIT: '2' },
  });
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
});

afterAll(async () => {
  await t?.stop();
});

const received = (phone: string) => simulatorInbox(t.service.server, phone);

async function fireJobs(): Promise<string[]> {
  return (await t.service.checkIns.deps.scheduler.scheduledJobs()).map((j) => `${j.checkInId}@${j.dueAt}`).sort();
}

describe('enrolment and firing', () => {
  it('creates the plan as rows and delayed jobs, and the first check-in fires on time', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, {
      // Due a few seconds from now: still ahead when the plan is made, even on a busy machine.
      interventionAt: new Date(Date.now() - 12 * HOUR + 4_000),
    });
    const created = await t.service.checkIns.enroll(caseId);
    expect(created.map((c) => c.planItem)).toEqual(['primer_contacto', 'dia_10']);
    expect(created.every((c) => c.status === 'scheduled')).toBe(true);
    const jobs = await fireJobs();
    for (const c of created) expect(jobs).toContain(`${c.id}@${c.dueAt.getTime()}`);

    expect(await t.service.checkIns.enroll(caseId)).toEqual([]);

    const texts = await eventually(async () => {
      const got = await received(phone);
      return got.length >= 1 ? got : undefined;
    }, 20_000, 'the first check-in to be delivered');
    const flow = t.service.flows.get('primer-contacto')!;
    // One message opens it: her greeting, then the safety question.
    expect(texts).toEqual(['Hola Flor, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
    expect(flow.id).toBe('primer-contacto');

    const row = await t.service.db.checkIn.findFirstOrThrow({ where: { caseId, planItem: 'primer_contacto' } });
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    const outbound = await t.service.db.contact.findMany({ where: { caseId, direction: 'outbound' } });
    expect(outbound.every((c) => c.causeId === row.id && c.author === 'bot')).toBe(true);

    // Her reply answers it.
    await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text: '1', id: `ans-${caseId}` } });
    await eventually(async () => {
      const r = await t.service.db.checkIn.findUniqueOrThrow({ where: { id: row.id } });
      return r.status === 'answered' ? r : undefined;
    }, 10_000, 'the check-in to be answered');
  });

  it('moves a check-in that falls outside her safe hours, sending nothing', async () => {
    const now = new Date();
    const tomorrow = ((new Date(now.getTime() + 24 * HOUR).getUTCDay() + 6) % 7) + 1;
    const safeHours = { windows: [{ days: [tomorrow], from: '10:00', to: '11:00' }], blocked: [] };
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(now.getTime() - 13 * HOUR), safeHours });
    await t.service.db.checkIn.create({
      data: { caseId, planItem: 'a_mano', flowId: 'primer-contacto', dueAt: now, plannedAt: now },
    });
    const checkIn = await t.service.db.checkIn.findFirstOrThrow({ where: { caseId, planItem: 'a_mano' } });
    const outcome = await fireCheckIn(t.service.checkIns.deps, checkIn.id);
    const expected = nextAllowedMoment(contactPolicy(safeHours, { windows: [], quiet: null }), t.service.checkIns.deps.clock.now())!;
    expect(outcome).toMatchObject({ kind: 'moved', reason: 'fuera de su horario' });
    const moved = await t.service.db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } });
    expect(moved.status).toBe('scheduled');
    expect(Math.abs(moved.dueAt.getTime() - expected.getTime())).toBeLessThan(2_000);
    expect(moved.movedReason).toBe('fuera de su horario');
    expect(await fireJobs()).toContain(`${checkIn.id}@${moved.dueAt.getTime()}`);
    expect(await received(phone)).toEqual([]);
  });

  it('sends nothing to a woman whose stored safe hours cannot be read, and hands her case to a person', async () => {
    const now = new Date();
    // A period of no contact without its end: when he is home cannot be known.
    const safeHours = { blocked: [{ from: new Date(now.getTime() - HOUR).toISOString() }] };
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(now.getTime() - 13 * HOUR), safeHours });
    // Her plan is still made (on the service's windows), so nothing of it is lost once a person records her hours again.
    expect((await t.service.checkIns.enroll(caseId)).map((c) => c.planItem)).toEqual(['primer_contacto', 'dia_10']);
    // The first is due now: the service fires it, and a person gets it instead of her.
    const alert = await eventually(() => t.service.db.alert.findFirst({ where: { caseId } }).then((a) => a ?? undefined), 20_000, 'the alert');
    expect(alert.reason).toContain('Su horario seguro guardado no se puede leer');
    expect((await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).attention).not.toBe('bot');
    expect(await received(phone)).toEqual([]);
    await cancelCheckIns(t.service.checkIns.deps, caseId, 'fin de la prueba');
  });

  it('cancels a check-in whose flow is no longer in the service, and tells a person instead of retrying unseen', async () => {
    const now = new Date();
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(now.getTime() - 13 * HOUR) });
    const checkIn = await t.service.db.checkIn.create({ data: { caseId, planItem: 'a_mano', flowId: 'flujo-retirado', dueAt: now, plannedAt: now } });
    const outcome = await fireCheckIn(t.service.checkIns.deps, checkIn.id);
    expect(outcome).toMatchObject({ kind: 'cancelled', reason: 'su flujo ya no está en el servicio', alertId: expect.any(String) });
    expect(await t.service.db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } })).toMatchObject({ status: 'cancelled', movedReason: 'su flujo ya no está en el servicio' });
    const alert = await t.service.db.alert.findUniqueOrThrow({ where: { id: (outcome as { alertId: string }).alertId } });
    expect(alert).toMatchObject({ caseId, kind: 'reminder_skipped', urgency: 'normal', resolvedAt: null });
    expect(alert.reason).toContain('«flujo-retirado»');
    // A problem of the service, not a sign about her: the bot still talks with her.
    expect((await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).attention).toBe('bot');
    expect(await fireCheckIn(t.service.checkIns.deps, checkIn.id)).toEqual({ kind: 'not_scheduled' });
    expect(await received(phone)).toEqual([]);
  });

  it('holds check-ins while a person attends her', async () => {
    const now = new Date();
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(now.getTime() - 13 * HOUR) });
    await t.service.db.case.update({ where: { id: caseId }, data: { attention: 'with_person' } });
    const checkIn = await t.service.db.checkIn.create({ data: { caseId, planItem: 'a_mano', flowId: 'primer-contacto', dueAt: now, plannedAt: now } });
    expect(await fireCheckIn(t.service.checkIns.deps, checkIn.id)).toMatchObject({ kind: 'held' });
    expect((await t.service.db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } })).status).toBe('scheduled');
    expect(await received(phone)).toEqual([]);
  });
});

describe('a conversation she left unanswered', () => {
  it('holds a check-in back for a while, then no longer: the check-in replaces it', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(Date.now() - 13 * HOUR) });
    const say = (text: string, n: number) => t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text, id: `left-${caseId}-${n}` } });
    const replies = (n: number) => eventually(async () => ((await received(phone)).length >= n ? true : undefined), 10_000, `${n} replies`);
    // She says yes to the first question, then leaves "¿Cómo te sientes hoy?", which has no timeout.
    await say('Hola', 1);
    await replies(1);
    await say('1', 2);
    await replies(2);
    const left = await eventually(async () => {
      const row = await t.service.db.flowSession.findFirst({ where: { caseId, status: 'waiting' } });
      return row && (await received(phone)).length === 2 ? row : undefined;
    });
    expect(left.timeoutAt).toBeNull();
    const now = new Date();
    const checkIn = await t.service.db.checkIn.create({ data: { caseId, planItem: 'a_mano', flowId: 'primer-contacto', dueAt: now, plannedAt: now } });
    const later = (ms: number) => ({ ...t.service.checkIns.deps, clock: { now: () => new Date(Date.now() + ms) } });

    // An hour later she may still answer: the check-in waits.
    expect(await fireCheckIn(later(HOUR), checkIn.id)).toMatchObject({ kind: 'moved', reason: 'conversación en curso' });
    expect(await received(phone)).toHaveLength(2);
    // A day and more later (CHECKIN_ANSWER_HOURS), the conversation is over: the check-in goes out.
    expect(await fireCheckIn(later(25 * HOUR), checkIn.id)).toMatchObject({ kind: 'sent' });
    expect(await t.service.db.flowSession.findUniqueOrThrow({ where: { id: left.id } })).toMatchObject({ status: 'ended', outcome: 'reemplazada' });
    await replies(3);
    expect((await received(phone)).slice(2)).toEqual(['Hola Flor, soy Ana. ¡Espero que estés muy bien! ¿Es buen momento para platicar? Responde 1 para sí o 2 para no.']);
  });
});

describe('exactly once', () => {
  it('sends a check-in once when two workers fire it at the same time', async () => {
    const now = new Date();
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(now.getTime() - 13 * HOUR) });
    // The second service reconciles at start: create the check-in after, so only the two calls below fire it.
    const second = await startService(t.config, { log: createLogger({ level: 'silent' }), clock: systemClock });
    const checkIn = await t.service.db.checkIn.create({ data: { caseId, planItem: 'doble', flowId: 'primer-contacto', dueAt: now, plannedAt: now } });
    try {
      const outcomes = await Promise.all([
        fireCheckIn(t.service.checkIns.deps, checkIn.id),
        fireCheckIn(second.checkIns.deps, checkIn.id),
      ]);
      expect(outcomes.map((o) => o.kind).sort()).toEqual(['resent', 'sent']);
      const texts = await eventually(async () => {
        const got = await received(phone);
        return got.length >= 1 ? got : undefined;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(texts).toHaveLength(1);
      expect(await received(phone)).toEqual(texts);
      expect(await t.service.db.contact.count({ where: { caseId, direction: 'outbound' } })).toBe(texts.length);
    } finally {
      await second.close();
    }
  });
});

describe('the reconciler', () => {
  it('rebuilds every job from the database after Redis loses them, and removes orphans', async () => {
    const { caseId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(Date.now() + 2 * 24 * HOUR) });
    const created = await t.service.checkIns.enroll(caseId);
    expect(created).toHaveLength(2);
    const before = await fireJobs();

    const redis = new Redis(t.redis.url);
    const keys = await redis.keys(`${t.redis.prefix}:checkins:*`);
    await redis.del(...keys);
    redis.disconnect();
    expect(await fireJobs()).toEqual([]);

    const report = await t.service.checkIns.reconcile();
    expect(report.scheduled).toBeGreaterThanOrEqual(2);
    expect(await fireJobs()).toEqual(before);

    await t.service.db.checkIn.update({ where: { id: created[1]!.id }, data: { status: 'cancelled' } });
    const second = await t.service.checkIns.reconcile();
    expect(second.removed).toBe(1);
    expect(await fireJobs()).not.toContain(`${created[1]!.id}@${created[1]!.dueAt.getTime()}`);
  });
});

describe('she is in control', () => {
  it('cancels every pending check-in and its job in one step', async () => {
    const { caseId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(Date.now() + 24 * HOUR) });
    const created = await t.service.checkIns.enroll(caseId);
    const cancelled = await cancelCheckIns(t.service.checkIns.deps, caseId, 'pidió no recibir mensajes');
    expect(cancelled).toBe(created.length);
    const rows = await t.service.db.checkIn.findMany({ where: { caseId } });
    expect(rows.every((r) => r.status === 'cancelled' && r.movedReason === 'pidió no recibir mensajes')).toBe(true);
    const jobs = await fireJobs();
    for (const c of created) expect(jobs).not.toContain(`${c.id}@${c.dueAt.getTime()}`);
  });
});

describe('no answer is a signal', () => {
  it('after missed check-ins in a row, stops outreach and alerts a person', async () => {
    const now = new Date();
    const { caseId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(now.getTime() - 13 * HOUR) });
    // Sent an answer window ago.
    const sentAt = new Date(now.getTime() - t.service.checkIns.deps.answerWindowMs);
    for (const item of ['uno', 'dos']) {
      const checkIn = await t.service.db.checkIn.create({
        data: { caseId, planItem: item, flowId: 'primer-contacto', dueAt: sentAt, plannedAt: sentAt, status: 'sent', sentAt },
      });
      const outcome = await expireCheckIn(t.service.checkIns.deps, checkIn.id);
      expect(outcome).toMatchObject({ kind: 'missed', inARow: item === 'uno' ? 1 : 2 });
    }
    const escalated = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { alerts: true } });
    expect(escalated).toMatchObject({ attention: 'waiting_person', urgency: 'urgent', missedInARow: 2 });
    expect(escalated.alerts).toEqual([expect.objectContaining({ kind: 'missed_checkins', urgency: 'urgent', reason: '2 seguimientos seguidos sin respuesta' })]);
  });
});

describe('retries never leave her safe hours', () => {
  it('holds back a check-in message whose send drifted outside her window, and moves the check-in', async () => {
    const now = new Date();
    const { caseId, phone, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(now.getTime() - 13 * HOUR) });
    const checkIn = await t.service.db.checkIn.create({ data: { caseId, planItem: 'deriva', flowId: 'primer-contacto', dueAt: now, plannedAt: now } });
    await t.service.queues.outbound.pause();
    try {
      expect(await fireCheckIn(t.service.checkIns.deps, checkIn.id)).toMatchObject({ kind: 'sent' });
      const tomorrow = ((new Date(now.getTime() + 24 * HOUR).getUTCDay() + 6) % 7) + 1;
      await t.service.db.survivor.update({
        where: { id: survivorId },
        data: { safeHours: { windows: [{ days: [tomorrow], from: '10:00', to: '11:00' }], blocked: [] } },
      });
    } finally {
      await t.service.queues.outbound.resume();
    }
    const moved = await eventually(async () => {
      const row = await t.service.db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } });
      return row.status === 'scheduled' ? row : undefined;
    }, 10_000, 'the check-in to be postponed');
    expect(moved.movedReason).toBe('envío pospuesto: se salió de su horario');
    expect(moved.dueAt.getTime()).toBeGreaterThan(now.getTime() + HOUR);
    const contacts = await t.service.db.contact.findMany({ where: { caseId, direction: 'outbound' } });
    expect(contacts.length).toBeGreaterThan(0);
    expect(contacts.every((c) => c.status === 'failed' && c.errorCode === 'OUTSIDE_SAFE_HOURS')).toBe(true);
    expect(await t.service.db.flowSession.findMany({ where: { caseId } })).toEqual([expect.objectContaining({ status: 'ended', outcome: 'pospuesta' })]);
    expect(await received(phone)).toEqual([]);
    expect(await fireJobs()).toContain(`${checkIn.id}@${moved.dueAt.getTime()}`);

    // Her next safe moment comes (her hours back to any time, the check-in due now): it is sent
    // again, under a send of its own, and the expiry left from the first sending counts no miss.
    await t.service.db.survivor.update({ where: { id: survivorId }, data: { safeHours: Prisma.DbNull } });
    await t.service.db.checkIn.update({ where: { id: checkIn.id }, data: { dueAt: new Date() } });
    expect(await fireCheckIn(t.service.checkIns.deps, checkIn.id)).toMatchObject({ kind: 'sent' });
    expect(await eventually(async () => ((await received(phone)).length > 0 ? received(phone) : undefined), 10_000, 'the check-in sent again')).toHaveLength(1);
    expect(await expireCheckIn(t.service.checkIns.deps, checkIn.id)).toEqual({ kind: 'not_sent' });
    expect((await t.service.db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } })).status).toBe('sent');
    const sentAgain = (await t.service.db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } })).sentAt!;
    const expiries = (await t.service.queues.checkins.getDelayed()).map((job) => job.id).filter((id) => id?.startsWith(`cx-${checkIn.id}`));
    expect(expiries).toContain(`cx-${checkIn.id}-${sentAgain.getTime()}`);
  });
});
