import type { BulletinStore } from '../../app/records/bulletins.js';
import type { ReportFigures } from '../../app/records/report-figures.js';
import type { Database } from '../database.js';
import { isUuid } from '../typed-ids.js';

/**
 * The Prisma implementation of {@link BulletinStore}: one `Bulletin` row per period (unique), the
 * figures as JSON. A second save of a period (two processes, a retried job) keeps the first.
 */
export function prismaBulletinStore(db: Database): BulletinStore {
  const summary = (b: { id: string; periodFrom: string; periodTo: string; createdAt: Date }) => ({ id: b.id, from: b.periodFrom, to: b.periodTo, createdAt: b.createdAt });
  return {
    async save({ from, to, figures }) {
      const existing = await db.bulletin.findUnique({ where: { periodFrom_periodTo: { periodFrom: from, periodTo: to } }, select: { id: true } });
      if (existing) return { id: existing.id, created: false };
      const inserted = await db.$queryRaw<{ id: string }[]>`
        INSERT INTO "Bulletin" (id, "periodFrom", "periodTo", figures)
        VALUES (gen_random_uuid(), ${from}, ${to}, ${JSON.stringify(figures)}::jsonb)
        ON CONFLICT ("periodFrom", "periodTo") DO NOTHING RETURNING id`;
      if (inserted[0]) return { id: inserted[0].id, created: true };
      const kept = await db.bulletin.findUniqueOrThrow({ where: { periodFrom_periodTo: { periodFrom: from, periodTo: to } }, select: { id: true } });
      return { id: kept.id, created: false };
    },
    async list() {
      const rows = await db.bulletin.findMany({ orderBy: [{ periodFrom: 'desc' }, { periodTo: 'desc' }], select: { id: true, periodFrom: true, periodTo: true, createdAt: true } });
      return rows.map(summary);
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const row = await db.bulletin.findUnique({ where: { id } });
      return row ? { ...summary(row), figures: row.figures as unknown as ReportFigures } : null;
    },
  };
}
