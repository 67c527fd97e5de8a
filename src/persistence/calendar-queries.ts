import type { CalendarQueries } from '../app/appointments/calendar.js';
import { ACTIVE_STATUSES } from '../app/appointments/ports.js';
import { APPOINTMENT_ROW } from './appointment-store.js';
import { poolOf, type Database } from './database.js';
import { newestConsentSql } from './consent-in-force.js';

/** The longest a session may last (enforced when it is booked or moved). */
const MAX_SESSION_MS = 4 * 3_600_000;

/** The Prisma implementation of {@link CalendarQueries}. */
export function prismaCalendarQueries(db: Database): CalendarQueries {
  return {
    async psychologists() {
      const rows = await db.staff.findMany({
        where: {
          role: 'psychologist',
          OR: [{ active: true }, { appointments: { some: { status: { in: [...ACTIVE_STATUSES] }, endsAt: { gt: new Date() } } } }],
        },
        orderBy: [{ active: 'desc' }, { displayName: 'asc' }],
        select: { id: true, displayName: true, calendarTokenHash: true, active: true },
      });
      return rows.map((r) => ({ id: r.id, displayName: r.displayName, hasFeed: r.calendarTokenHash !== null, active: r.active }));
    },

    async entries(staffId, from, to) {
      const rows = await db.appointment.findMany({
        // A session lasts at most 4 hours (book-appointment.ts), so the lower bound on its start lets the
        // (staffId, startsAt) index read only the period instead of her whole history before it.
        where: { staffId, startsAt: { lt: to, gt: new Date(from.getTime() - MAX_SESSION_MS) }, endsAt: { gt: from } },
        orderBy: { startsAt: 'asc' },
        select: { ...APPOINTMENT_ROW, case: { select: { survivor: { select: { alias: true } } } } },
      });
      return rows.map(({ case: c, ...row }) => ({ ...row, alias: c.survivor.alias }));
    },

    async bookableCases() {
      // Her decisions in force, as the contact state reads them.
      const { rows } = await poolOf(db).query<{ caseId: string; alias: string; folio: string | null }>(
        `SELECT c.id AS "caseId", s.alias, c.folio FROM "Case" c JOIN "Survivor" s ON s.id = c."survivorId"
          WHERE c.status = 'open' AND s."phoneHash" IS NOT NULL AND s."optedOutAt" IS NULL
            AND COALESCE(${newestConsentSql('s.id', 'follow_up')}, false) AND COALESCE(${newestConsentSql('s.id', 'video_call')}, false)
          ORDER BY c."createdAt" DESC LIMIT 500`,
      );
      return rows;
    },

    async caseAlias(caseId) {
      const row = await db.case.findUnique({ where: { id: caseId }, select: { survivor: { select: { alias: true } } } });
      return row?.survivor.alias ?? null;
    },

    async setFeedTokenHash(staffId, hash) {
      const { count } = await db.staff.updateMany({ where: { id: staffId, role: 'psychologist' }, data: { calendarTokenHash: hash } });
      return count === 1;
    },

    async setWorkingHours(staffId, windows) {
      const { rowCount } = await poolOf(db).query(`UPDATE "Staff" SET "workingHours" = $2::jsonb WHERE id = $1::uuid AND role = 'psychologist'`, [
        staffId,
        windows === null ? null : JSON.stringify({ windows }),
      ]);
      return rowCount === 1;
    },

    async staffByFeedTokenHash(hash) {
      return db.staff.findFirst({ where: { calendarTokenHash: hash, active: true, role: 'psychologist' }, select: { id: true } });
    },
  };
}
