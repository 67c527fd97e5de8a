import type { AuditAction, AuditTrail } from '../audit/ports.js';
import { ConsoleError } from './errors.js';
import type { StaffIdentity } from './ports.js';

/** One entry of the audit log as the admin reads it: who, what, on what, when, and its detail of ids (never what was sealed). */
export interface AuditLogEntry {
  id: string;
  at: Date;
  staffId: string | null;
  /** The staff member's name, or null for the service itself (a scheduled job, the CLI without `--staff`). */
  staffName: string | null;
  action: AuditAction;
  subject: string;
  /** The case's folio when the subject is a case that has one. */
  caseFolio: string | null;
  /** `detail` without its `sealed` values (a reveal's reason stays encrypted). */
  detail: Record<string, unknown>;
}

/** Which entries: of one staff member, about one subject (`case:<id>`), between two moments; `before` continues a list. */
export interface AuditLogFilter {
  staffId?: string | undefined;
  subject?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** The last entry of the previous page: the list goes on with older ones. */
  before?: { at: Date; id: string } | undefined;
}

/** Reads the audit log, newest first. */
export interface AuditLogQueries {
  /** At most `limit` entries matching `filter`, newest first. */
  list(filter: AuditLogFilter, limit: number): Promise<AuditLogEntry[]>;
  /** The id of the case with this folio (as stored, in capitals), if any. */
  caseIdOfFolio(folio: string): Promise<string | null>;
}

/** Entries a page shows. */
export const AUDIT_PAGE_SIZE = 100;

/** What {@link readAuditLog} needs. */
export interface ReadAuditLogDeps {
  auditLog: AuditLogQueries;
  audit: AuditTrail;
}

/**
 * A page of the audit log for an admin, newest first ({@link AUDIT_PAGE_SIZE} entries, and whether
 * older ones follow). Reading it is audited too (`audit.viewed`, with the filter's ids and dates).
 *
 * @throws ConsoleError `forbidden` for anyone but an admin.
 */
export async function readAuditLog(deps: ReadAuditLogDeps, viewer: StaffIdentity, filter: AuditLogFilter): Promise<{ entries: AuditLogEntry[]; more: boolean }> {
  if (viewer.role !== 'admin') throw new ConsoleError('forbidden', 'Solo la administración lee el registro de accesos.');
  const found = await deps.auditLog.list(filter, AUDIT_PAGE_SIZE + 1);
  await deps.audit.record({
    staffId: viewer.id,
    action: 'audit.viewed',
    subject: filter.subject ?? (filter.staffId ? `staff:${filter.staffId}` : 'audit'),
    detail: {
      ...(filter.staffId ? { staffId: filter.staffId } : {}),
      ...(filter.from ? { from: filter.from.toISOString() } : {}),
      ...(filter.to ? { to: filter.to.toISOString() } : {}),
    },
  });
  return { entries: found.slice(0, AUDIT_PAGE_SIZE), more: found.length > AUDIT_PAGE_SIZE };
}
