import type { Database } from './database.js';
import { CASE_CONTACT_SELECT, toCaseContact } from './case-contact.js';
import { caseConversation, TRANSACTION_OPTIONS, type PrivacyTools, type Tx } from './conversation-store.js';
import type { CaseContactState, CheckInRow, CheckInStore, CheckInUnit } from '../app/checkins/ports.js';

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

/** What decides whether she may be contacted, read through `tx` (or the plain client). */
async function contactState(tx: Tx | Database, caseId: string): Promise<CaseContactState> {
  return toCaseContact(await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: CASE_CONTACT_SELECT }));
}

/** The Prisma implementation of {@link CheckInStore}. */
export function prismaCheckInStore(db: Database, privacy: PrivacyTools): CheckInStore {
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

    async createMissing(caseId, planned) {
      return db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Case" WHERE id = ${caseId}::uuid FOR UPDATE`;
        const existing = new Set(
          (await tx.checkIn.findMany({ where: { caseId, planItem: { not: null } }, select: { planItem: true } })).map((r) => r.planItem),
        );
        const created: CheckInRow[] = [];
        for (const item of planned) {
          if (item.planItem !== null && existing.has(item.planItem)) continue;
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
      return db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Case" WHERE id = ${located.caseId}::uuid FOR UPDATE`;
        const checkIn = await tx.checkIn.findUniqueOrThrow({ where: { id: checkInId }, select: ROW });
        const unit: CheckInUnit = {
          conversation: caseConversation(tx, located.caseId, privacy),
          checkIn,
          state: await contactState(tx, located.caseId),
          async markSent(at) {
            const { count } = await tx.checkIn.updateMany({
              where: { id: checkInId, status: 'scheduled' },
              data: { status: 'sent', sentAt: at, attempts: { increment: 1 } },
            });
            return count === 1;
          },
          move(dueAt, reason) {
            return tx.checkIn.update({ where: { id: checkInId }, data: { dueAt, movedReason: reason }, select: ROW });
          },
          async reopen(dueAt, reason) {
            const { count } = await tx.checkIn.updateMany({
              where: { id: checkInId, status: 'sent' },
              data: { status: 'scheduled', dueAt, movedReason: reason, sentAt: null },
            });
            return count === 1 ? tx.checkIn.findUniqueOrThrow({ where: { id: checkInId }, select: ROW }) : null;
          },
          async cancel(reason) {
            await tx.checkIn.updateMany({ where: { id: checkInId, status: 'scheduled' }, data: { status: 'cancelled', movedReason: reason } });
          },
          async markMissed() {
            const { count } = await tx.checkIn.updateMany({ where: { id: checkInId, status: 'sent' }, data: { status: 'missed' } });
            if (count === 0) return null;
            const updated = await tx.case.update({
              where: { id: located.caseId },
              data: { missedInARow: { increment: 1 } },
              select: { missedInARow: true },
            });
            return updated.missedInARow;
          },
          async escalate(reason, kind) {
            await tx.case.update({
              where: { id: located.caseId },
              data: { attention: 'waiting_person', urgency: 'urgent', attentionReason: reason, attentionSince: new Date() },
            });
            const alert = await tx.alert.create({
              data: { caseId: located.caseId, kind, urgency: 'urgent', reason },
              select: { id: true },
            });
            return alert.id;
          },
        };
        return work(unit);
      }, TRANSACTION_OPTIONS);
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
      return db.checkIn.findMany({ where: { caseId, flowId, status: 'scheduled' }, select: ROW });
    },

    find(checkInId) {
      return db.checkIn.findUnique({ where: { id: checkInId }, select: ROW });
    },

    async reschedule(checkInId, dueAt, reason) {
      const { count } = await db.checkIn.updateMany({
        where: { id: checkInId, status: 'scheduled' },
        data: { dueAt, movedReason: reason },
      });
      return count === 1 ? db.checkIn.findUnique({ where: { id: checkInId }, select: ROW }) : null;
    },

    async cancel(checkInId, reason) {
      const { count } = await db.checkIn.updateMany({
        where: { id: checkInId, status: 'scheduled' },
        data: { status: 'cancelled', movedReason: reason },
      });
      return count === 1 ? db.checkIn.findUnique({ where: { id: checkInId }, select: ROW }) : null;
    },
  };
}
