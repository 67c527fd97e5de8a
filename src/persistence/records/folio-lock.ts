import type { Prisma } from '../../generated/prisma/client.js';
import type pg from 'pg';

/** The advisory lock key under which BANAVIM folios are written. */
const FOLIO_WRITES_LOCK_KEY = 911_001;

/**
 * Takes the transaction-scoped advisory lock that serializes every write of BANAVIM folios: imports
 * of the 911 unit's file (which also wait for each other, so two runs of the same file cannot both
 * think a folio is new) and registrations from the console. Whoever comes second reads what the first
 * committed, so a folio claimed meanwhile is refused in words (`is already registered for another case`,
 * `folio_in_use`) instead of by the unique index as a database error.
 */
export async function lockFolioWrites(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FOLIO_WRITES_LOCK_KEY})`;
}

/** {@link lockFolioWrites} on a `pg` client inside its transaction (the SQL import store's). */
export async function lockFolioWritesOn(client: Pick<pg.ClientBase, 'query'>): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [FOLIO_WRITES_LOCK_KEY]);
}
