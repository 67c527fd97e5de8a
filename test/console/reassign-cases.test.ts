/**
 * Coordination moves all the open cases of one psychologist to another (she leaves, goes on leave,
 * carries too many): from the inbox filtered by her, each case audited like a single assignment, a
 * chat someone holds kept by its holder, closed cases left alone; a disabled psychologist who still
 * has cases shows in the filter so they can be moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import type { TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { startWithCoordinatorAndPsychologist } from '../support/coordinator-and-psychologist.js';

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let coordinator: ConsoleClient;
let coordinatorId: string;
let psychologist: ConsoleClient;
const json = { accept: 'application/json' };

beforeAll(async () => {
  ({ t, privacy, coordinator, coordinatorId, psychologist } = await startWithCoordinatorAndPsychologist());
});

afterAll(async () => {
  await t?.stop();
});

/** A psychologist with `open` open cases and one closed, all assigned to her. */
async function psychologistWithCases(name: string, open: number) {
  const id = await createStaffAccount(t.service.db, { role: 'psychologist', email: `${name.toLowerCase()}@unidad.test`, displayName: name });
  const cases: string[] = [];
  for (let i = 0; i < open + 1; i += 1) {
    cases.push((await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: `Luz ${name} ${i}`, assignedStaffId: id })).caseId);
  }
  const closed = cases.pop()!;
  await t.service.db.case.update({ where: { id: closed }, data: { status: 'closed', closedAt: new Date() } });
  return { id, open: cases, closed };
}
const assignee = async (caseId: string) => (await t.service.db.case.findUniqueOrThrow({ where: { id: caseId } })).assignedStaffId;

