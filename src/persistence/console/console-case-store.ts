import { uuidV7 } from '../uuid-v7.js';
import type { ConsoleCaseStore, HerDetails, LockedCase } from '../../app/console/ports.js';
import type { PrivacyTools } from '../conversation-store.js';
import { poolOf, type Database } from '../database.js';
import { auditInsert } from '../audit-trail.js';
import { inLockedCase } from '../locked-case-transaction.js';
import type { SqlCaseConversation } from '../sql-case-conversation.js';
import { CASE_FACTS_COLUMNS, CASE_FACTS_FROM, CASE_FACTS_SELECT, toCaseFacts, toFactsRow, type CaseFactsSqlRow } from './case-facts.js';
import { REOPEN_CASE_SQL } from './reopen-case-sql.js';

/** The outcome stored on flow sessions ended because the follow-up ended. */
const SESSION_ENDED_BY_STAFF = 'seguimiento_terminado';

/** The error code of a bot message withdrawn because the follow-up ended before it went out. */
const CANCELLED_CASE_CLOSED = 'CANCELLED_CASE_CLOSED';

/**
 * The {@link ConsoleCaseStore}. `withCase` runs in the same locked transaction as her turns
 * (`SELECT … FOR UPDATE` on the case, `inLockedCase`), so a takeover or a staff message never
 * interleaves with one of them, and writes her conversation with the same implementation.
 */
export function prismaConsoleCaseStore(db: Database, privacy: PrivacyTools): ConsoleCaseStore {
  const pool = poolOf(db);
  return {
    async facts(caseId) {
      const row = await db.case.findUnique({ where: { id: caseId }, select: CASE_FACTS_SELECT });
      return row ? toCaseFacts(row) : null;
    },

    withCase(caseId, work) {
      return inLockedCase(pool, caseId, privacy, (conversation) => work(lockedCase(conversation, caseId, privacy)));
    },

    async phoneOf(caseId) {
      const row = await db.case.findUnique({ where: { id: caseId }, select: { survivor: { select: { phoneCipher: true } } } });
      const cipher = row?.survivor.phoneCipher;
      return cipher ? privacy.cipher.decrypt(cipher) : null;
    },

    async openCaseIdsAssignedTo(staffId) {
      const rows = await db.case.findMany({ where: { assignedStaffId: staffId, status: 'open' }, orderBy: { createdAt: 'asc' }, select: { id: true } });
      return rows.map((r) => r.id);
    },

    async openCaseCountsByAssignee() {
      const groups = await db.case.groupBy({ by: ['assignedStaffId'], where: { status: 'open', assignedStaffId: { not: null } }, _count: { _all: true } });
      return new Map(groups.map((g) => [g.assignedStaffId!, g._count._all]));
    },
  };
}

/**
 * The case under its lock, in plain SQL through its `conversation`: each statement sees the
 * conversation's earlier writes, and everything commits together.
 */
