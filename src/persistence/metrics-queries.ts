import type { Database } from './database.js';

/** What the metrics read from PostgreSQL at each scrape: counts only, never ids or text. */
export function metricsQueries(db: Database) {
  const since = () => new Date(Date.now() - 24 * 3600 * 1000);
  return {
    /** Messages of the last 24 hours by direction and status. */
    async messages() {
      const rows = await db.$queryRaw<{ direction: string; status: string; count: bigint }[]>`
        SELECT direction::text AS direction, status::text AS status, count(*) AS count FROM "Contact"
         WHERE "createdAt" >= ${since()} GROUP BY 1, 2`;
      return rows.map((row) => ({ direction: row.direction, status: row.status, count: Number(row.count) }));
    },
    /** Failed deliveries of the last 24 hours by error code. */
    async deliveryFailures() {
      const rows = await db.$queryRaw<{ code: string; count: bigint }[]>`
        SELECT coalesce("errorCode", 'unknown') AS code, count(*) AS count FROM "Contact"
         WHERE status = 'failed' AND "createdAt" >= ${since()} GROUP BY 1`;
      return rows.map((row) => ({ code: row.code, count: Number(row.count) }));
    },
    /** Alerts nobody resolved, by urgency. */
    async openAlerts() {
      const rows = await db.$queryRaw<{ urgency: string; count: bigint }[]>`
        SELECT urgency::text AS urgency, count(*) AS count FROM "Alert" WHERE "resolvedAt" IS NULL GROUP BY 1`;
      return rows.map((row) => ({ urgency: row.urgency, count: Number(row.count) }));
    },
  };
}
