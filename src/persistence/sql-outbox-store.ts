import type { ClaimedOutbound, OutboundTemplate, OutboxStore } from '../app/ports.js';
import { REPLY_FRESH_MS } from '../app/reply-freshness.js';
import type { E164 } from '../app/phone-number.js';
import type { PrivacyTools } from './conversation-store.js';
import { poolOf, type Database } from './database.js';
import { GroupedWrites } from './grouped-writes.js';

/*
 * Every contact passes through `queued` and `sending`, so the index on status holds many dead entries
 * there until vacuum, while its statistics say few rows: compared as an enum, the planner would scan
 * that index instead of looking each id up. Compared as text, it looks the ids up by primary key.
 *
 * The statements that take an array of ids (claim, mark all sent, release) are sent unnamed, so
 * PostgreSQL plans each one for the ids it gets and the table's size now. Prepared under a name, they
 * kept the generic plan made for an array of unknown length on the first sends, while `Contact` was
 * still small: a sequential scan, cheaper then than ten probes of the primary key, and kept as the
 * table grew to millions of rows (no statistics, autovacuum off, no re-plan). Statements with a single
 * id stay named: a lookup of one key by its unique index wins at any size.
 */

/**
 * Reads the outbound contacts (`$1`, an array, kept in its order) with her number, whether a check-in
 * caused each and whether the service initiated it (written by the bot or the system, not in answer
 * to a message she wrote within the last `$3` seconds as the channel timed it, `REPLY_FRESH_MS`; or
 * written by a person more than `$3` seconds ago: checked against her hours when it was written, it
 * waited since, behind a daily cap or an outage, and is held to her hours now),
 * when she last wrote to the case on the contact's channel (her 24-hour window on the Cloud API), and
 * moves those `queued` to `sending`, in one statement. A contact that is not outbound, already sent
 * or failed, or lacks a number or a text is left out and unchanged.
 */
// Her last message on the channel is read through the (caseId, createdAt) index only: direction and
// channel are compared as text, so neither the (channel, createdAt) index nor the unique (channel,
// direction, channelMessageId) one can serve it; with a planner that believes the table small, either
// walked every message of the channel.
const CLAIM = `
WITH target AS (
  SELECT c.id, c."caseId", c."causeId", c."textCipher", c."templateCipher", c.status, c.author, c.channel, c."createdAt",
         coalesce(sv."phoneCipher", u."phoneCipher") AS "phoneCipher"
    FROM "Contact" c
    LEFT JOIN "Case" ca ON ca.id = c."caseId"
    LEFT JOIN "Survivor" sv ON sv.id = ca."survivorId"
    LEFT JOIN "UnknownSender" u ON u.id = c."unknownSenderId"
   WHERE c.id = ANY($1::uuid[]) AND c.direction = 'outbound' AND c.status::text IN ('queued', 'sending') AND c."textCipher" IS NOT NULL
),
claimed AS (
  UPDATE "Contact" SET status = 'sending', "statusAt" = $2
   WHERE id = ANY(ARRAY(SELECT id FROM target WHERE "phoneCipher" IS NOT NULL)) AND status::text = 'queued'
)
SELECT t.id, t."caseId", t."textCipher", t."templateCipher", t."phoneCipher", ci.id AS "checkInId",
       (SELECT max(i."createdAt") FROM "Contact" i
         WHERE i."caseId" = t."caseId" AND i.direction::text = 'inbound' AND i.channel::text = t.channel::text) AS "lastInboundAt",
       ((t.author IN ('bot', 'system') AND NOT EXISTS (
          SELECT 1 FROM "Contact" i WHERE i.id = t."causeId" AND i.direction = 'inbound'
             AND i."createdAt" > $2::timestamptz - make_interval(secs => $3)))
        OR (t.author = 'staff' AND t."createdAt" <= $2::timestamptz - make_interval(secs => $3))) AS initiated
  FROM target t LEFT JOIN "CheckIn" ci ON ci.id = t."causeId"
 WHERE t."phoneCipher" IS NOT NULL
 ORDER BY array_position($1::uuid[], t.id)`;

const MARK = `UPDATE "Contact" SET status = $2::"ContactStatus", "channelMessageId" = coalesce($3, "channelMessageId"), "errorCode" = coalesce($4, "errorCode"), "statusAt" = $5
  WHERE id = $1::uuid AND status IN ('queued', 'sending')`;

/**
 * Which contacts a mark of `sent` applies to: those still to send, and one withdrawn (her opt-out, her
 * code word, a takeover: `CANCELLED_…`) while the channel was already sending it. The channel took it,
 * so it reached her, and the record says so.
 */
const SENDABLE = `(status::text IN ('queued', 'sending') OR (status::text = 'failed' AND "errorCode" LIKE 'CANCELLED\\_%'))`;

const MARK_SENT = `UPDATE "Contact" SET status = 'sent', "channelMessageId" = coalesce($2, "channelMessageId"), "errorCode" = NULL, "statusAt" = $3
  WHERE id = $1::uuid AND ${SENDABLE}`;