function lockedCase(conversation: SqlCaseConversation, caseId: string, privacy: PrivacyTools): LockedCase {
  return {
    conversation,

    async facts() {
      const { rows } = await conversation.query(`SELECT ${CASE_FACTS_COLUMNS} FROM ${CASE_FACTS_FROM} WHERE c.id = $1::uuid`, [caseId]);
      const row = rows[0] as CaseFactsSqlRow | undefined;
      if (!row) throw new Error('the case does not exist');
      return toCaseFacts(toFactsRow(row));
    },

    async herLastMessageAt() {
      const { rows } = await conversation.query(
        `SELECT max("createdAt") AS at FROM "Contact" WHERE "caseId" = $1::uuid AND direction = 'inbound'`,
        [caseId],
      );
      return (rows[0] as { at: Date | null } | undefined)?.at ?? null;
    },

    async openAlertIds() {
      const { rows } = await conversation.query(`SELECT id FROM "Alert" WHERE "caseId" = $1::uuid AND "resolvedAt" IS NULL`, [caseId]);
      return (rows as { id: string }[]).map((r) => r.id);
    },

    async storedSafeHours() {
      const { rows } = await conversation.query(
        `SELECT s."safeHours" FROM "Case" c JOIN "Survivor" s ON s.id = c."survivorId" WHERE c.id = $1::uuid`,
        [caseId],
      );
      return (rows[0] as { safeHours: unknown } | undefined)?.safeHours ?? null;
    },

    async setSafeHours(safeHours) {
      await conversation.query(`UPDATE "Survivor" SET "safeHours" = $2::jsonb WHERE id = (SELECT "survivorId" FROM "Case" WHERE id = $1::uuid)`, [
        caseId,
        safeHours === null ? null : JSON.stringify(safeHours),
      ]);
    },

    async setCodeWordHash(hash) {
      await conversation.query(`UPDATE "Survivor" SET "codeWordHash" = $2 WHERE id = (SELECT "survivorId" FROM "Case" WHERE id = $1::uuid)`, [caseId, hash]);
    },

    async herDetails() {
      const { rows } = await conversation.query(
        `SELECT s.alias, s.language, c.risk FROM "Case" c JOIN "Survivor" s ON s.id = c."survivorId" WHERE c.id = $1::uuid`,
        [caseId],
      );
      const row = rows[0] as HerDetails | undefined;
      if (!row) throw new Error('the case does not exist');
      return row;
    },

    async setHerDetails({ alias, language, risk }) {
      await conversation.query(`UPDATE "Survivor" SET alias = $2, language = $3 WHERE id = (SELECT "survivorId" FROM "Case" WHERE id = $1::uuid)`, [
        caseId,
        alias,
        language,
      ]);
      await conversation.query(`UPDATE "Case" SET risk = $2::"RiskLevel" WHERE id = $1::uuid`, [caseId, risk]);
    },

    async tryHold(staffId, at) {
      const result = await conversation.query(
        `UPDATE "Case"
            SET attention = 'with_person', "heldById" = $2::uuid, "attentionSince" = COALESCE("attentionSince", $3)
          WHERE id = $1::uuid AND status = 'open' AND ("heldById" IS NULL OR "heldById" = $2::uuid)`,
        [caseId, staffId, at],
      );
      return result.rowCount === 1;
    },

    async releaseToBot(staffId, at) {
      await conversation.query(
        `WITH released AS (UPDATE "Case" SET attention = 'bot', "heldById" = NULL, urgency = 'none', "attentionReason" = NULL,
                             "attentionSince" = NULL, "missedInARow" = 0, "failedInARow" = 0 WHERE id = $1::uuid)
         UPDATE "Alert" SET "resolvedAt" = $2, "resolvedById" = $3::uuid WHERE "caseId" = $1::uuid AND "resolvedAt" IS NULL`,
        [caseId, at, staffId],
      );
    },

    async resolveAlert(alertId, staffId, at) {
      // Every part of one statement sees the rows as they were before it: `open_left` leaves out this alert.
      const { rows } = await conversation.query(
        `WITH target AS (SELECT id FROM "Alert" WHERE id = $2::uuid AND "caseId" = $1::uuid),
              resolved AS (UPDATE "Alert" SET "resolvedAt" = $3, "resolvedById" = $4::uuid
                            WHERE id = $2::uuid AND "caseId" = $1::uuid AND "resolvedAt" IS NULL RETURNING id)
         SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM resolved) AS resolved,
                (SELECT count(*)::int FROM "Alert" WHERE "caseId" = $1::uuid AND "resolvedAt" IS NULL AND id <> $2::uuid) AS "openLeft"`,
        [caseId, alertId, at, staffId],
      );
      const row = rows[0] as { found: boolean; resolved: boolean; openLeft: number };
      return row.found ? { resolved: row.resolved, openLeft: row.openLeft } : null;
    },

    async close(outcome, at) {
      // The bot's messages not sent yet (waiting for the channel's pacing or a retry) go with the
      // follow-up; a person's own last message still goes.
      await conversation.query(
        `WITH closed AS (UPDATE "Case" SET status = 'closed', "closedAt" = $2, outcome = $3 WHERE id = $1::uuid),
              withdrawn AS (UPDATE "Contact" SET status = 'failed', "errorCode" = $5, "statusAt" = $2
                             WHERE "caseId" = $1::uuid AND direction = 'outbound' AND status IN ('queued', 'sending') AND author IN ('bot', 'system'))
         UPDATE "FlowSession" SET status = 'ended', outcome = $4, "endedAt" = $2, "timeoutAt" = NULL, "updatedAt" = clock_timestamp()
          WHERE "caseId" = $1::uuid AND status = 'waiting'`,
        [caseId, at, outcome, SESSION_ENDED_BY_STAFF, CANCELLED_CASE_CLOSED],
      );
    },

    async reopen(at, reason) {
      const result = await conversation.query(REOPEN_CASE_SQL, [caseId, at, reason, 'normal']);
      return result.rowCount === 1;
    },

    async assign(staffId) {
      await conversation.query(`UPDATE "Case" SET "assignedStaffId" = $2::uuid WHERE id = $1::uuid`, [caseId, staffId]);
    },

    async addNote(staffId, text, at) {
      const id = uuidV7();
      await conversation.query(`INSERT INTO "CaseNote" (id, "caseId", "staffId", "textCipher", "createdAt") VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5)`, [
        id,
        caseId,
        staffId,
        privacy.cipher.encrypt(text),
        at,
      ]);
      return id;
    },

    async audit(entry) {
      const insert = auditInsert(entry);
      await conversation.query(insert.text, insert.values);
    },

    async recordConsent(decision, staffId, at) {
      await conversation.query(
        `INSERT INTO "Consent" (id, "survivorId", purpose, granted, source, "recordedById", "recordedAt")
         SELECT $1::uuid, "survivorId", $3::"ConsentPurpose", $4, 'console', $5::uuid, $6 FROM "Case" WHERE id = $2::uuid`,
        [uuidV7(), caseId, decision.purpose, decision.granted, staffId, at],
      );
    },
  };
}
