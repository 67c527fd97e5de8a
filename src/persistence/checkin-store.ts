import { poolOf, type Database } from './database.js';
import { CASE_CONTACT_SELECT, toCaseContact } from './case-contact.js';
import { TRANSACTION_OPTIONS, type PrivacyTools } from './conversation-store.js';
import { inLockedCase } from './locked-case-transaction.js';
import { lockedCheckIn } from './locked-check-in.js';
import type { CaseContactState, CheckInRow, CheckInStore } from '../app/checkins/ports.js';

const ROW = {
  id: true,
  caseId: true,
  planItem: true,
  flowId: true,
  dueAt: true,
  plannedAt: true,
  status: true,
  attempts: true,
  sentAt: true,
} as const;

/** What decides whether she may be contacted, read without the case's lock. */
async function contactState(db: Database, caseId: string): Promise<CaseContactState> {
  return toCaseContact(await db.case.findUniqueOrThrow({ where: { id: caseId }, select: CASE_CONTACT_SELECT }));
}

/**
 * The implementation of {@link CheckInStore}: Prisma, except the check-in unit, which runs in plain
 * SQL in the case's locked transaction with the conversation of her turns (see {@link lockedCheckIn}).
 */
export function prismaCheckInStore(db: Database, privacy: PrivacyTools): CheckInStore {
  const pool = poolOf(db);
  return {
    contactState(caseId) {
      return contactState(db, caseId);
    },

    async enrollmentFacts(caseId) {
      const row = await db.case.findUnique({ where: { id: caseId }, select: { interventionAt: true, createdAt: true } });
      if (!row) return null;
      const state = await contactState(db, caseId);
      return { baseAt: row.interventionAt ?? row.createdAt, state };
    },

    async createMissing(caseId, planned, options = {}) {
      const revive = new Set(options.revive ?? []);
      return db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Case" WHERE id = ${caseId}::uuid FOR UPDATE`;
        const rows = await tx.checkIn.findMany({ where: { caseId, planItem: { not: null } }, select: { id: true, planItem: true, status: true, movedReason: true } });
        const existing = new Map(rows.map((r) => [r.planItem, r]));
        const created: CheckInRow[] = [];
        for (const item of planned) {
          const row = item.planItem === null ? undefined : existing.get(item.planItem);
          if (row && row.status === 'cancelled' && row.movedReason !== null && revive.has(row.movedReason)) {
            created.push(
              await tx.checkIn.update({
                where: { id: row.id },
                data: { status: 'scheduled', flowId: item.flowId, plannedAt: item.plannedAt, dueAt: item.dueAt, movedReason: item.movedReason, movedReasonCipher: null, attempts: 0, sentAt: null },
                select: ROW,
              }),
            );
            continue;
          }
          if (row) continue;
          created.push(
            await tx.checkIn.create({
              data: {
                caseId,
                planItem: item.planItem,
                flowId: item.flowId,
                plannedAt: item.plannedAt,
                dueAt: item.dueAt,
                movedReason: item.movedReason,
                createdById: item.createdById ?? null,
              },
              select: ROW,
            }),
          );
        }
        return created;
      }, TRANSACTION_OPTIONS);
    },

    async withCheckIn(checkInId, work) {
      const located = await db.checkIn.findUnique({ where: { id: checkInId }, select: { caseId: true } });
      if (!located) return null;
      return inLockedCase(pool, located.caseId, privacy, async (conversation) => work(await lockedCheckIn(conversation, located.caseId, checkInId)));
    },

    async openSentFor(caseId) {
      return db.checkIn.findFirst({ where: { caseId, status: 'sent' }, orderBy: { sentAt: 'desc' }, select: ROW });
    },

    async pending() {
      return db.checkIn.findMany({ where: { status: { in: ['scheduled', 'sent'] } }, orderBy: { dueAt: 'asc' }, select: ROW });
    },

    async cancelAllFor(caseId, reason) {
      return db.$transaction(async (tx) => {
        const rows = await tx.checkIn.findMany({ where: { caseId, status: 'scheduled' }, select: ROW });
        await tx.checkIn.updateMany({ where: { caseId, status: 'scheduled' }, data: { status: 'cancelled', movedReason: reason } });
        return rows.map((r) => ({ ...r, status: 'cancelled' as const }));
      });
    },

    scheduledFor(caseId, flowId) {
      return db.checkIn.findMany({ where: { caseId, status: 'scheduled', ...(flowId === undefined ? {} : { flowId }) }, select: ROW });
    },

    find(checkInId) {
      return db.checkIn.findUnique({ where: { id: checkInId }, select: ROW });
    },

    async reschedule(checkInId, dueAt, reason) {
      const { count } = await db.checkIn.updateMany({
        where: { id: checkInId, status: 'scheduled' },
        // Staff typed the reason: it is kept encrypted, like notes.
        data: { dueAt, movedReason: null, movedReasonCipher: privacy.cipher.encrypt(reason) },
      });
      return count === 1 ? db.checkIn.findUnique({ where: { id: checkInId }, select: ROW }) : null;
    },

    async cancel(checkInId, reason) {
      const { count } = await db.checkIn.updateMany({
        where: { id: checkInId, status: 'scheduled' },
        data: { status: 'cancelled', movedReason: null, movedReasonCipher: privacy.cipher.encrypt(reason) },
      });
      return count === 1 ? db.checkIn.findUnique({ where: { id: checkInId }, select: ROW }) : null;
    },
  };
}
