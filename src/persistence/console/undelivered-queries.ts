import type { UndeliveredMessage, UndeliveredQueries } from '../../app/console/undelivered.js';
import { poolOf, type Database } from '../database.js';
import { channelFailure } from '../channel-failure-sql.js';

/** Failed outbound contacts the channel refused or reported (not those the service withheld itself). */
const RECENT = `
SELECT c.id AS "contactId", c."caseId", s.alias, c."statusAt" AS at, c."errorCode", c.author, c."flowId",
       ci."flowId" AS "checkInFlowId",
       EXISTS (SELECT 1 FROM "Alert" a WHERE a."caseId" = c."caseId" AND a.kind = 'delivery_failed' AND a."resolvedAt" IS NULL) AS "alertOpen"
  FROM "Contact" c
  JOIN "Case" k ON k.id = c."caseId"
  JOIN "Survivor" s ON s.id = k."survivorId"
  LEFT JOIN "CheckIn" ci ON ci.id = c."causeId"
 WHERE c.direction = 'outbound' AND c.status::text = 'failed' AND c."statusAt" >= $1
   AND ${channelFailure('c')}
   AND NOT EXISTS (SELECT 1 FROM "Contact" r WHERE r."retryOfId" = c.id)
 ORDER BY c."statusAt" DESC
 LIMIT $2`;

/** The {@link UndeliveredQueries} in plain SQL (one statement). */
export function sqlUndeliveredQueries(db: Database): UndeliveredQueries {
  const pool = poolOf(db);
  return {
    async recent(since, limit) {
      const { rows } = await pool.query<UndeliveredMessage>(RECENT, [since, limit]);
      return rows;
    },
  };
}