/** `$2[i]` is the channel message id of `$1[i]`, `$3[i]` when it was sent. */
const MARK_ALL_SENT = `UPDATE "Contact" SET status = 'sent', "statusAt" = ($3::timestamptz[])[array_position($1::uuid[], id)],
       "channelMessageId" = coalesce(($2::text[])[array_position($1::uuid[], id)], "channelMessageId"), "errorCode" = NULL
 WHERE id = ANY($1::uuid[]) AND ${SENDABLE}`;

/** A contact the channel accepted, to be marked sent. */
interface SentMark {
  contactId: string;
  channelMessageId: string | null;
  at: Date;
}

const STILL_TO_SEND = `SELECT EXISTS (SELECT 1 FROM "Contact" WHERE id = $1::uuid AND status IN ('queued', 'sending')) AS "toSend"`;

const RELEASE = `UPDATE "Contact" SET status = 'queued' WHERE id = ANY($1::uuid[]) AND status::text = 'sending'`;

/** A row of {@link CLAIM}. */
interface ClaimRow {
  id: string;
  caseId: string | null;
  textCipher: Buffer;
  templateCipher: Buffer | null;
  phoneCipher: Buffer;
  checkInId: string | null;
  initiated: boolean;
  lastInboundAt: Date | null;
}

/**
 * The {@link OutboxStore} in plain SQL on the `pg` pool under the Prisma client: a claim is one
 * statement for all the contacts of a send (a conditional update, so two workers racing for one
 * contact cannot both move it from `queued`; a contact left `sending` by a crash is claimed again and
 * the channel's idempotency key keeps it from being sent twice), and so is marking them sent, with the
 * sends of other turns that finished meanwhile ({@link GroupedWrites}). The statements of one id are
 * prepared once per connection; those of an array of ids are planned each time.
 */
export function sqlOutboxStore(db: Database, privacy: PrivacyTools): OutboxStore {
  const pool = poolOf(db);
  // Sends finishing while a mark is under way are marked together by the next one (group commit):
  // under load, one statement for the replies of many turns; alone, a send is marked at once.
  const marks = new GroupedWrites<SentMark>(async (sent) => {
    // One contact: the named statement of one id, planned once per connection.
    if (sent.length === 1) {
      const [{ contactId, channelMessageId, at }] = sent as [SentMark];
      await pool.query({ name: 'outbox-mark-sent', text: MARK_SENT, values: [contactId, channelMessageId, at] });
      return;
    }
    await pool.query({ text: MARK_ALL_SENT, values: [sent.map((s) => s.contactId), sent.map((s) => s.channelMessageId), sent.map((s) => s.at)] });
  });
  const claimAll = async (contactIds: readonly string[]) => {
    if (contactIds.length === 0) return [];
    const { rows } = await pool.query<ClaimRow>({ text: CLAIM, values: [contactIds, new Date(), REPLY_FRESH_MS / 1000] });
    // The contacts of one send are usually to one number: its ciphertext is opened once.
    const phones = new Map<string, E164>();
    const phoneOf = (sealed: Buffer) => {
      const key = sealed.toString('base64');
      let phone = phones.get(key);
      if (phone === undefined) phones.set(key, (phone = privacy.cipher.decrypt(sealed) as E164));
      return phone;
    };
    return rows.map(
      (row): ClaimedOutbound => ({
        id: row.id,
        caseId: row.caseId,
        checkInId: row.checkInId,
        initiated: row.initiated,
        to: phoneOf(row.phoneCipher),
        text: privacy.cipher.decrypt(row.textCipher),
        template: row.templateCipher ? (JSON.parse(privacy.cipher.decrypt(row.templateCipher)) as OutboundTemplate) : undefined,
        lastInboundAt: row.lastInboundAt,
      }),
    );
  };
  return {
    claimAll,

    async claim(contactId) {
      return (await claimAll([contactId]))[0] ?? null;
    },

    async release(contactIds) {
      if (contactIds.length === 0) return;
      await pool.query({ text: RELEASE, values: [contactIds] });
    },

    async markSent(contactId, receipt, at) {
      await pool.query({ name: 'outbox-mark-sent', text: MARK_SENT, values: [contactId, receipt.channelMessageId, at] });
    },

    async markAllSent(sent, at) {
      await marks.add(sent.map(({ contactId, receipt }) => ({ contactId, channelMessageId: receipt.channelMessageId ?? null, at })));
    },

    async markFailed(contactId, code, at) {
      await pool.query({ name: 'outbox-mark', text: MARK, values: [contactId, 'failed', null, code, at] });
    },

    async stillToSend(contactId) {
      const { rows } = await pool.query<{ toSend: boolean }>({ name: 'outbox-still-to-send', text: STILL_TO_SEND, values: [contactId] });
      return rows[0]?.toSend === true;
    },
  };
}
