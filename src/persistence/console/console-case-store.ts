import type { ConsoleCaseStore, LockedCase } from '../../app/console/ports.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { caseConversation, type PrivacyTools } from '../conversation-store.js';
import type { Database } from '../database.js';
import { writeAudit } from '../audit-trail.js';
import { CASE_FACTS_SELECT, toCaseFacts } from './case-facts.js';

type Tx = Prisma.TransactionClient;

const TRANSACTION_OPTIONS = { timeout: 15_000, maxWait: 10_000 } as const;

/** The outcome stored on flow sessions ended because the follow-up ended. */
const SESSION_ENDED_BY_STAFF = 'seguimiento_terminado';

/**
 * The Prisma {@link ConsoleCaseStore}. `withCase` takes the same row lock as the inbound handler
 * (`SELECT … FOR UPDATE` on the case), so a takeover or a staff message never interleaves with one of
 * her turns.
 */
export function prismaConsoleCaseStore(db: Database, privacy: PrivacyTools): ConsoleCaseStore {
  return {
    async facts(caseId) {
      const row = await db.case.findUnique({ where: { id: caseId }, select: CASE_FACTS_SELECT });
      return row ? toCaseFacts(row) : null;
    },

    withCase(caseId, work) {
      return db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Case" WHERE id = ${caseId}::uuid FOR UPDATE`;
        return work(lockedCase(tx, caseId, privacy));
      }, TRANSACTION_OPTIONS);
    },

    async phoneOf(caseId) {
      const row = await db.case.findUnique({ where: { id: caseId }, select: { survivor: { select: { phoneCipher: true } } } });
      const cipher = row?.survivor.phoneCipher;
      return cipher ? privacy.cipher.decrypt(cipher) : null;
    },
  };
}

function lockedCase(tx: Tx, caseId: string, privacy: PrivacyTools): LockedCase {
  return {
    conversation: caseConversation(tx, caseId, privacy),

    async facts() {
      return toCaseFacts(await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: CASE_FACTS_SELECT }));
    },

    async tryHold(staffId, at) {
      const updated = await tx.$executeRaw`
        UPDATE "Case"
           SET attention = 'with_person', "heldById" = ${staffId}::uuid, "attentionSince" = COALESCE("attentionSince", ${at})
         WHERE id = ${caseId}::uuid AND status = 'open' AND ("heldById" IS NULL OR "heldById" = ${staffId}::uuid)`;
      return updated === 1;
    },

    async releaseToBot(staffId, at) {
      await tx.case.update({
        where: { id: caseId },
        data: { attention: 'bot', heldById: null, urgency: 'none', attentionReason: null, attentionSince: null, missedInARow: 0 },
      });
      await tx.alert.updateMany({ where: { caseId, resolvedAt: null }, data: { resolvedAt: at, resolvedById: staffId } });
    },

    async close(outcome, at) {
      await tx.case.update({ where: { id: caseId }, data: { status: 'closed', closedAt: at, outcome } });
      await tx.flowSession.updateMany({
        where: { caseId, status: 'waiting' },
        data: { status: 'ended', outcome: SESSION_ENDED_BY_STAFF, endedAt: at },
      });
    },

    async assign(staffId) {
      await tx.case.update({ where: { id: caseId }, data: { assignedStaffId: staffId } });
    },

    async addNote(staffId, text, at) {
      const row = await tx.caseNote.create({
        data: { caseId, staffId, textCipher: privacy.cipher.encrypt(text), createdAt: at },
        select: { id: true },
      });
      return row.id;
    },

    audit: (entry) => writeAudit(tx, entry),
  };
}
