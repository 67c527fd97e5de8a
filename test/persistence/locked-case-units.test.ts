import { beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { prismaCheckInStore } from '../../src/persistence/checkin-store.js';
import { prismaConsoleCaseStore } from '../../src/persistence/console/console-case-store.js';
import type { Database } from '../../src/persistence/database.js';
import type { CheckInStore } from '../../src/app/checkins/ports.js';
import type { ConsoleCaseStore } from '../../src/app/console/ports.js';
import { useDemoDatabase } from '../support/demo-database.js';

/*
 * The check-in unit and the console's locked case write in plain SQL in the same transaction as the
 * case's conversation: each of their statements must see the conversation's kept writes, the
 * conversation must see theirs, and they read rows in the shapes the Prisma reads give.
 */

const demo = useDemoDatabase();
let db: Database;
let privacy: PrivacyTools;
let caseId: string;
let checkIns: CheckInStore;
let cases: ConsoleCaseStore;
let staffId: string;

beforeAll(async () => {
  ({ db, privacy, caseId } = demo);
  checkIns = prismaCheckInStore(db, privacy);
  cases = prismaConsoleCaseStore(db, privacy);
  staffId = (await db.staff.create({ data: { email: 'psi-unidad@unidad.example', displayName: 'Marta', role: 'psychologist', passwordHash: 'x' } })).id;
  const { survivorId } = await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { survivorId: true } });
  await db.survivor.update({ where: { id: survivorId }, data: { safeHours: { windows: [{ days: [1, 2, 3], from: '09:00', to: '13:00' }] } } });
});

async function sentCheckIn(): Promise<string> {
  const at = new Date('2026-03-02T16:00:00Z');
  const row = await db.checkIn.create({ data: { caseId, flowId: 'seguimiento', dueAt: at, plannedAt: at, status: 'sent', sentAt: at, attempts: 1 } });
  return row.id;
}

describe('the check-in unit in the case transaction', () => {
  it('reads the check-in and her contact state as the store reads them elsewhere', async () => {
    const checkInId = await sentCheckIn();
    const seen = await checkIns.withCheckIn(checkInId, async (unit) => ({ checkIn: unit.checkIn, state: unit.state }));
    expect(seen).toEqual({ checkIn: await checkIns.find(checkInId), state: await checkIns.contactState(caseId) });
    expect(seen?.state).toMatchObject({ followUpConsent: true, safeHours: { windows: [{ days: [1, 2, 3], from: '09:00', to: '13:00' }] } });
    await db.checkIn.update({ where: { id: checkInId }, data: { status: 'answered' } });
  });

  it("sees the conversation's kept writes: a check-in she just answered is not missed", async () => {
    const checkInId = await sentCheckIn();
    await db.case.update({ where: { id: caseId }, data: { missedInARow: 1 } });
    const missed = await checkIns.withCheckIn(checkInId, async (unit) => {
      expect(await unit.conversation.markCheckInAnswered(new Date())).toBe(checkInId);
      return unit.markMissed(new Date());
    });
    expect(missed).toBeNull();
    expect(await db.checkIn.findUniqueOrThrow({ where: { id: checkInId } })).toMatchObject({ status: 'answered' });
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).missedInARow).toBe(0);
  });

  it('counts a miss, moves and reopens with updated rows, and the conversation sees an escalation', async () => {
    const checkInId = await sentCheckIn();
    const before = await db.checkIn.findUniqueOrThrow({ where: { id: checkInId } });
    const dueAt = new Date('2026-03-03T15:00:00Z');
    const result = await checkIns.withCheckIn(checkInId, async (unit) => {
      const reopened = await unit.reopen(dueAt, 'fuera de su horario');
      const moved = await unit.move(new Date('2026-03-04T15:00:00Z'), 'ella pidió más tarde');
      expect(await unit.markSent(new Date('2026-03-04T15:00:00Z'))).toBe(true);
      expect(await unit.markSent(new Date('2026-03-04T15:00:00Z'))).toBe(false);
      // Sent again at 15:00: an expiry for a sending before that finds nothing to count.
      expect(await unit.markMissed(new Date('2026-03-04T14:59:59Z'))).toBeNull();
      const misses = await unit.markMissed(new Date('2026-03-04T15:00:00Z'));
      expect(await unit.conversation.attention()).toBe('bot');
      const alertId = await unit.escalate('sin respuesta', 'missed_checkins');
      return { reopened, moved, misses, alertId, attention: await unit.conversation.attention() };
    });
    expect(result?.reopened).toEqual({ ...(await checkIns.find(checkInId)), status: 'scheduled', dueAt, sentAt: null, attempts: 1 });
    expect(result?.moved).toMatchObject({ id: checkInId, status: 'scheduled', dueAt: new Date('2026-03-04T15:00:00Z') });
    expect(result).toMatchObject({ misses: 1, attention: 'waiting_person' });
    const after = await db.checkIn.findUniqueOrThrow({ where: { id: checkInId } });
    expect(after).toMatchObject({ status: 'missed', attempts: 2, movedReason: 'ella pidió más tarde' });
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    expect(await db.alert.findUniqueOrThrow({ where: { id: result!.alertId } })).toMatchObject({ caseId, kind: 'missed_checkins', urgency: 'urgent', reason: 'sin respuesta' });
    expect(await db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ attention: 'waiting_person', urgency: 'urgent', missedInARow: 1 });
  });
});

