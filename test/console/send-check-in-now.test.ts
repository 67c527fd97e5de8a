/**
 * Trying a check-in: the demo seed enrols the demo case in the check-in plan, and a coordinator's
 * *Enviar ahora* sends a scheduled one at once, inside her safe hours only; outside them nothing
 * changes and the answer says her next safe moment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolDemoCase } from '../../src/cli/demo-check-ins.js';
import { DEMO_PHONE, seedDemo } from '../../src/demo/seed-demo.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { nextAllowedMoment } from '../../src/app/safe-hours/next-allowed.js';
import { contactPolicy } from '../../src/app/safe-hours/policy.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let coordination: ConsoleClient;
let psychologist: ConsoleClient;
let caseId: string;
let survivorId: string;
const json = { accept: 'application/json' };
const ALWAYS = { windows: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }], blocked: [] };

beforeAll(async () => {
  t = await startTestService({ env: { QUIET_HOURS: 'none' } });
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  const seeded = await seedDemo(t.service.db, privacy);
  caseId = seeded.caseId;
  survivorId = (await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).survivorId;
  await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test' });
  await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test' });
  coordination = new ConsoleClient(t.service.server);
  await coordination.signIn('coord@unidad.test');
  psychologist = new ConsoleClient(t.service.server);
  await psychologist.signIn('ana@unidad.test');
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

async function phone(): Promise<string[]> {
  const res = await t.service.server.inject({ url: `/api/simulator/outbound?to=${encodeURIComponent(DEMO_PHONE)}` });
  return (res.json() as { text: string }[]).map((m) => m.text);
}

describe('the demo case in the check-in plan', () => {
  it('is enrolled by the seed, every check-in at a safe moment, and enrolling again adds nothing', async () => {
    const now = new Date();
    const first = await enrolDemoCase(t.config, t.service.db, privacy, caseId, now);
    const again = await enrolDemoCase(t.config, t.service.db, privacy, caseId, now);
    expect(first.map((c) => c.planItem)).toEqual(['primer_contacto', 'dia_3', 'dia_7', 'dia_15', 'dia_30']);
    expect(again).toEqual(first);
    const policy = contactPolicy(null, { windows: t.config.CONTACT_WINDOWS, quiet: t.config.QUIET_HOURS });
    for (const c of first) expect(nextAllowedMoment(policy, c.dueAt)?.getTime()).toBe(c.dueAt.getTime());
    expect(first[0]!.dueAt.getTime()).toBeGreaterThanOrEqual(now.getTime() + 12 * 3_600_000 - 60_000);
  });
});

describe('Enviar ahora', () => {
  const firstCheckIn = () => t.service.db.checkIn.findFirstOrThrow({ where: { caseId, planItem: 'primer_contacto' } });

  it('outside her safe hours sends nothing, changes nothing, and says when her next safe moment is', async () => {
    const blockEnd = new Date(Date.now() + 3 * 86_400_000);
    await t.service.db.survivor.update({
      where: { id: survivorId },
      data: { safeHours: { ...ALWAYS, blocked: [{ from: new Date(Date.now() - 3_600_000).toISOString(), to: blockEnd.toISOString() }] } },
    });
    const before = await firstCheckIn();
    const res = await coordination.post(`/casos/${caseId}/seguimientos/${before.id}/enviar`, {}, json);
    expect(res.statusCode).toBe(409);
    const body = res.json() as { error: string; field: string; message: string };
    expect(body).toMatchObject({ error: 'outside_safe_hours', field: 'checkInId' });
    expect(body.message).toContain('fuera de su horario seguro');
    expect(body.message).toMatch(/siguiente momento seguro es el \d/);
    expect(await firstCheckIn()).toMatchObject({ status: 'scheduled', dueAt: before.dueAt });
    expect(await phone()).toEqual([]);
  });

  it('is offered to coordinators on the case page, not to psychologists', async () => {
    const row = await firstCheckIn();
    expect((await coordination.get(`/casos/${caseId}`)).body).toContain(`/seguimientos/${row.id}/enviar`);
    await t.service.db.case.update({ where: { id: caseId }, data: { assignedStaffId: null } });
    expect((await psychologist.post(`/casos/${caseId}/seguimientos/${row.id}/enviar`, {}, json)).statusCode).toBe(403);
  });

  it('inside her safe hours sends it at once: the opening question reaches her phone', async () => {
    await t.service.db.survivor.update({ where: { id: survivorId }, data: { safeHours: ALWAYS } });
    const row = await firstCheckIn();
    const res = await coordination.post(`/casos/${caseId}/seguimientos/${row.id}/enviar`, {}, json);
    expect(res.statusCode).toBe(200);
    const received = await eventually(async () => {
      const got = await phone();
      return got.length > 0 ? got : undefined;
    }, 10_000, 'the check-in on her phone');
    expect(received.length).toBeGreaterThan(0);
    expect((await firstCheckIn()).status).toBe('sent');
    const audit = await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'case.checkin_sent_now', subject: `case:${caseId}` } });
    expect(audit.detail).toMatchObject({ checkInId: row.id });
    // Sent: it can no longer be sent again.
    expect((await coordination.post(`/casos/${caseId}/seguimientos/${row.id}/enviar`, {}, json)).statusCode).toBe(409);
  });
});
