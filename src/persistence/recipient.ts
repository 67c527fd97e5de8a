import type { Recipient } from '../app/ports.js';

const LANGUAGES = new Set(['es-MX', 'en', 'yua']);

/**
 * Who the number whose keyed hash is `$1` is: one row with her latest open case, or none. The query is
 * a function of the database (migration `open_turn_functions`), which her turn's opening runs too.
 */
export const RECIPIENT = `SELECT * FROM acompana_recipient($1)`;

/** A row of {@link RECIPIENT}. */
export interface RecipientRow {
  id: string;
  alias: string;
  language: string;
  codeWordHash: string | null;
  optedOut: boolean;
  caseId: string | null;
  consent: boolean | null;
}

/** The {@link Recipient} a row of {@link RECIPIENT} names; `null` without a row or an open case. */
export function recipientOf(row: RecipientRow | undefined): Recipient | null {
  if (!row?.caseId) return null;
  return {
    caseId: row.caseId,
    survivorId: row.id,
    alias: row.alias,
    language: (LANGUAGES.has(row.language) ? row.language : 'es-MX') as Recipient['language'],
    followUpConsent: row.consent ?? false,
    codeWordHash: row.codeWordHash,
    optedOut: row.optedOut,
  };
}
