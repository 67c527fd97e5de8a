import type { CaseFacts } from '../../app/console/ports.js';
import type { Prisma } from '../../generated/prisma/client.js';
import {
  CASE_CONTACT_COLUMNS,
  CASE_CONTACT_FROM,
  CASE_CONTACT_SELECT,
  consentsOf,
  toCaseContact,
  toCaseContactRow,
  type CaseContactSqlRow,
} from '../case-contact.js';

/** The columns {@link toCaseFacts} reads, for `select`: the case's contact state and who attends her. */
export const CASE_FACTS_SELECT = {
  ...CASE_CONTACT_SELECT,
  id: true,
  urgency: true,
  heldById: true,
  assignedStaffId: true,
  heldBy: { select: { displayName: true } },
  alerts: { where: { resolvedAt: null, urgency: 'urgent' }, select: { id: true }, take: 1 },
} satisfies Prisma.CaseSelect;

type FactsRow = Prisma.CaseGetPayload<{ select: typeof CASE_FACTS_SELECT }>;

/** A case row selected with {@link CASE_FACTS_SELECT}, as {@link CaseFacts}. */
export function toCaseFacts(row: FactsRow): CaseFacts {
  const contact = toCaseContact(row);
  return {
    id: row.id,
    status: row.status,
    attention: row.attention,
    urgency: row.urgency,
    heldById: row.heldById,
    heldByName: row.heldBy?.displayName ?? null,
    assignedStaffId: row.assignedStaffId,
    hasOpenUrgentAlert: row.alerts.length > 0,
    followUpConsent: contact.followUpConsent,
    videoCallConsent: contact.videoCallConsent,
    optedOut: contact.optedOut,
    alias: contact.alias,
    language: contact.language,
  };
}

/**
 * The same read as {@link CASE_FACTS_SELECT} in plain SQL, over {@link CASE_FACTS_FROM}; a row of it
 * becomes {@link CaseFacts} through {@link toFactsRow} and {@link toCaseFacts}.
 */
export const CASE_FACTS_COLUMNS = `${CASE_CONTACT_COLUMNS}, c.id, c.urgency, c."heldById", c."assignedStaffId", h."displayName" AS "heldByName",
  (SELECT a.id FROM "Alert" a WHERE a."caseId" = c.id AND a."resolvedAt" IS NULL AND a.urgency = 'urgent' LIMIT 1) AS "openUrgentAlertId"`;

/** The tables {@link CASE_FACTS_COLUMNS} reads: the case `c`, her survivor record `s`, who holds the chat `h`. */
export const CASE_FACTS_FROM = `${CASE_CONTACT_FROM} LEFT JOIN "Staff" h ON h.id = c."heldById"`;

/** A row selected with {@link CASE_FACTS_COLUMNS}. */
export interface CaseFactsSqlRow extends CaseContactSqlRow {
  id: string;
  urgency: FactsRow['urgency'];
  heldById: string | null;
  assignedStaffId: string | null;
  heldByName: string | null;
  openUrgentAlertId: string | null;
}

/** A row of {@link CASE_FACTS_COLUMNS} in the shape of the Prisma select, for {@link toCaseFacts}. */
export function toFactsRow(row: CaseFactsSqlRow): FactsRow {
  const contact = toCaseContactRow(row);
  return {
    ...contact,
    survivor: {
      ...contact.survivor,
      safeHours: row.safeHours as FactsRow['survivor']['safeHours'],
      consents: consentsOf(row) as FactsRow['survivor']['consents'],
    },
    id: row.id,
    urgency: row.urgency,
    heldById: row.heldById,
    assignedStaffId: row.assignedStaffId,
    heldBy: row.heldByName === null ? null : { displayName: row.heldByName },
    alerts: row.openUrgentAlertId === null ? [] : [{ id: row.openUrgentAlertId }],
  };
}
