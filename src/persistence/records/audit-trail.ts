import type { AuditEntry, AuditTrail } from '../../app/records/ports.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Database } from '../database.js';

/**
 * The `AuditLog` row of an entry: the staff id (null for the CLI without `--staff` or a scheduled job),
 * and the channel it came through inside `detail.via`.
 *
 * @example
 * auditData({ actor: { staffId: null, via: 'cli' }, action: 'report.export', subject: 'report', detail: { format: 'csv' } });
 * // { staffId: null, action: 'report.export', subject: 'report', detail: { via: 'cli', format: 'csv' } }
 */
export function auditData(entry: AuditEntry): Prisma.AuditLogUncheckedCreateInput {
  return {
    staffId: entry.actor.staffId,
    action: entry.action,
    subject: entry.subject,
    detail: { via: entry.actor.via, ...(entry.detail ?? {}) } as Prisma.InputJsonObject,
  };
}

/** The Prisma implementation of {@link AuditTrail}. */
export function prismaAuditTrail(db: Database | Prisma.TransactionClient): AuditTrail {
  return {
    async record(entry) {
      await db.auditLog.create({ data: auditData(entry) });
    },
  };
}
