import type { InboxCase, InboxCaseFilter, StaffIdentity } from '../../app/console/ports.js';

/** A row of {@link openCasesStatement}, as `pg` returns it. */
export interface OpenCaseRow {
  id: string;
  folio: string | null;
  status: 'open' | 'closed';
  attention: InboxCase['attention'];
  urgency: InboxCase['urgency'];
  attentionReason: string | null;
  attentionSince: Date | null;
  heldById: string | null;
  heldByName: string | null;
  assignedStaffId: string | null;
  assignedName: string | null;
  createdAt: Date;
  alias: string;
  botConversation: boolean;
  lastContactAt: Date | null;
  openAlerts: { kind: string; urgency: InboxCase['urgency']; reason: string; createdAt: string }[];
}

/** Escapes `%`, `_` and `\` so a search text is matched literally inside `LIKE`. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The range of case ids starting with `text` (hex digits and dashes, 4 or more hex digits), as the
 * lowest and highest id with that prefix; `null` when `text` cannot start a case id.
 *
 * @example
 * caseIdRange('0193ab') // ['0193ab00-0000-0000-0000-000000000000', '0193abff-ffff-ffff-ffff-ffffffffffff']
 */
export function caseIdRange(text: string): [string, string] | null {
  const hex = text.toLowerCase().replace(/-/g, '');
  if (!/^[0-9a-f]{4,32}$/.test(hex) || !/^[0-9a-f-]+$/i.test(text)) return null;
  const shape = (digits: string) => `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20)}`;
  return [shape(hex.padEnd(32, '0')), shape(hex.padEnd(32, 'f'))];
}

/**
 * The SQL of the open cases `staff` may see (the database side of `canSeeCase`, like
 * `visibleCasesWhere`), narrowed by `filter`. The text is matched against the folio and the alias
 * (both plain columns) and the case id; phone numbers and messages are encrypted and never searched.
 */
export function openCasesStatement(staff: StaffIdentity, filter: InboxCaseFilter): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = [`c.status = 'open'`];
  if (staff.role === 'psychologist') {
    const me = param(staff.id);
    where.push(`(c."assignedStaffId" = ${me}::uuid OR c."heldById" = ${me}::uuid OR (c."assignedStaffId" IS NULL AND (c.urgency = 'urgent'
      OR EXISTS (SELECT 1 FROM "Alert" u WHERE u."caseId" = c.id AND u."resolvedAt" IS NULL AND u.urgency = 'urgent'))))`);
  }
  if (filter.assignedTo === null) where.push(`c."assignedStaffId" IS NULL`);
  else if (filter.assignedTo !== undefined) where.push(`c."assignedStaffId" = ${param(filter.assignedTo)}::uuid`);
  if (filter.text) {
    const like = param(`%${likeLiteral(filter.text)}%`);
    const matches = [`c.folio ILIKE ${like}`, `s.alias ILIKE ${like}`];
    const range = caseIdRange(filter.text);
    if (range) matches.push(`c.id BETWEEN ${param(range[0])}::uuid AND ${param(range[1])}::uuid`);
    where.push(`(${matches.join(' OR ')})`);
  }
  const text = `SELECT c.id, c.folio, c.status, c.attention, c.urgency, c."attentionReason", c."attentionSince", c."heldById",
    h."displayName" AS "heldByName", c."assignedStaffId", a."displayName" AS "assignedName", c."createdAt", s.alias,
    EXISTS (SELECT 1 FROM "FlowSession" f WHERE f."caseId" = c.id AND f.status = 'waiting') AS "botConversation",
    (SELECT max(m."createdAt") FROM "Contact" m WHERE m."caseId" = c.id) AS "lastContactAt",
    COALESCE((SELECT json_agg(json_build_object('kind', l.kind, 'urgency', l.urgency, 'reason', l.reason, 'createdAt', l."createdAt") ORDER BY l."createdAt")
      FROM "Alert" l WHERE l."caseId" = c.id AND l."resolvedAt" IS NULL), '[]'::json) AS "openAlerts"
  FROM "Case" c
  JOIN "Survivor" s ON s.id = c."survivorId"
  LEFT JOIN "Staff" h ON h.id = c."heldById"
  LEFT JOIN "Staff" a ON a.id = c."assignedStaffId"
  WHERE ${where.join(' AND ')}`;
  return { text, values };
}

/** An {@link OpenCaseRow} as the use case's {@link InboxCase}. */
export function fromOpenCaseRow(row: OpenCaseRow): InboxCase {
  return {
    ...row,
    openAlerts: row.openAlerts.map((a) => ({ ...a, createdAt: new Date(a.createdAt) })),
  };
}
