import type { StaffAccounts, StaffMember, StaffSessions } from '../../app/console/ports.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { Database } from '../database.js';
import { writeAudit } from '../audit-trail.js';

const MEMBER_SELECT = {
  id: true,
  email: true,
  displayName: true,
  role: true,
  active: true,
  mustChangePassword: true,
  createdAt: true,
} satisfies Prisma.StaffSelect;

/** Why a held chat went back to the queue when its holder's account was disabled. */
const RELEASED_REASON = 'La persona que atendía ya no tiene cuenta activa';

/** The Prisma {@link StaffAccounts}. */
export function prismaStaffAccounts(db: Database): StaffAccounts {
  return {
    findByEmail: (email) => db.staff.findUnique({ where: { email }, select: { ...MEMBER_SELECT, passwordHash: true } }),
    find: (staffId) => db.staff.findUnique({ where: { id: staffId }, select: MEMBER_SELECT }),
    list: () => db.staff.findMany({ orderBy: [{ active: 'desc' }, { displayName: 'asc' }], select: MEMBER_SELECT }),
    activePsychologists: () =>
      db.staff.findMany({ where: { active: true, role: 'psychologist' }, orderBy: { displayName: 'asc' }, select: MEMBER_SELECT }),
    disabledPsychologistsWithOpenCases: () =>
      db.staff.findMany({
        where: { active: false, role: 'psychologist', assignedCases: { some: { status: 'open' } } },
        orderBy: { displayName: 'asc' },
        select: MEMBER_SELECT,
      }),

    async create(account, audit) {
      try {
        return await db.$transaction(async (tx) => {
          const row = await tx.staff.create({ data: account, select: { id: true } });
          await writeAudit(tx, { ...audit, subject: `staff:${row.id}` });
          return row.id;
        });
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
        throw error;
      }
    },

    disable(staffId, audit) {
      return db.$transaction(async (tx) => {
        await tx.staff.update({ where: { id: staffId }, data: { active: false } });
        await tx.staffSession.deleteMany({ where: { staffId } });
        const held = await tx.case.findMany({ where: { heldById: staffId }, select: { id: true } });
        const now = new Date();
        for (const { id } of held) {
          await tx.$queryRaw`SELECT id FROM "Case" WHERE id = ${id}::uuid FOR UPDATE`;
          await tx.case.updateMany({
            where: { id, heldById: staffId },
            data: { attention: 'waiting_person', heldById: null, attentionReason: RELEASED_REASON, attentionSince: now },
          });
        }
        await writeAudit(tx, { ...audit, detail: { ...audit.detail, releasedCases: held.length } });
        return held.map((c) => c.id);
      });
    },

    async enable(staffId, audit) {
      await db.$transaction(async (tx) => {
        await tx.staff.update({ where: { id: staffId }, data: { active: true } });
        await writeAudit(tx, audit);
      });
    },

    credentials: (staffId) => db.staff.findUnique({ where: { id: staffId }, select: { ...MEMBER_SELECT, passwordHash: true } }),

    async setPassword(staffId, password, keepSessionId, audit) {
      await db.$transaction(async (tx) => {
        await tx.staff.update({ where: { id: staffId }, data: { passwordHash: password.hash, mustChangePassword: password.mustChange } });
        await tx.staffSession.deleteMany({ where: { staffId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
        await writeAudit(tx, audit);
      });
    },
  };
}

/** The Prisma {@link StaffSessions}. */
export function prismaStaffSessions(db: Database): StaffSessions {
  return {
    async create(staffId, tokenHash, now, expiresAt) {
      const row = await db.staffSession.create({ data: { staffId, tokenHash, createdAt: now, lastSeenAt: now, expiresAt }, select: { id: true } });
      return row.id;
    },
    async find(tokenHash) {
      const row = await db.staffSession.findUnique({
        where: { tokenHash },
        select: { id: true, createdAt: true, expiresAt: true, lastSeenAt: true, staff: { select: MEMBER_SELECT } },
      });
      if (!row || !row.staff.active) return null;
      const staff: StaffMember = row.staff;
      return { sessionId: row.id, staff, createdAt: row.createdAt, expiresAt: row.expiresAt, lastSeenAt: row.lastSeenAt };
    },
    async touch(sessionId, at) {
      await db.staffSession.updateMany({ where: { id: sessionId }, data: { lastSeenAt: at } });
    },
    async delete(tokenHash) {
      await db.staffSession.deleteMany({ where: { tokenHash } });
    },
    async deleteById(sessionId) {
      await db.staffSession.deleteMany({ where: { id: sessionId } });
    },
  };
}
