import type { AuditEntry, AuditTrail } from '../../app/console/ports.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Database } from '../database.js';

/** Anything that can write an audit row: the client or a transaction. */
type AuditWriter = Pick<Prisma.TransactionClient, 'auditLog'>;

/** Writes one audit entry with `client` (inside a transaction when given one). */
export async function writeAudit(client: AuditWriter, entry: AuditEntry): Promise<void> {
  await client.auditLog.create({
    data: {
      staffId: entry.staffId,
      action: entry.action,
      subject: entry.subject,
      ...(entry.detail ? { detail: entry.detail } : {}),
    },
  });
}

/** The Prisma {@link AuditTrail}: one `AuditLog` row per entry. */
export function prismaAuditTrail(db: Database): AuditTrail {
  return { record: (entry) => writeAudit(db, entry) };
}
