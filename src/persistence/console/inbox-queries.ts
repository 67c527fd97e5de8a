import type { InboxCase, InboxQueries } from '../../app/console/ports.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Database } from '../database.js';
import { visibleCasesWhere } from './visible-cases.js';

const INBOX_SELECT = {
  id: true,
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
 * The Prisma {@link InboxQueries}. The inbox holds the unit's open cases (hundreds at most), read in a
 * handful of queries and ordered by the use case.
 */
export function prismaInboxQueries(db: Database): InboxQueries {
  return {
    async openCasesVisibleTo(staff) {
      const rows = await db.case.findMany({ where: { AND: [{ status: 'open' }, visibleCasesWhere(staff)] }, select: INBOX_SELECT });
      return rows.map(toInboxCase);
    },
    async inboxCase(caseId) {
      const row = await db.case.findUnique({ where: { id: caseId }, select: INBOX_SELECT });
      return row ? toInboxCase(row) : null;
    },
  };
}
