import type pg from 'pg';
import type { ConversationStore, Recipient } from '../app/ports.js';
import { poolOf, type Database } from './database.js';
import { prismaConversationStore, TRANSACTION_OPTIONS, type PrivacyTools } from './conversation-store.js';
import { SqlCaseConversation } from './sql-case-conversation.js';

const LANGUAGES = new Set(['es-MX', 'en', 'yua']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const RECIPIENT = `
SELECT s.id, s.alias, s.language, s."codeWordHash", s."optedOutAt" IS NOT NULL AS "optedOut",
       (SELECT c.id FROM "Case" c WHERE c."survivorId" = s.id AND c.status = 'open' ORDER BY c."createdAt" DESC LIMIT 1) AS "caseId",
       (SELECT k.granted FROM "Consent" k WHERE k."survivorId" = s.id AND k.purpose = 'follow_up' ORDER BY k."recordedAt" DESC LIMIT 1) AS consent
  FROM "Survivor" s
 WHERE s."phoneHash" = $1`;

/** Thrown when a turn's transaction ran past its time limit: it is rolled back and the job retried. */
export class TurnTimeoutError extends Error {
  constructor(ms: number) {
    super(`the case transaction took more than ${ms} ms and was rolled back`);
    this.name = 'TurnTimeoutError';
  }
}

/**
 * The {@link ConversationStore} of the message pipeline, in plain SQL on the `pg` pool under the
 * Prisma client (Prisma's own per-query cost dominated a turn). A turn is one transaction on one
 * connection: `BEGIN` with the case row's lock (`SELECT … FOR UPDATE`) in one round trip, one read of what the turn needs,
 * one statement with the turn's writes, `COMMIT` (see {@link SqlCaseConversation}). Numbers without
 * a case, rare, go through {@link prismaConversationStore}.
 */
export function sqlConversationStore(db: Database, privacy: PrivacyTools): ConversationStore {
  const pool = poolOf(db);
  const prisma = prismaConversationStore(db, privacy);
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

    async withCase(caseId, work) {
      const started = Date.now();
      const client = await pool.connect();
      let broken: Error | undefined;
      // A connection lost mid-turn is reported here as well as to the query under way; without a
      // listener the process would end. The client is then discarded, not returned to the pool.
      const onLost = (error: Error) => {
        broken = error;
      };
      client.on('error', onLost);
      try {
        // One round trip: a simple-protocol query cannot take parameters, so the id goes in as a
        // literal, only once it is known to be a UUID.
        if (!UUID.test(caseId)) throw new Error('a case id must be a UUID');
        await client.query(`BEGIN; SELECT id FROM "Case" WHERE id = '${caseId}' FOR UPDATE`);
        const conversation = new SqlCaseConversation(client, caseId, privacy);
        const result = await work(conversation);
        await conversation.flush();
        if (Date.now() - started > TRANSACTION_OPTIONS.timeout) throw new TurnTimeoutError(TRANSACTION_OPTIONS.timeout);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        if (!broken) {
          await rollback(client).catch((failure: unknown) => {
            broken = failure instanceof Error ? failure : new Error(String(failure));
          });
        }
        throw error;
      } finally {
        client.off('error', onLost);
        client.release(broken);
      }
    },

    recordUnknownInbound: (message, reply) => prisma.recordUnknownInbound(message, reply),
  };
}

async function rollback(client: pg.PoolClient): Promise<void> {
  await client.query('ROLLBACK');
}
