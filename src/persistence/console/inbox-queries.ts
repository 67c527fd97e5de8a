import type { InboxCase, InboxQueries, InboxWindowCases } from '../../app/console/ports.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Database } from '../database.js';
import { poolOf } from '../database.js';
import { fromOpenCaseRow, inboxCasesStatement, inboxWindowStatement, type OpenCaseRow } from './open-cases-sql.js';

const INBOX_SELECT = {
  id: true,
  folio: true,
  status: true,
  attention: true,
  urgency: true,
  attentionReason: true,
  attentionSince: true,
  heldById: true,
  assignedStaffId: true,
  createdAt: true,
  survivor: { select: { alias: true } },
  heldBy: { select: { displayName: true } },
  assignedStaff: { select: { displayName: true } },
  alerts: {
    where: { resolvedAt: null },
    orderBy: { createdAt: 'asc' },
    select: { kind: true, urgency: true, reason: true, createdAt: true },
  },
  sessions: { where: { status: 'waiting' }, select: { id: true }, take: 1 },
  contacts: { orderBy: { createdAt: 'desc' }, select: { createdAt: true }, take: 1 },
} satisfies Prisma.CaseSelect;

type InboxRowData = Prisma.CaseGetPayload<{ select: typeof INBOX_SELECT }>;

function toInboxCase(row: InboxRowData): InboxCase {
  return {
    id: row.id,
    folio: row.folio,
    alias: row.survivor.alias,
    status: row.status,
    attention: row.attention,
    urgency: row.urgency,
    attentionReason: row.attentionReason,
    attentionSince: row.attentionSince,
    heldById: row.heldById,
    heldByName: row.heldBy?.displayName ?? null,
    assignedStaffId: row.assignedStaffId,
    assignedName: row.assignedStaff?.displayName ?? null,
    openAlerts: row.alerts,
    botConversation: row.sessions.length > 0,
    lastContactAt: row.contacts[0]?.createdAt ?? null,
    createdAt: row.createdAt,
  };
}

/**
 * The {@link InboxQueries} over PostgreSQL. A window of the inbox is two statements: one sorts every
 * visible open case into its section, counts and orders them and picks the page's case ids; the
 * other reads those cases (the last contact, the waiting session and the open alerts as correlated
 * subqueries on their indexes). One case is read with Prisma.
 */
export function prismaInboxQueries(db: Database): InboxQueries {
  const pool = poolOf(db);
  return {
    async openCasesWindow(staff, filter, window) {
      if (staff.role === 'admin') return { counts: { urgent: 0, waiting: 0, held: 0, bot: 0 }, cases: [] };
      const statement = inboxWindowStatement(staff, filter, window);
      const { rows } = await pool.query<{ counts: Partial<InboxWindowCases['counts']>; ids: string[] }>(statement.text, statement.values);
      const { counts, ids } = rows[0]!;
      const shown = inboxCasesStatement(ids);
      const cases = ids.length === 0 ? { rows: [] } : await pool.query<OpenCaseRow>(shown.text, shown.values);
      return {
        counts: { urgent: counts.urgent ?? 0, waiting: counts.waiting ?? 0, held: counts.held ?? 0, bot: counts.bot ?? 0 },
        cases: cases.rows.map(fromOpenCaseRow),
      };
    },
    async inboxCase(caseId) {
      const row = await db.case.findUnique({ where: { id: caseId }, select: INBOX_SELECT });
      return row ? toInboxCase(row) : null;
    },
  };
}
