import type { ConversationStore } from '../app/ports.js';
import { poolOf, type Database } from './database.js';
import { recordUnknownInbound, type PrivacyTools } from './conversation-store.js';
import { inLockedCase, inLockedCaseOfPhone } from './locked-case-transaction.js';
import { RECIPIENT, recipientOf, type RecipientRow } from './recipient.js';

/**
 * The {@link ConversationStore} of the message pipeline, in plain SQL on the `pg` pool under the
 * Prisma client (Prisma's own per-query cost dominated a turn). Her turn is one transaction on one
 * connection: `BEGIN`, the lock of her open case found by her number (`SELECT … FOR UPDATE`), who she
 * is and what the turn reads of the case, in one round trip; one statement with the turn's writes;
 * `COMMIT` (see {@link inLockedCaseOfPhone}). Numbers without a case, rare, go through Prisma
 * ({@link recordUnknownInbound}).
 */
export function sqlConversationStore(db: Database, privacy: PrivacyTools): ConversationStore {
  const pool = poolOf(db);
  return {
    async findRecipient(phone) {
      const { rows } = await pool.query<RecipientRow>({ name: 'recipient', text: RECIPIENT, values: [privacy.hashPhone(phone)] });
      return recipientOf(rows[0]);
    },

    withCase: (caseId, work) => inLockedCase(pool, caseId, privacy, work),

    withRecipientCase: (message, work) => inLockedCaseOfPhone(pool, privacy, message, work),

    recordUnknownInbound: (message, reply) => recordUnknownInbound(db, privacy, message, reply),

    async flagUnknownSenderRisk(phone, at) {
      const { count } = await db.unknownSender.updateMany({ where: { phoneHash: privacy.hashPhone(phone) }, data: { riskAt: at, reviewedAt: null } });
      return count > 0;
    },

    async markHerMessageChanged(change) {
      // Her message, found by its channel id (the unique key), on a case of the number the change came
      // from or kept for review under that number (no case): another number cannot mark her messages.
      // One row, no case lock: nothing else writes these columns, a repeated change writes the same
      // values, and an edit older than the one shown (a retried job overtaken by the next edit) leaves it.
      const edited = change.editedText !== undefined;
      const { rows } = await pool.query<{ contactId: string; caseId: string | null }>(
        `UPDATE "Contact" c SET
           "herEditedAt" = CASE WHEN $4 AND (c."herEditedAt" IS NULL OR c."herEditedAt" <= $5::timestamptz) THEN $5::timestamptz ELSE c."herEditedAt" END,
           "editedTextCipher" = CASE WHEN $4 AND (c."herEditedAt" IS NULL OR c."herEditedAt" <= $5::timestamptz) THEN $6::bytea ELSE c."editedTextCipher" END,
           "herDeletedAt" = CASE WHEN $4 THEN c."herDeletedAt" ELSE COALESCE(c."herDeletedAt", $5::timestamptz) END
         WHERE c.channel = $1::"ContactChannel" AND c.direction = 'inbound' AND c."channelMessageId" = $2
           AND (c."caseId" IN (SELECT k.id FROM "Case" k JOIN "Survivor" s ON s.id = k."survivorId" WHERE s."phoneHash" = $3)
             OR c."unknownSenderId" IN (SELECT u.id FROM "UnknownSender" u WHERE u."phoneHash" = $3))
         RETURNING c.id::text AS "contactId", c."caseId"::text AS "caseId"`,
        [change.channel, change.of, privacy.hashPhone(change.from), edited, new Date(change.at), edited ? privacy.cipher.encrypt(change.editedText!) : null],
      );
      return rows[0] ?? null;
    },

    async dueTimeouts(now, limit, skip) {
      // Unnamed, so planned for these values each time: the (status, timeoutAt) index serves it.
      const { rows } = await pool.query<{ caseId: string; sessionId: string; at: Date }>(
        `SELECT "caseId"::text, id::text AS "sessionId", "timeoutAt" AS at FROM "FlowSession"
         WHERE status = 'waiting' AND "timeoutAt" <= $1 AND NOT (id = ANY($2::uuid[]))
         ORDER BY "timeoutAt" LIMIT $3`,
        [now, skip, limit],
      );
      return rows;
    },
  };
}
