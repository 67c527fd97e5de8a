import type { CaseContactState } from '../app/checkins/ports.js';
import type { Prisma } from '../generated/prisma/client.js';

const LANGUAGES: readonly string[] = ['es-MX', 'en', 'yua'];

/**
 * The one read of whether and how she may be contacted: the case's status, attention and misses, and
 * her survivor record with the newest follow-up consent. Spread into bigger selects (the console's
 * case facts and conversation view); a select may replace `survivor.consents` with more purposes, as
 * long as each row keeps `purpose`, newest first.
 */
export const CASE_CONTACT_SELECT = {
  status: true,
  attention: true,
  missedInARow: true,
  survivor: {
    select: {
      alias: true,
      language: true,
      safeHours: true,
      optedOutAt: true,
      phoneHash: true,
      consents: {
        where: { purpose: 'follow_up' },
        orderBy: { recordedAt: 'desc' },
        take: 1,
        select: { purpose: true, granted: true },
      },
    },
  },
} satisfies Prisma.CaseSelect;

/** What {@link toCaseContact} reads: a case selected with {@link CASE_CONTACT_SELECT} (or more). */
export interface CaseContactRow {
  status: 'open' | 'closed';
  attention: CaseContactState['attention'];
  missedInARow: number;
  survivor: {
    alias: string;
    language: string;
    safeHours: unknown;
    optedOutAt: Date | null;
    phoneHash: string | null;
    /** Newest first. */
    consents: readonly { purpose: string; granted: boolean }[];
  };
}

/** A case row read with {@link CASE_CONTACT_SELECT} as {@link CaseContactState}. */
export function toCaseContact(row: CaseContactRow): CaseContactState {
  return {
    caseOpen: row.status === 'open',
    attention: row.attention,
    followUpConsent: row.survivor.consents.find((c) => c.purpose === 'follow_up')?.granted ?? false,
    optedOut: row.survivor.optedOutAt !== null,
    hasPhone: row.survivor.phoneHash !== null,
    safeHours: row.survivor.safeHours,
    alias: row.survivor.alias,
    language: (LANGUAGES.includes(row.survivor.language) ? row.survivor.language : 'es-MX') as CaseContactState['language'],
    missedInARow: row.missedInARow,
  };
}
