import type { InboxCase, InboxCaseFilter, InboxWindow, StaffIdentity } from '../../app/console/ports.js';

/** A row of {@link inboxCasesStatement}, as `pg` returns it. */
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

/** A statement's text and its values (`$1`, `$2`… in order). */
export interface SqlStatement {
  text: string;
  values: unknown[];
}

/** Adds values to a statement, each answering its placeholder (`$n`). */
function placeholders(values: unknown[]): (value: unknown) => string {
  return (value) => {
    values.push(value);
    return `$${values.length}`;
  };
}

/**
 * The conditions on `c` ("Case") and `s` ("Survivor") of the open cases `staff` may see (the database
 * side of `canSeeCase`, like `visibleCasesWhere`), narrowed by `filter`. The text is matched against
 * the folio and the alias (both plain columns) and the case id; phone numbers and messages are
 * encrypted and never searched.
 */
function visibleOpenCasesWhere(staff: StaffIdentity, filter: InboxCaseFilter, param: (value: unknown) => string): string[] {
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
  return where;
}

/** Her last message's time (in or out), from the (caseId, createdAt) index. */
const LAST_CONTACT = `(SELECT max(m."createdAt") FROM "Contact" m WHERE m."caseId" = c.id)`;

/**
 * The SQL of a window of the inbox (see `InboxQueries.openCasesWindow`): one row, `counts` (a JSON
 * object of the cases in each section) and `ids` (the case ids of the rows shown). Each open case
 * visible to `staff` is sorted into its section as `inboxGroupOf` does and given the time `inboxRow`
 * orders it by (her last message is looked up only where that time needs it: the bot's section, and
 * a case waiting since no known time); each section is then numbered in inbox order and cut to the
 * page asked for, clamped to the section's last page, as `searchInbox` shows it.
 */
export function inboxWindowStatement(staff: StaffIdentity, filter: InboxCaseFilter, window: InboxWindow): SqlStatement {
  const values: unknown[] = [];
  const param = placeholders(values);
  const where = visibleOpenCasesWhere(staff, filter, param);
  const sections = param([...window.sections]);
  const page = param(window.page);
  const size = param(window.size);
  const text = `WITH open_alerts AS (
    SELECT l."caseId", bool_or(l.urgency = 'urgent') AS urgent, bool_or(l.kind IN ('emergency_word', 'code_word')) AS danger,
           min(l."createdAt") AS first_at
    FROM "Alert" l WHERE l."resolvedAt" IS NULL GROUP BY l."caseId"
  ),
  sorted AS (
    SELECT c.id, g.section,
      CASE WHEN g.section <> 'urgent' THEN 0 WHEN c.attention = 'with_person' THEN 2 WHEN oa.danger THEN 0 ELSE 1 END AS tier,
      CASE WHEN g.section = 'bot' THEN COALESCE(${LAST_CONTACT}, c."createdAt")
        ELSE COALESCE(c."attentionSince", oa.first_at, ${LAST_CONTACT}, c."createdAt") END AS since
    FROM "Case" c
    ${filter.text ? 'JOIN "Survivor" s ON s.id = c."survivorId"' : ''}
    LEFT JOIN open_alerts oa ON oa."caseId" = c.id
    CROSS JOIN LATERAL (SELECT CASE
      WHEN c.urgency = 'urgent' OR oa.urgent THEN 'urgent'
      WHEN c.attention = 'with_person' THEN 'held'
      WHEN c.attention = 'waiting_person' OR oa."caseId" IS NOT NULL THEN 'waiting'
      ELSE 'bot' END AS section) g
    WHERE ${where.join(' AND ')}
  ),
  counts AS (SELECT section, count(*)::int AS total FROM sorted GROUP BY section),
  numbered AS (
    SELECT id, section, row_number() OVER (PARTITION BY section
      ORDER BY tier, CASE WHEN section = 'bot' THEN since END DESC, CASE WHEN section <> 'bot' THEN since END ASC, id) AS n
    FROM sorted WHERE section = ANY(${sections}::text[])
  ),
  shown AS (
    SELECT r.id FROM numbered r JOIN counts k ON k.section = r.section
    CROSS JOIN LATERAL (SELECT LEAST(${page}::int, GREATEST(1, CEIL(k.total::numeric / ${size}::int)::int)) AS page) p
    WHERE r.n > (p.page - 1) * ${size}::int AND r.n <= p.page * ${size}::int
  )
  SELECT COALESCE((SELECT json_object_agg(section, total) FROM counts), '{}'::json) AS counts, ARRAY(SELECT id FROM shown) AS ids`;
  return { text, values };
}

/** The SQL of the cases `ids` as inbox rows ({@link OpenCaseRow}): the rows a window shows. */
export function inboxCasesStatement(ids: readonly string[]): SqlStatement {
  const text = `SELECT c.id, c.folio, c.status, c.attention, c.urgency, c."attentionReason", c."attentionSince", c."heldById",
    h."displayName" AS "heldByName", c."assignedStaffId", a."displayName" AS "assignedName", c."createdAt", s.alias,
    EXISTS (SELECT 1 FROM "FlowSession" f WHERE f."caseId" = c.id AND f.status = 'waiting') AS "botConversation",
    ${LAST_CONTACT} AS "lastContactAt",
    COALESCE((SELECT json_agg(json_build_object('kind', l.kind, 'urgency', l.urgency, 'reason', l.reason, 'createdAt', l."createdAt") ORDER BY l."createdAt")
      FROM "Alert" l WHERE l."caseId" = c.id AND l."resolvedAt" IS NULL), '[]'::json) AS "openAlerts"
  FROM "Case" c
  JOIN "Survivor" s ON s.id = c."survivorId"
  LEFT JOIN "Staff" h ON h.id = c."heldById"
  LEFT JOIN "Staff" a ON a.id = c."assignedStaffId"
  WHERE c.id = ANY($1::uuid[])`;
  return { text, values: [[...ids]] };
}

/** An {@link OpenCaseRow} as the use case's {@link InboxCase}. */
export function fromOpenCaseRow(row: OpenCaseRow): InboxCase {
  return {
    ...row,
    openAlerts: row.openAlerts.map((a) => ({ ...a, createdAt: new Date(a.createdAt) })),
  };
}
