import type { CaseContactState } from '../app/checkins/ports.js';
import type { Prisma } from '../generated/prisma/client.js';
import { newestConsentSql } from './consent-in-force.js';

const LANGUAGES: readonly string[] = ['es-MX', 'en', 'yua'];

/**
 * The one read of whether and how she may be contacted: the case's status, attention and misses, and
 * her survivor record with her follow-up and video-call consent decisions (the newest of each
 * decides). Spread into bigger selects (the console's case facts and conversation view); a select may
 * replace `survivor.consents` with more purposes, as long as each row keeps `purpose`, newest first.
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
        // Every decision of the two purposes, newest first: a handful per survivor.
        where: { purpose: { in: ['follow_up', 'video_call'] } },
        orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
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
    videoCallConsent: row.survivor.consents.find((c) => c.purpose === 'video_call')?.granted ?? false,
    optedOut: row.survivor.optedOutAt !== null,
    hasPhone: row.survivor.phoneHash !== null,
    safeHours: row.survivor.safeHours,
    alias: row.survivor.alias,
    language: (LANGUAGES.includes(row.survivor.language) ? row.survivor.language : 'es-MX') as CaseContactState['language'],
    missedInARow: row.missedInARow,
  };
}

/**
 * The same read as {@link CASE_CONTACT_SELECT} in plain SQL, over `"Case" c` joined to `"Survivor" s`
 * ({@link CASE_CONTACT_FROM}); {@link toCaseContactRow} turns a row of it into a {@link CaseContactRow}.
 */
export const CASE_CONTACT_COLUMNS = `c.status, c.attention, c."missedInARow", s.alias, s.language, s."safeHours", s."optedOutAt", s."phoneHash",
  ${newestConsentSql('s.id', 'follow_up')} AS "followUpGranted",
  ${newestConsentSql('s.id', 'video_call')} AS "videoCallGranted"`;

/** The tables {@link CASE_CONTACT_COLUMNS} reads, with the case as `c` and her survivor record as `s`. */
export const CASE_CONTACT_FROM = `"Case" c JOIN "Survivor" s ON s.id = c."survivorId"`;

/** A row selected with {@link CASE_CONTACT_COLUMNS}. */
export interface CaseContactSqlRow {
  status: CaseContactRow['status'];
  attention: CaseContactRow['attention'];
  missedInARow: number;
  alias: string;
  language: string;
  safeHours: unknown;
  optedOutAt: Date | null;
  phoneHash: string | null;
  /** The newest follow-up consent decision, or null when none was recorded. */
  followUpGranted: boolean | null;
  /** The newest video-call consent decision, or null when none was recorded. */
  videoCallGranted: boolean | null;
}

/** The consent decisions of a row of {@link CASE_CONTACT_COLUMNS}, as the Prisma select lists them. */
export function consentsOf(row: Pick<CaseContactSqlRow, 'followUpGranted' | 'videoCallGranted'>): CaseContactRow['survivor']['consents'] {
  return [
    ...(row.followUpGranted === null ? [] : [{ purpose: 'follow_up', granted: row.followUpGranted }]),
    ...(row.videoCallGranted === null ? [] : [{ purpose: 'video_call', granted: row.videoCallGranted }]),
  ];
}

/** A row of {@link CASE_CONTACT_COLUMNS} in the shape of the Prisma select, for {@link toCaseContact}. */
export function toCaseContactRow(row: CaseContactSqlRow): CaseContactRow {
  return {
    status: row.status,
    attention: row.attention,
    missedInARow: row.missedInARow,
    survivor: {
      alias: row.alias,
      language: row.language,
      safeHours: row.safeHours,
      optedOutAt: row.optedOutAt,
      phoneHash: row.phoneHash,
      consents: consentsOf(row),
    },
  };
}
