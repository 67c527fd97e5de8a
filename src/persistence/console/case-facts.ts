import type { CaseFacts } from '../../app/console/ports.js';
import type { Language } from '../../engine/index.js';
import type { Prisma } from '../../generated/prisma/client.js';

const LANGUAGES: readonly string[] = ['es-MX', 'en', 'yua'];

/** The columns {@link toCaseFacts} reads, for `select`. */
export const CASE_FACTS_SELECT = {
  id: true,
  status: true,
  attention: true,
  urgency: true,
  heldById: true,
  assignedStaffId: true,
  heldBy: { select: { displayName: true } },
  alerts: { where: { resolvedAt: null, urgency: 'urgent' }, select: { id: true }, take: 1 },
  survivor: {
    select: {
      alias: true,
      language: true,
      optedOutAt: true,
      consents: { where: { purpose: 'follow_up' }, orderBy: { recordedAt: 'desc' }, take: 1, select: { granted: true } },
    },
  },
} satisfies Prisma.CaseSelect;

type FactsRow = Prisma.CaseGetPayload<{ select: typeof CASE_FACTS_SELECT }>;

/** A case row selected with {@link CASE_FACTS_SELECT}, as {@link CaseFacts}. */
export function toCaseFacts(row: FactsRow): CaseFacts {
  return {
    id: row.id,
    status: row.status,
    attention: row.attention,
    urgency: row.urgency,
    heldById: row.heldById,
    heldByName: row.heldBy?.displayName ?? null,
    assignedStaffId: row.assignedStaffId,
    hasOpenUrgentAlert: row.alerts.length > 0,
    followUpConsent: row.survivor.consents[0]?.granted ?? false,
    optedOut: row.survivor.optedOutAt !== null,
    alias: row.survivor.alias,
    language: (LANGUAGES.includes(row.survivor.language) ? row.survivor.language : 'es-MX') as Language,
  };
}
