import pg from 'pg';
import type { ContactChannel, Recipient } from '../app/ports.js';
import type { E164 } from '../app/phone-number.js';
import { TRANSACTION_OPTIONS, type PrivacyTools } from './conversation-store.js';
import { SqlCaseConversation, type SnapshotRow } from './sql-case-conversation.js';
import { inTransaction } from './pg-transaction.js';
import { recipientOf, type RecipientRow } from './recipient.js';
import { isUuid } from './typed-ids.js';

const HEX = /^[0-9a-f]+$/;
const CHANNEL = /^[a-z_]+$/;

/** Thrown when a case's transaction ran past its time limit: it is rolled back (a job is retried). */
export class TurnTimeoutError extends Error {
  constructor(ms: number) {
    super(`the case transaction took more than ${ms} ms and was rolled back`);
    this.name = 'TurnTimeoutError';
  }
}

/** Runs `work` on the case's conversation, within the time limit; its kept writes go with `COMMIT`. */
async function runLocked<T>(conversation: SqlCaseConversation, work: (conversation: SqlCaseConversation) => Promise<T>, started: number): Promise<T> {
  const result = await work(conversation);
  if (Date.now() - started > TRANSACTION_OPTIONS.timeout) throw new TurnTimeoutError(TRANSACTION_OPTIONS.timeout);
  return result;
}

/** Ends the transaction with the conversation's kept writes and `COMMIT` in one round trip. */
function commitOf(conversation: () => SqlCaseConversation | undefined): (client: pg.PoolClient) => Promise<unknown> {
  return (client) => conversation()?.commit() ?? client.query('COMMIT');
}

/**
 * Runs `work` in one transaction on one connection of `pool` holding the case row's lock (`BEGIN`
 * and `SELECT … FOR UPDATE` in one round trip), with the case's {@link SqlCaseConversation} on that
 * connection. The writes it keeps go with `COMMIT`, in one round trip; anything thrown rolls
 * everything back.
 * Every unit of work on one case (her turn, a check-in, a staff action) runs here or in
 * {@link inLockedCaseOfPhone}, so they never interleave and all write through the one implementation
 * of the conversation.
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
  if (!isUuid(caseId)) throw new Error('a case id must be a UUID');
  const started = Date.now();
  let conversation: SqlCaseConversation | undefined;
  return inTransaction(
    pool,
    (client) => runLocked((conversation = new SqlCaseConversation(client, caseId, privacy)), work, started),
    `BEGIN; SELECT id FROM "Case" WHERE id = '${caseId}' FOR UPDATE`,
    commitOf(() => conversation),
  );
}

/** A row of `acompana_open_turn`: the case it locked, who she is, and what the turn reads of the case. */
type OpenTurnRow = { lockedId: string } & RecipientRow & SnapshotRow;

/**
 * {@link inLockedCase} for the message she sent, found by her number: `BEGIN` and the database
 * function `acompana_open_turn` (migration `open_turn_functions`: the lock of her latest open case,
 * then who she is and what the turn reads of the case) in one round trip. `null`, with `work` not
 * run, when her number has no open case.
 */
export async function inLockedCaseOfPhone<T>(
  pool: pg.Pool,
  privacy: PrivacyTools,
  message: { from: E164; channel: ContactChannel; channelMessageId: string },
  work: (recipient: Recipient, conversation: SqlCaseConversation) => Promise<T>,
): Promise<{ recipient: Recipient; result: T } | null> {
  // The values go in as literals: her number's keyed hash once known to be hexadecimal, the channel
  // one of the service's, the message id escaped by the driver.
  const phoneHash = privacy.hashPhone(message.from);
  if (!HEX.test(phoneHash)) throw new Error('a phone hash must be hexadecimal');
  if (!CHANNEL.test(message.channel)) throw new Error("a channel must be one of the service's");
  const started = Date.now();
  let conversation: SqlCaseConversation | undefined;
  return inTransaction(
    pool,
    async (client, opened) => {
      const row = (opened as pg.QueryResult[])[1]?.rows[0] as OpenTurnRow | undefined;
      if (!row) return null;
      const recipient = recipientOf(row);
      // Her open case changed between the lock and the read (one opened or closed): rolled back, and the job tried again.
      if (recipient?.caseId !== row.lockedId) throw new Error('her open case changed while it was being locked');
      conversation = new SqlCaseConversation(client, row.lockedId, privacy, { message, row });
      return { recipient, result: await runLocked(conversation, (c) => work(recipient, c), started) };
    },
    `BEGIN; SELECT * FROM acompana_open_turn('${phoneHash}', '${message.channel}', ${pg.escapeLiteral(message.channelMessageId)})`,
    commitOf(() => conversation),
  );
}
