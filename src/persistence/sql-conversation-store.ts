import type { ConversationStore, Recipient } from '../app/ports.js';
import { poolOf, type Database } from './database.js';
import { recordUnknownInbound, type PrivacyTools } from './conversation-store.js';
import { inLockedCase } from './locked-case-transaction.js';

const LANGUAGES = new Set(['es-MX', 'en', 'yua']);

// Her open case is found through the (survivorId, status) index only: status is compared as text so
// the (status, attention, urgency) index cannot serve it. With statistics of a near-empty table
// (a fresh or restored database, autovacuum off) the generic plan otherwise walked every open case
// of the unit for each message.
const RECIPIENT = `
SELECT s.id, s.alias, s.language, s."codeWordHash", s."optedOutAt" IS NOT NULL AS "optedOut",
       (SELECT c.id FROM "Case" c WHERE c."survivorId" = s.id AND c.status::text = 'open' ORDER BY c."createdAt" DESC LIMIT 1) AS "caseId",
       (SELECT k.granted FROM "Consent" k WHERE k."survivorId" = s.id AND k.purpose = 'follow_up' ORDER BY k."recordedAt" DESC LIMIT 1) AS consent
  FROM "Survivor" s
 WHERE s."phoneHash" = $1`;

/**
 * The {@link ConversationStore} of the message pipeline, in plain SQL on the `pg` pool under the
 * Prisma client (Prisma's own per-query cost dominated a turn). A turn is one transaction on one
 * connection: `BEGIN` with the case row's lock (`SELECT … FOR UPDATE`) in one round trip, one read of what the turn needs,
 * one statement with the turn's writes, `COMMIT` (see {@link inLockedCase}). Numbers without a case,
 * rare, go through Prisma ({@link recordUnknownInbound}).
 */
export function sqlConversationStore(db: Database, privacy: PrivacyTools): ConversationStore {
  const pool = poolOf(db);
  return {
    async findRecipient(phone) {
      const { rows } = await pool.query({ name: 'recipient', text: RECIPIENT, values: [privacy.hashPhone(phone)] });
      const row = rows[0] as
        | { id: string; alias: string; language: string; codeWordHash: string | null; optedOut: boolean; caseId: string | null; consent: boolean | null }
        | undefined;
      if (!row?.caseId) return null;
      const recipient: Recipient = {
        caseId: row.caseId,
        survivorId: row.id,
        alias: row.alias,
        language: (LANGUAGES.has(row.language) ? row.language : 'es-MX') as Recipient['language'],
        followUpConsent: row.consent ?? false,
        codeWordHash: row.codeWordHash,
        optedOut: row.optedOut,
      };
      return recipient;
    },

    withCase: (caseId, work) => inLockedCase(pool, caseId, privacy, work),

    recordUnknownInbound: (message, reply) => recordUnknownInbound(db, privacy, message, reply),
  };
}
