import { uuidV7 as uuidv7 } from './uuid-v7.js';
import type { DeliveryFailureStore, DeliveryFailureUnit, FailedContact } from '../app/delivery-failures/ports.js';
import type { OutboundTemplate } from '../app/ports.js';
import type { PrivacyTools } from './conversation-store.js';
import { poolOf, type Database } from './database.js';
import { inLockedCase } from './locked-case-transaction.js';
import { channelFailure } from './channel-failure-sql.js';
import { mayBeContacted } from '../app/may-be-contacted.js';

/** The failed outbound contact `$1`, with what the use case needs to know about it, unless its failure was already handled. */
const FAILED_CONTACT = `
SELECT c.id, c."caseId", c."sessionId", c."errorCode", c."templateCipher" IS NOT NULL AS "hasTemplate",
       c."retryOfId" IS NOT NULL AS "isRetry", ci.id AS "checkInId",
       (c."causeId" IS NOT NULL AND EXISTS (
          SELECT 1 FROM "Contact" o
           WHERE o."causeId" = c."causeId" AND o.id < c.id AND o.direction = 'outbound' AND o.status = 'failed'
             AND ${channelFailure('o')}
             AND NOT EXISTS (SELECT 1 FROM "Contact" r WHERE r."retryOfId" = o.id))) AS "sameCauseFailedBefore"
  FROM "Contact" c LEFT JOIN "CheckIn" ci ON ci.id = c."causeId"
 WHERE c.id = $1::uuid AND c.direction = 'outbound' AND c.status = 'failed' AND c."caseId" IS NOT NULL AND ${channelFailure('c')}
   AND c."failureReportedAt" IS NULL`;

/** A copy of failed contact `$1` as a new queued contact `$2` that must go as its template (`$3`). */
const RETRY_AS_TEMPLATE = `
INSERT INTO "Contact" (id, "caseId", "sessionId", direction, channel, author, "staffId", kind, "textCipher", "templateCipher",
                       "flowId", "nodeId", status, "causeId", sequence, "retryOfId", "createdAt", "statusAt")
SELECT $2::uuid, "caseId", "sessionId", direction, channel, author, "staffId", kind, "textCipher", $3,
       "flowId", "nodeId", 'queued', "causeId", sequence, id, clock_timestamp(), clock_timestamp()
  FROM "Contact" WHERE id = $1::uuid
ON CONFLICT ("retryOfId") DO NOTHING
RETURNING id`;

/**
 * The {@link DeliveryFailureStore} in plain SQL: the contact is located, then read, marked handled
 * (`failureReportedAt`) and acted on inside its case's locked transaction ({@link inLockedCase}), so
 * a failure never interleaves with her turn or a check-in of the same case, and is handled once.
 */
export function sqlDeliveryFailureStore(db: Database, privacy: PrivacyTools): DeliveryFailureStore {
  const pool = poolOf(db);
  return {
    async withFailedContact(contactId, work) {
      const located = await pool.query<{ caseId: string | null }>(`SELECT "caseId" FROM "Contact" WHERE id = $1::uuid`, [contactId]);
      const caseId = located.rows[0]?.caseId;
      if (!caseId) return null;
      return inLockedCase(pool, caseId, privacy, async (conversation) => {
        const row = (await conversation.query(FAILED_CONTACT, [contactId])).rows[0] as (FailedContact & { errorCode: string | null }) | undefined;
        if (!row) return null;
        const attention = (await conversation.query(`SELECT attention FROM "Case" WHERE id = $1::uuid`, [caseId])).rows[0] as {
          attention: DeliveryFailureUnit['attention'];
        };
        const contact: FailedContact = { ...row, errorCode: row.errorCode ?? 'CHANNEL_FAILED' };
        // Handled once, whatever the outcome: a repeated report or a retried job finds nothing to do.
        await conversation.query(`UPDATE "Contact" SET "failureReportedAt" = clock_timestamp() WHERE id = $1::uuid`, [contactId]);
        const unit: DeliveryFailureUnit = {
          contact,
          attention: attention.attention,
          async retryAsTemplate() {
            const stored = (await conversation.query(`SELECT "templateCipher", author FROM "Contact" WHERE id = $1::uuid`, [contactId])).rows[0] as
              | { templateCipher: Buffer | null; author: string }
              | undefined;
            if (!stored?.templateCipher) return null;
            // Read under the lock: her "BAJA", her code word, a withdrawn consent or a closed case since
            // the text went out leave nothing to send again; a bot's message also waits while a person
            // attends her.
            const state = await conversation.contactState();
            if (!mayBeContacted(state) || (stored.author !== 'staff' && state.attention !== 'bot')) return null;
            const template = JSON.parse(privacy.cipher.decrypt(stored.templateCipher)) as OutboundTemplate;
            const required = privacy.cipher.encrypt(JSON.stringify({ ...template, required: true }));
            const inserted = await conversation.query(RETRY_AS_TEMPLATE, [contactId, uuidv7(), required]);
            return (inserted.rows[0] as { id: string } | undefined)?.id ?? null;
          },
          async failCheckIn(checkInId) {
            const result = await conversation.query(
              `UPDATE "CheckIn" SET status = 'failed', "updatedAt" = clock_timestamp() WHERE id = $1::uuid AND status = 'sent'`,
              [checkInId],
            );
            return result.rowCount === 1;
          },
          async endSession(sessionId, outcome) {
            await conversation.query(
              `UPDATE "FlowSession" SET status = 'ended', outcome = $2, "endedAt" = clock_timestamp(), "timeoutAt" = NULL, "updatedAt" = clock_timestamp()
                WHERE id = $1::uuid AND status = 'waiting'`,
              [sessionId, outcome],
            );
          },
          async countFailure() {
            const rows = (await conversation.query(`UPDATE "Case" SET "failedInARow" = "failedInARow" + 1 WHERE id = $1::uuid RETURNING "failedInARow"`, [caseId]))
              .rows as { failedInARow: number }[];
            return rows[0]?.failedInARow ?? 0;
          },
          raiseAlert(reason) {
            return conversation.raiseAlert({ kind: 'delivery_failed', urgency: 'normal', reason });
          },
          async escalate(reason, at) {
            const id = uuidv7();
            await conversation.query(
              `WITH waiting AS (UPDATE "Case" SET attention = 'waiting_person', urgency = 'urgent', "attentionReason" = $2, "attentionSince" = $3
                                 WHERE id = $1::uuid)
               INSERT INTO "Alert" (id, "caseId", kind, urgency, reason, "createdAt") VALUES ($4::uuid, $1::uuid, 'delivery_failed', 'urgent', $2, clock_timestamp())`,
              [caseId, reason, at, id],
            );
            return id;
          },
        };
        return work(unit);
      });
    },
  };
}
