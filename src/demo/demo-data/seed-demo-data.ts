import type { Database } from '../../persistence/database.js';
import type { PrivacyTools } from '../../persistence/conversation-store.js';
import { seedDemo } from '../seed-demo.js';
import { auditRow } from '../../persistence/audit-trail.js';
import { prismaInterventionImportStore } from '../../persistence/records/intervention-import-store.js';
import { seedDemoFollowUp, type DemoCase, type DemoFollowUpCounts } from './demo-follow-up.js';
import { DEMO_FOLIO_PREFIX, demoInterventions } from './demo-interventions.js';
import { VIDEO_FLOWS } from '../../roles/follow-up-settings.js';
import { newestConsentSql } from '../../persistence/consent-in-force.js';

/** What seeding the demo dataset did. */
export interface DemoDataResult {
  interventionsCreated: number;
  casesCreated: number;
  /** False when the follow-up part was already there (seeding again adds nothing). */
  followUpSeeded: boolean;
  followUp: DemoFollowUpCounts | null;
  staff: { email: string; role: string }[];
}

const MARKER_ACTION = 'demo-data.seed' as const;

/**
 * Fills a development database with a realistic, clearly fake dataset: the demo staff and case of
 * `seed demo`, 180 interventions of the last 90 days (folios `DEMO-…`, numbers `+5299900…`, aliases
 * `… (demo)`), and the follow-up they would have had (check-ins, encrypted messages, alerts, video
 * calls, closed cases, BANAVIM consent and fields). Idempotent: interventions are keyed by folio, and the
 * follow-up is written once, in one transaction that ends with an audit entry marking it done.
 */
export async function seedDemoData(db: Database, privacy: PrivacyTools, now: Date): Promise<DemoDataResult> {
  const demo = await seedDemo(db, privacy);
  const staffIds = await db.staff.findMany({ where: { email: { in: demo.staff.map((s) => s.email) } }, select: { id: true, role: true } });
  const psychologistId = staffIds.find((s) => s.role === 'psychologist')!.id;
  const coordinatorId = staffIds.find((s) => s.role === 'coordinator')!.id;
  const actor = { staffId: coordinatorId, via: 'cli' as const };

  // The demo's check-ins (past and future) are written below with the rest of its follow-up.
  const imported = await prismaInterventionImportStore(db, privacy).importRows(demoInterventions(now), {
    actor,
    now,
    fileDigest: 'demo-data',
    planCheckIns: () => [],
    invitationFlows: [VIDEO_FLOWS.invitation],
  });
  if (!imported.ok) throw new Error(`demo data does not import: ${imported.problems.map((p) => `${p.line} ${p.column} ${p.problem.en}`).join('; ')}`);

  const result: DemoDataResult = {
    interventionsCreated: imported.outcome.created,
    casesCreated: imported.outcome.casesCreated,
    followUpSeeded: false,
    followUp: null,
    staff: demo.staff,
  };
  await db.$transaction(
    async (tx) => {
      if (await tx.auditLog.findFirst({ where: { action: MARKER_ACTION }, select: { id: true } })) return;
      // One statement: a read with nested relations sends its parts at once on the transaction's one
      // connection, which the `pg` driver queues under a deprecation.
      const cases = await tx.$queryRawUnsafe<DemoCase[]>(
        `SELECT c.id::text AS id, c.folio, c."survivorId"::text AS "survivorId", c."interventionAt",
                s."phoneHash" IS NOT NULL AS "hasPhone",
                s."phoneHash" IS NOT NULL AND COALESCE(${newestConsentSql('s.id', 'follow_up')}, false) AS "followUpConsent",
                COALESCE(b.status = 'registered', false) AS registered,
                (SELECT i."occurredAt" FROM "Intervention" i WHERE i."caseId" = c.id AND i.channel = 'videollamada' LIMIT 1) AS "videoCallAt"
           FROM "Case" c JOIN "Survivor" s ON s.id = c."survivorId" LEFT JOIN "BanavimRecord" b ON b."caseId" = c.id
          WHERE starts_with(c.folio, $1) AND EXISTS (SELECT 1 FROM "Intervention" i WHERE i."caseId" = c.id)
          ORDER BY c.folio`,
        DEMO_FOLIO_PREFIX,
      );
      result.followUp = await seedDemoFollowUp(tx, cases, { now, psychologistId, coordinatorId, privacy });
      result.followUpSeeded = true;
      await tx.auditLog.create({ data: auditRow({ ...actor, action: MARKER_ACTION, subject: 'demo-data', detail: { ...result.followUp } }) });
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  return result;
}
