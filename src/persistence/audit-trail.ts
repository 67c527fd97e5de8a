import { uuidV7 } from './uuid-v7.js';
import type { AuditEntry, AuditTrail } from '../app/audit/ports.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { FieldCipher } from '../privacy/field-cipher.js';

/** Anything that can write an audit row: the client or a transaction. */
type AuditWriter = Pick<Prisma.TransactionClient, 'auditLog'>;

/**
 * The `AuditLog` row of an entry: the staff id (null for the CLI without `--staff` or a scheduled job),
 * and where it came from, when said, as `detail.via`.
 *
 * @example
 * auditRow({ staffId: null, via: 'cli', action: 'report.export', subject: 'report', detail: { format: 'csv' } });
 * // { staffId: null, action: 'report.export', subject: 'report', detail: { via: 'cli', format: 'csv' } }
 */
export function auditRow(entry: AuditEntry, cipher?: FieldCipher): Prisma.AuditLogUncheckedCreateInput {
  const plain = entry.via ? { via: entry.via, ...entry.detail } : entry.detail;
  const detail = entry.sealed ? { ...plain, sealed: seal(entry.sealed, cipher) } : plain;
  return {
    staffId: entry.staffId,
    action: entry.action,
    subject: entry.subject,
    ...(detail ? { detail: detail as Prisma.InputJsonObject } : {}),
  };
}

/**
 * The `AuditLog` insert of an entry in plain SQL, for a `pg` client inside a transaction (the id is a
 * UUIDv7 made here, as Prisma makes it).
 */
export function auditInsert(entry: AuditEntry, cipher?: FieldCipher): { text: string; values: unknown[] } {
  const row = auditRow(entry, cipher);
  return {
    text: `INSERT INTO "AuditLog" (id, "staffId", action, subject, detail, "createdAt") VALUES ($1::uuid, $2::uuid, $3, $4, $5::jsonb, clock_timestamp())`,
    values: [uuidV7(), row.staffId ?? null, row.action, row.subject, row.detail === undefined ? null : JSON.stringify(row.detail)],
  };
}

/** Writes one audit entry with `client` (inside a transaction when given one, so it commits with the change). */
export async function writeAudit(client: AuditWriter, entry: AuditEntry, cipher?: FieldCipher): Promise<void> {
  await client.auditLog.create({ data: auditRow(entry, cipher) });
}

/**
 * The Prisma {@link AuditTrail}: one `AuditLog` row per entry. With `cipher`, entries may carry
 * `sealed` free text (encrypted); without it such an entry is refused rather than written in plain.
 */
export function prismaAuditTrail(client: AuditWriter, cipher?: FieldCipher): AuditTrail {
  return { record: (entry) => writeAudit(client, entry, cipher) };
}

/** Encrypts each sealed value (base64 of the ciphertext); refuses when there are no keys to do it with. */
function seal(sealed: Record<string, string>, cipher: FieldCipher | undefined): Record<string, string> {
  if (!cipher) throw new Error('an audit entry with free text needs the data keys to encrypt it');
  return Object.fromEntries(Object.entries(sealed).map(([key, text]) => [key, Buffer.from(cipher.encrypt(text)).toString('base64')]));
}
