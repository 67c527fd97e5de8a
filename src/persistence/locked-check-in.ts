import { uuidV7 } from './uuid-v7.js';
import type { CheckInRow, CheckInUnit } from '../app/checkins/ports.js';
import type { SqlCaseConversation } from './sql-case-conversation.js';

/** The columns of a {@link CheckInRow}, as the check-in store's Prisma select (`ROW`) reads them. */
const CHECK_IN_COLUMNS = `id, "caseId", "planItem", "flowId", "dueAt", "plannedAt", status, attempts, "sentAt"`;

/**
 * The {@link CheckInUnit} of check-in `checkInId` of case `caseId`, inside the case's locked
 * transaction: the check-in and her contact state read under the lock, and every write in plain SQL
 * through the case's `conversation`, so each statement sees the conversation's earlier writes and
 * they all commit together. `updatedAt` is set here, as Prisma does on its updates.
 */
export async function lockedCheckIn(conversation: SqlCaseConversation, caseId: string, checkInId: string): Promise<CheckInUnit> {
  const run = async <R>(sql: string, values: unknown[]) => (await conversation.query(sql, values)).rows as R[];
  const one = async (sql: string, values: unknown[]) => {
    const row = (await run<CheckInRow>(sql, values))[0];
    if (!row) throw new Error('the check-in does not exist');
    return row;
  };

  const checkIn = await one(`SELECT ${CHECK_IN_COLUMNS} FROM "CheckIn" WHERE id = $1::uuid`, [checkInId]);
  const state = await conversation.contactState();

  return {
    conversation,
    checkIn,
    state,

    async markSent(at) {
      const result = await conversation.query(
        `UPDATE "CheckIn" SET status = 'sent', "sentAt" = $2, attempts = attempts + 1, "updatedAt" = clock_timestamp()
          WHERE id = $1::uuid AND status = 'scheduled'`,
        [checkInId, at],
      );
      return result.rowCount === 1;
    },

    move(dueAt, reason) {
      return one(
        `UPDATE "CheckIn" SET "dueAt" = $2, "movedReason" = $3, "updatedAt" = clock_timestamp() WHERE id = $1::uuid RETURNING ${CHECK_IN_COLUMNS}`,
        [checkInId, dueAt, reason],
      );
    },

    async reopen(dueAt, reason) {
      const rows = await run<CheckInRow>(
        `UPDATE "CheckIn" SET status = 'scheduled', "dueAt" = $2, "movedReason" = $3, "sentAt" = NULL, "updatedAt" = clock_timestamp()
          WHERE id = $1::uuid AND status = 'sent' RETURNING ${CHECK_IN_COLUMNS}`,
        [checkInId, dueAt, reason],
      );
      return rows[0] ?? null;
    },

    async cancel(reason) {
      await conversation.query(
        `UPDATE "CheckIn" SET status = 'cancelled', "movedReason" = $2, "updatedAt" = clock_timestamp() WHERE id = $1::uuid AND status = 'scheduled'`,
        [checkInId, reason],
      );
    },

    async markMissed(sentBy) {
      // The case's count goes up only when the check-in was still sent: one statement, one round trip.
      const rows = await run<{ missedInARow: number }>(
        `WITH missed AS (UPDATE "CheckIn" SET status = 'missed', "updatedAt" = clock_timestamp()
                          WHERE id = $1::uuid AND status = 'sent' AND "sentAt" <= $3 RETURNING id)
         UPDATE "Case" SET "missedInARow" = "missedInARow" + 1 WHERE id = $2::uuid AND EXISTS (SELECT 1 FROM missed) RETURNING "missedInARow"`,
        [checkInId, caseId, sentBy],
      );
      return rows[0]?.missedInARow ?? null;
    },

    async escalate(reason, kind) {
      const id = uuidV7();
      await conversation.query(
        `WITH waiting AS (UPDATE "Case" SET attention = 'waiting_person', urgency = 'urgent', "attentionReason" = $2, "attentionSince" = $3
                           WHERE id = $1::uuid)
         INSERT INTO "Alert" (id, "caseId", kind, urgency, reason, "createdAt") VALUES ($4::uuid, $1::uuid, $5::"AlertKind", 'urgent', $2, clock_timestamp())`,
        [caseId, reason, new Date(), id, kind],
      );
      return id;
    },

    async notice(reason) {
      const id = uuidV7();
      await conversation.query(
        `INSERT INTO "Alert" (id, "caseId", kind, urgency, reason, "createdAt") VALUES ($1::uuid, $2::uuid, 'reminder_skipped', 'normal', $3, clock_timestamp())`,
        [id, caseId, reason],
      );
      return id;
    },
  };
}
