import type { CaseFacts } from '../../app/console/ports.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { CASE_CONTACT_SELECT, toCaseContact } from '../case-contact.js';

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
    optedOut: contact.optedOut,
    alias: contact.alias,
    language: contact.language,
  };
}
