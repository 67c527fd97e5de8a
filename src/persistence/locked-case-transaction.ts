import type pg from 'pg';
import { TRANSACTION_OPTIONS, type PrivacyTools } from './conversation-store.js';
import { SqlCaseConversation } from './sql-case-conversation.js';
import { inTransaction } from './pg-transaction.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thrown when a case's transaction ran past its time limit: it is rolled back (a job is retried). */
export class TurnTimeoutError extends Error {
  constructor(ms: number) {
    super(`the case transaction took more than ${ms} ms and was rolled back`);
    this.name = 'TurnTimeoutError';
  }
}

/**
 * Runs `work` in one transaction on one connection of `pool` holding the case row's lock (`BEGIN`
 * and `SELECT … FOR UPDATE` in one round trip), with the case's {@link SqlCaseConversation} on that
 * connection. The writes it keeps are sent before `COMMIT`; anything thrown rolls everything back.
 * Every unit of work on one case (her turn, a check-in, a staff action) runs here, so they never
 * interleave and all write through the one implementation of the conversation.
 *
 * @example
 * await inLockedCase(pool, caseId, privacy, async (conversation) => {
 *   await conversation.query(`UPDATE "Case" SET "assignedStaffId" = $2::uuid WHERE id = $1::uuid`, [caseId, staffId]);
 * });
 */
export async function inLockedCase<T>(
  pool: pg.Pool,
  caseId: string,
  privacy: PrivacyTools,
  work: (conversation: SqlCaseConversation) => Promise<T>,
): Promise<T> {
  // One round trip: a simple-protocol query cannot take parameters, so the id goes in as a literal,
  // only once it is known to be a UUID.
  if (!UUID.test(caseId)) throw new Error('a case id must be a UUID');
  const started = Date.now();
  return inTransaction(
    pool,
    async (client) => {
      const conversation = new SqlCaseConversation(client, caseId, privacy);
      const result = await work(conversation);
      await conversation.flush();
      if (Date.now() - started > TRANSACTION_OPTIONS.timeout) throw new TurnTimeoutError(TRANSACTION_OPTIONS.timeout);
      return result;
    },
    `BEGIN; SELECT id FROM "Case" WHERE id = '${caseId}' FOR UPDATE`,
  );
}
