import type { AuditLogEntry, AuditLogQueries } from '../../app/console/read-audit-log.js';
import { poolOf, type Database } from '../database.js';

/** An entry as the statement reads it: its detail whole (`sealed` included), no folio yet. */
type AuditRow = Omit<AuditLogEntry, 'caseFolio' | 'detail'> & { detail: Record<string, unknown> | null };

/**
 * The audit log in plain SQL, newest first by `(createdAt, id)`. Only the filter's conditions are in
 * the statement, so each shape uses its index (`createdAt`; `staffId, createdAt`; `subject, createdAt`)
 * whatever the planner's statistics say. Folios of the page's cases come in one more query.
 */
export function sqlAuditLogQueries(db: Database): AuditLogQueries {
  const pool = poolOf(db);
  return {
    async list(filter, limit) {
      const where: string[] = [];
      const params: unknown[] = [];
      const param = (value: unknown) => `$${params.push(value)}`;
      if (filter.staffId) where.push(`a."staffId" = ${param(filter.staffId)}::uuid`);
      if (filter.subject) where.push(`a.subject = ${param(filter.subject)}`);
      if (filter.from) where.push(`a."createdAt" >= ${param(filter.from)}`);
      if (filter.to) where.push(`a."createdAt" < ${param(filter.to)}`);
      if (filter.before) where.push(`(a."createdAt", a.id) < (${param(filter.before.at)}, ${param(filter.before.id)}::uuid)`);
      const { rows } = await pool.query<AuditRow>(
        `SELECT a.id, a."createdAt" AS at, a."staffId", s."displayName" AS "staffName", a.action, a.subject, a.detail
           FROM "AuditLog" a LEFT JOIN "Staff" s ON s.id = a."staffId"
          ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY a."createdAt" DESC, a.id DESC
          LIMIT ${param(limit)}`,
        params,
      );
      const caseIds = [...new Set(rows.filter((r) => r.subject.startsWith('case:')).map((r) => r.subject.slice('case:'.length)))];
      const folios = new Map<string, string | null>();
      if (caseIds.length > 0) {
        const found = await pool.query<{ id: string; folio: string | null }>(`SELECT id, folio FROM "Case" WHERE id = ANY($1::uuid[])`, [caseIds]);
        for (const c of found.rows) folios.set(c.id, c.folio);
      }
      return rows.map((r): AuditLogEntry => {
        // What a person typed (a reveal's reason) stays sealed: the page shows ids and codes only.
        const { sealed: _sealed, ...detail } = r.detail ?? {};
        return { ...r, caseFolio: r.subject.startsWith('case:') ? (folios.get(r.subject.slice('case:'.length)) ?? null) : null, detail };
      });
    },

    async caseIdOfFolio(folio) {
      const { rows } = await pool.query<{ id: string }>(`SELECT id FROM "Case" WHERE folio = $1`, [folio.toUpperCase()]);
      return rows[0]?.id ?? null;
    },
  };
}