describe('moving a psychologist\'s open cases', () => {
  it('moves every open case to the chosen psychologist, one audit entry each, and leaves closed ones and held chats as they were', async () => {
    const rosa = await psychologistWithCases('Rosa', 3);
    const sara = await psychologistWithCases('Sara', 0);
    // Rosa holds one chat live: she keeps it until she hands it back.
    await t.service.db.case.update({ where: { id: rosa.open[0]! }, data: { attention: 'with_person', heldById: rosa.id } });

    const page = await coordinator.get(`/?psicologa=${rosa.id}`);
    expect(page.body).toContain('<form method="post" action="/asignaciones" class="formulario reasignar" id="reasignar">');
    expect(page.body).toContain(`<input type="hidden" name="de" value="${rosa.id}">`);
    expect(page.body).toContain('Pasar sus 3 casos abiertos a');
    expect(page.body).toMatch(new RegExp(`<select id="reasignar-a" name="staffId">[^]*<option value="${sara.id}">Sara</option>[^]*</select>`));
    expect(page.body).not.toMatch(new RegExp(`<select id="reasignar-a"[^]*<option value="${rosa.id}">[^]*</select>`));

    const res = await coordinator.post('/asignaciones', { de: rosa.id, staffId: sara.id });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/?psicologa=${sara.id}&hecho=reasignados&movidos=3&sesiones=0&quedan=0`);
    expect(await Promise.all(rosa.open.map(assignee))).toEqual([sara.id, sara.id, sara.id]);
    expect(await assignee(rosa.closed)).toBe(rosa.id);
    expect((await t.service.db.case.findUniqueOrThrow({ where: { id: rosa.open[0]! } })).heldById).toBe(rosa.id);

    const entries = await t.service.db.auditLog.findMany({ where: { action: 'case.assigned', subject: { in: rosa.open.map((id) => `case:${id}`) } } });
    expect(entries).toHaveLength(3);
    expect(entries.every((e) => e.staffId === coordinatorId)).toBe(true);
    expect(entries[0]!.detail).toMatchObject({ assigneeId: sara.id, fromId: rosa.id, together: true });

    const after = await coordinator.get(res.headers.location as string);
    expect(after.body).toContain('Se pasaron 3 casos abiertos.');
    expect(after.body).toContain('Pasar sus 3 casos abiertos a');
  });

  it('leaves them unassigned when asked, and says so when there was nothing to move', async () => {
    const rosa = await psychologistWithCases('Elena', 2);
    const json1 = await coordinator.post('/asignaciones', { de: rosa.id, staffId: '' }, json);
    expect(json1.json()).toEqual({ moved: 2, sessionsGiven: 0, sessionsKept: 0 });
    expect(await Promise.all(rosa.open.map(assignee))).toEqual([null, null]);
    const again = await coordinator.post('/asignaciones', { de: rosa.id, staffId: '' });
    expect(again.headers.location).toBe('/?psicologa=none&hecho=reasignados&movidos=0&sesiones=0&quedan=0');
    expect((await coordinator.get(again.headers.location as string)).body).toContain('No había casos abiertos que pasar.');
  });

  it('offers a disabled psychologist who still has open cases in the filter, and moves them', async () => {
    const gone = await psychologistWithCases('Julia', 2);
    const idle = await psychologistWithCases('Paula', 0);
    const sara = (await t.service.db.staff.findFirstOrThrow({ where: { displayName: 'Sara' } })).id;
    await t.service.db.staff.updateMany({ where: { id: { in: [gone.id, idle.id] } }, data: { active: false } });

    const inbox = await coordinator.get('/');
    expect(inbox.body).toContain(`<option value="${gone.id}">Julia (cuenta desactivada)</option>`);
    // Disabled with no open case: nothing to do with her, so not offered.
    expect(inbox.body).not.toContain(`value="${idle.id}"`);
    const filtered = await coordinator.get(`/?psicologa=${gone.id}`);
    expect(filtered.body).toContain('Pasar sus 2 casos abiertos a');
    // Nobody can be given cases with a disabled account.
    expect(filtered.body).not.toMatch(new RegExp(`<select id="reasignar-a"[^]*value="${gone.id}"[^]*</select>`));

    expect((await coordinator.post('/asignaciones', { de: gone.id, staffId: sara }, json)).json()).toEqual({ moved: 2, sessionsGiven: 0, sessionsKept: 0 });
    expect(await Promise.all(gone.open.map(assignee))).toEqual([sara, sara]);
    expect((await coordinator.get('/')).body).not.toContain(`value="${gone.id}"`);
  });

  it('is refused to psychologists, to a disabled or unknown target, and names a bad field, moving nothing', async () => {
    const rosa = await psychologistWithCases('Lucía', 1);
    const disabled = await psychologistWithCases('Marta', 0);
    await t.service.db.staff.update({ where: { id: disabled.id }, data: { active: false } });

    expect((await psychologist.post('/asignaciones', { de: rosa.id, staffId: '' }, json)).statusCode).toBe(403);
    const toDisabled = await coordinator.post('/asignaciones', { de: rosa.id, staffId: disabled.id }, json);
    expect([toDisabled.statusCode, toDisabled.json()]).toMatchObject([400, { error: 'invalid_assignee', field: 'staffId' }]);
    const unknown = await coordinator.post('/asignaciones', { de: '00000000-0000-7000-8000-000000000000', staffId: '' }, json);
    expect([unknown.statusCode, unknown.json()]).toMatchObject([404, { error: 'psychologist_not_found', field: 'de' }]);
    const fromCoordinator = await coordinator.post('/asignaciones', { de: coordinatorId, staffId: '' }, json);
    expect(fromCoordinator.statusCode).toBe(404);
    const malformed = await coordinator.post('/asignaciones', { de: 'rosa', staffId: '' }, json);
    expect([malformed.statusCode, malformed.json()]).toMatchObject([400, { field: 'de' }]);
    expect(await assignee(rosa.open[0]!)).toBe(rosa.id);
  });
});

describe('sharing out the unassigned cases', () => {
  const unassignedOpen = () => t.service.db.case.findMany({ where: { status: 'open', assignedStaffId: null }, select: { id: true } });
  const openOf = (id: string) => t.service.db.case.count({ where: { status: 'open', assignedStaffId: id } });

  it('gives each, oldest first, to whichever chosen psychologist has fewest open cases, and leaves closed ones', async () => {
    const xochitl = await psychologistWithCases('Xóchitl', 2);
    const yolanda = await psychologistWithCases('Yolanda', 0);
    for (let i = 0; i < 5; i += 1) await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: `Sin asignar ${i}` });
    const closed = (await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Cerrado' })).caseId;
    await t.service.db.case.update({ where: { id: closed }, data: { status: 'closed', closedAt: new Date() } });
    const waiting = (await unassignedOpen()).length;

    const page = await coordinator.get('/?psicologa=none');
    expect(page.body).toContain('<form method="post" action="/asignaciones/repartir" class="formulario reasignar" id="repartir">');
    expect(page.body).toContain(`Repartir los ${waiting} casos sin asignar entre`);
    expect(page.body).toContain(`<input type="checkbox" id="repartir-${xochitl.id}" name="psicologas" value="${xochitl.id}" checked> <label for="repartir-${xochitl.id}">Xóchitl (2 casos abiertos)</label>`);

    const res = await coordinator.post('/asignaciones/repartir', { psicologas: [xochitl.id, yolanda.id] }, json);
    expect(res.statusCode).toBe(200);
    const { moved, given } = res.json() as { moved: number; given: Record<string, number> };
    expect(moved).toBe(waiting);
    expect(given[xochitl.id]! + given[yolanda.id]!).toBe(waiting);
    expect(await unassignedOpen()).toEqual([]);
    // She started with two more: the loads end even, within one.
    expect(Math.abs((await openOf(xochitl.id)) - (await openOf(yolanda.id)))).toBeLessThanOrEqual(1);
    expect(await assignee(closed)).toBeNull();
    const shared = await t.service.db.auditLog.findMany({ where: { action: 'case.assigned', staffId: coordinatorId } });
    expect(shared.filter((e) => (e.detail as { fromId?: unknown }).fromId === null).length).toBeGreaterThanOrEqual(waiting);

    const form = await coordinator.post('/asignaciones/repartir', { psicologas: yolanda.id });
    expect(form.headers.location).toBe('/?psicologa=none&hecho=repartidos&movidos=0');
    expect((await coordinator.get(form.headers.location as string)).body).toContain('No había casos sin asignar que repartir.');
  });

  it('is refused without a psychologist, with one who is not active, and to psychologists, sharing nothing', async () => {
    const waiting = (await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Espera' })).caseId;
    const gone = await psychologistWithCases('Zoila', 0);
    await t.service.db.staff.update({ where: { id: gone.id }, data: { active: false } });

    const none = await coordinator.post('/asignaciones/repartir', {}, json);
    expect([none.statusCode, none.json()]).toMatchObject([400, { field: 'psicologas' }]);
    const disabled = await coordinator.post('/asignaciones/repartir', { psicologas: gone.id }, json);
    expect([disabled.statusCode, disabled.json()]).toMatchObject([400, { error: 'invalid_assignee' }]);
    expect((await psychologist.post('/asignaciones/repartir', { psicologas: gone.id }, json)).statusCode).toBe(403);
    expect(await assignee(waiting)).toBeNull();
  });
});

