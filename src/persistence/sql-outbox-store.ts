import type { OutboundTemplate, OutboxStore } from '../app/ports.js';
import type { E164 } from '../app/phone-number.js';
import type { PrivacyTools } from './conversation-store.js';
import { poolOf, type Database } from './database.js';

/**
 * Reads the outbound contact with her number, whether a check-in caused it and whether the service
 * initiated it (written by the bot or the system, not in answer to a message of hers), and moves it from
 * `queued` to `sending`, in one statement. Nothing changes for a contact that is not outbound, already
 * sent or failed, or lacks a number or a text.
 */
const CLAIM = `
WITH target AS (
  SELECT c.id, c."caseId", c."causeId", c."textCipher", c."templateCipher", c.status, c.author,
         coalesce(sv."phoneCipher", u."phoneCipher") AS "phoneCipher"
    FROM "Contact" c
    LEFT JOIN "Case" ca ON ca.id = c."caseId"
    LEFT JOIN "Survivor" sv ON sv.id = ca."survivorId"
    LEFT JOIN "UnknownSender" u ON u.id = c."unknownSenderId"
   WHERE c.id = $1::uuid AND c.direction = 'outbound' AND c.status IN ('queued', 'sending') AND c."textCipher" IS NOT NULL
),
claimed AS (
  UPDATE "Contact" SET status = 'sending', "statusAt" = $2
   WHERE id = (SELECT id FROM target WHERE "phoneCipher" IS NOT NULL) AND status = 'queued'
)
SELECT t.id, t."caseId", t."textCipher", t."templateCipher", t."phoneCipher", ci.id AS "checkInId",
       (t.author IN ('bot', 'system') AND NOT EXISTS (
          SELECT 1 FROM "Contact" i WHERE i.id = t."causeId" AND i.direction = 'inbound')) AS initiated
  FROM target t LEFT JOIN "CheckIn" ci ON ci.id = t."causeId"
 WHERE t."phoneCipher" IS NOT NULL`;

const MARK = `UPDATE "Contact" SET status = $2::"ContactStatus", "channelMessageId" = coalesce($3, "channelMessageId"), "errorCode" = coalesce($4, "errorCode"), "statusAt" = $5
  WHERE id = $1::uuid AND status IN ('queued', 'sending')`;

/**
 * The {@link OutboxStore} in plain SQL on the `pg` pool under the Prisma client: a claim is one
 * statement (a conditional update, so two workers racing for one contact cannot both move it from
 * `queued`; a contact left `sending` by a crash is claimed again and the channel's idempotency key
 * keeps it from being sent twice), and so is each mark. Both are prepared once per connection.
 */
export function sqlOutboxStore(db: Database, privacy: PrivacyTools): OutboxStore {
  const pool = poolOf(db);
  return {
    async claim(contactId) {
      const { rows } = await pool.query({ name: 'outbox-claim', text: CLAIM, values: [contactId, new Date()] });
      const row = rows[0] as
        | { id: string; caseId: string | null; textCipher: Buffer; templateCipher: Buffer | null; phoneCipher: Buffer; checkInId: string | null; initiated: boolean }
        | undefined;
      if (!row) return null;
      return {
        id: row.id,
        caseId: row.caseId,
        checkInId: row.checkInId,
        initiated: row.initiated,
        to: privacy.cipher.decrypt(row.phoneCipher) as E164,
        text: privacy.cipher.decrypt(row.textCipher),
        template: row.templateCipher ? (JSON.parse(privacy.cipher.decrypt(row.templateCipher)) as OutboundTemplate) : undefined,
      };
    },

    async markSent(contactId, receipt, at) {
      await pool.query({ name: 'outbox-mark', text: MARK, values: [contactId, 'sent', receipt.channelMessageId, null, at] });
    },

    async markFailed(contactId, code, at) {
      await pool.query({ name: 'outbox-mark', text: MARK, values: [contactId, 'failed', null, code, at] });
    },
  };
}