describe("the console's locked case in the case transaction", () => {
  it('reads her facts as the unlocked read does, and the conversation sees a takeover', async () => {
    const seen = await cases.withCase(caseId, async (locked) => {
      const attentionBefore = await locked.conversation.attention();
      expect(await locked.tryHold(staffId, new Date())).toBe(true);
      return { attentionBefore, attentionAfter: await locked.conversation.attention(), facts: await locked.facts() };
    });
    expect(seen.attentionBefore).toBe('waiting_person');
    expect(seen.attentionAfter).toBe('with_person');
    expect(seen.facts).toEqual(await cases.facts(caseId));
    expect(seen.facts).toMatchObject({ heldById: staffId, heldByName: 'Marta', hasOpenUrgentAlert: true, followUpConsent: true });
  });

  it('leaves nothing written when the work fails', async () => {
    const notes = await db.caseNote.count();
    await expect(
      cases.withCase(caseId, async (locked) => {
        await locked.addNote(staffId, 'nota', new Date());
        await locked.assign(null);
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    expect(await db.caseNote.count()).toBe(notes);
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).assignedStaffId).not.toBeNull();
  });

  it("hands back, notes, audits and closes after the conversation's kept writes, all committed together", async () => {
    const at = new Date('2026-03-05T17:00:00Z');
    const result = await cases.withCase(caseId, async (locked) => {
      await locked.releaseToBot(staffId, at);
      const sessionId = await locked.conversation.saveSession({ flowId: 'primer-contacto', state: { step: 0 }, ended: false, timeoutAt: null });
      await locked.assign(staffId);
      const noteId = await locked.addNote(staffId, 'nota privada', at);
      await locked.audit({ staffId, action: 'case.handed_back', subject: `case:${caseId}`, detail: { mode: 'end' } });
      await locked.close('concluido', at);
      return { sessionId, noteId, facts: await locked.facts() };
    });
    expect(result.facts).toMatchObject({ status: 'closed', attention: 'bot', heldById: null, heldByName: null, urgency: 'none', assignedStaffId: staffId, hasOpenUrgentAlert: false });
    expect(await db.flowSession.findUniqueOrThrow({ where: { id: result.sessionId } })).toMatchObject({ status: 'ended', outcome: 'seguimiento_terminado', endedAt: at });
    const note = await db.caseNote.findUniqueOrThrow({ where: { id: result.noteId } });
    expect([note.caseId, note.staffId, privacy.cipher.decrypt(note.textCipher), note.createdAt]).toEqual([caseId, staffId, 'nota privada', at]);
    expect(await db.alert.count({ where: { caseId, resolvedAt: null } })).toBe(0);
    expect(await db.alert.count({ where: { caseId, resolvedAt: at, resolvedById: staffId } })).toBeGreaterThan(0);
    expect(await db.auditLog.findFirstOrThrow({ where: { action: 'case.handed_back', subject: `case:${caseId}` } })).toMatchObject({ staffId, detail: { mode: 'end' } });
    expect(await db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ status: 'closed', closedAt: at, outcome: 'concluido', missedInARow: 0 });
  });
});
