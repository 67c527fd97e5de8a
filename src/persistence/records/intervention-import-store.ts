import type { CaseCheckInPlanner, ImportOutcome, InterventionImportStore } from '../../app/records/ports.js';
import type { InterventionRow } from '../../app/records/intervention-row.js';
import type { Database } from '../database.js';
import type { PrivacyTools } from '../conversation-store.js';
import type pg from 'pg';
import { poolOf } from '../database.js';
import { planBanavimFolios, type BanavimFolioPlan, type CaseBanavimRows } from './plan-banavim-folios.js';
import { STAGED_GROUPS_SQL, stageRows } from './import-staging.js';
import { say, sortProblems, type ImportProblem } from '../../app/records/import-problem.js';
import { auditInsert } from '../audit-trail.js';
import { uuidV7 } from '../uuid-v7.js';
import { bulkInsert, mapped } from './bulk-insert.js';
import { lockFolioWritesOn } from './folio-lock.js';
import { analyzeTables } from '../planner-statistics.js';
import { inTransaction } from '../pg-transaction.js';

import { NO_ALIAS } from '../../app/no-alias.js';
import { CANCELLED_NO_CONSENT } from '../../app/errors.js';
import { newestConsentSql } from '../consent-in-force.js';
import { SESSION_CANCELLED_REASON } from '../../app/appointments/appointment-wording.js';
import { NO_FOLLOW_UP_CONSENT } from '../../app/checkins/ports.js';

/** The tables an import writes in bulk, analyzed after its commit. */
const IMPORTED_TABLES = ['Survivor', 'Case', 'Intervention', 'Consent', 'BanavimRecord', 'CheckIn'] as const;

type Tx = pg.PoolClient;

/**
 * How long an import may hold the BANAVIM folio lock: a whole file is one transaction, and a unit's
 * history of 100,000 rows takes up to a minute on a busy 2-core machine, so ten are allowed for (a
 * registration from the console waits that long for the lock).
 */
export const IMPORT_TRANSACTION = { timeout: 600_000, maxWait: 10_000 } as const;

/**
 * The SQL implementation of {@link InterventionImportStore} (on the `pg` pool Prisma shares), in one
 * transaction that also records the audit entry (a dry run rolls it back): the rows are streamed into
 * a temporary staging table as the file is read ({@link stageRows}), grouped by woman against what
 * the database holds ({@link STAGED_GROUPS_SQL}), checked (folios of other cases, BANAVIM folios), then
 * moved into each table with one `INSERT … SELECT`. Beyond the file's bytes, the process holds one
 * piece of its text at a time and the rows naming a BANAVIM folio, whatever the file's size. Numbers
 * are stored encrypted and found by keyed hash.
 */
export function prismaInterventionImportStore(db: Database, privacy: PrivacyTools): InterventionImportStore {
  return {
    async importRows(rows, context) {
      try {
        const result = await importInTransaction(db, privacy, rows, context);
        // A bulk import fills tables behind the planner's back (and autovacuum may be off): refresh its
        // statistics after the commit, so the message path's plans see the tables as they now are. The
        // import has succeeded whatever this does; a failure here is caught up by the next start.
        if (result.ok && result.outcome.created > 0) await analyzeTables(db, IMPORTED_TABLES).catch(() => undefined);
        return result;
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
        const audit = auditInsert({ ...context.actor, action: 'interventions.import_check', subject: 'interventions', detail: error.detail });
        await poolOf(db).query(audit.text, audit.values);
        return { ok: true as const, outcome: error.outcome };
      }
    },
  };
}

/** Thrown at the end of a dry run, to roll its transaction back with what it would have done. */
class DryRunRollback extends Error {
  constructor(
    readonly outcome: ImportOutcome,
    readonly detail: Record<string, unknown>,
  ) {
    super('dry run: rolled back');
  }
}

function importInTransaction(
  db: Database,
  privacy: PrivacyTools,
  rows: Iterable<InterventionRow> | AsyncIterable<InterventionRow>,
  context: Parameters<InterventionImportStore['importRows']>[1],
): ReturnType<InterventionImportStore['importRows']> {
  return inTransaction(poolOf(db), async (tx) => {
    await lockFolioWritesOn(tx);
    const staged = await stageRows(tx, rows, privacy);
    for (const statement of STAGED_GROUPS_SQL) await tx.query(statement);

    const problems = [...(await skippedRowProblems(tx))];
    const banavim = await planBanavim(tx);
    problems.push(...banavim.problems);
    if (problems.length > 0) return { ok: false as const, problems: sortProblems(problems) };

    const written = await writeStaged(tx, banavim, context.actor.staffId, context.now);
    await withdrawWhereRefused(tx, context.now);
    const sessionsCancelled = await cancelSessionsWhereRefused(tx, context.now, context.invitationFlows);
    const candidates = await casesToEnroll(tx);
    const { enrolled: enrollCaseIds, checkInsCreated } = await createCheckIns(tx, candidates, context.planCheckIns);
    const outcome = {
      created: written.interventions,
      unchanged: staged - written.fresh,
      casesCreated: written.cases,
      survivorsCreated: written.survivors,
      consentsRecorded: written.consents,
      banavimRegistered: banavim.creates.length + banavim.registrations.length,
      enrollCaseIds,
      checkInsCreated,
    };
    const detail = {
      rows: staged,
      created: outcome.created,
      unchanged: outcome.unchanged,
      casesCreated: outcome.casesCreated,
      banavimRegistered: outcome.banavimRegistered,
      enrolled: enrollCaseIds.length,
      checkInsCreated,
      ...(sessionsCancelled > 0 ? { sessionsCancelled } : {}),
      fileSha256: context.fileDigest,
    };
    if (context.dryRun) throw new DryRunRollback(outcome, detail);
    const audit = auditInsert({ ...context.actor, action: 'interventions.import', subject: 'interventions', detail });
    await tx.query(audit.text, audit.values);
    return { ok: true as const, outcome };
  });
}

/** The rows {@link STAGED_GROUPS_SQL} skipped: their folio is the folio of a case that was not imported. */
async function skippedRowProblems(tx: Tx): Promise<ImportProblem[]> {
  const { rows } = await tx.query<{ line: number }>('SELECT line FROM import_fresh WHERE skipped ORDER BY line');
  return rows.map(({ line }) => ({
    line,
    column: 'folio',
    problem: say('ya es el folio de un caso que no vino de un archivo', 'is already the folio of a case that was not imported'),
  }));
}

/**
 * The BANAVIM records of the import ({@link planBanavimFolios}), read from the staged rows that name
 * a folio only, case by case in the order the cases first appear.
 */
async function planBanavim(tx: Tx): Promise<BanavimFolioPlan> {
  const { rows } = await tx.query<{ line: number; folio: string; caseId: string; status: 'pending' | 'registered' | null; recordFolio: string | null }>(
    `SELECT f.line, f.banavim_folio AS folio, g.case_id::text AS "caseId", g.banavim_status AS status, g.open_case_banavim_folio AS "recordFolio"
       FROM import_fresh f JOIN import_group g USING (grp)
      WHERE f.banavim_folio IS NOT NULL AND NOT f.skipped
      ORDER BY g.first_ord, f.ord`,
  );
  if (rows.length === 0) return { creates: [], registrations: [], problems: [] };
  const { rows: owners } = await tx.query<{ folio: string; caseId: string }>(
    `SELECT folio, "caseId"::text AS "caseId" FROM "BanavimRecord" WHERE folio IN (SELECT banavim_folio FROM import_fresh WHERE banavim_folio IS NOT NULL)`,
  );
  const cases: CaseBanavimRows[] = [];
  for (const row of rows) {
    let current = cases[cases.length - 1];
    if (current?.caseId !== row.caseId) {
      current = { caseId: row.caseId, record: row.status ? { status: row.status, folio: row.recordFolio } : null, rows: [] };
      cases.push(current);
    }
    current.rows.push({ line: row.line, folio: row.folio });
  }
  return planBanavimFolios(cases, new Map(owners.map((o) => [o.folio, o.caseId])));
}

/** How many rows each write of {@link writeStaged} made, and how many staged rows were new. */
interface WrittenCounts {
  fresh: number;
  survivors: number;
  cases: number;
  interventions: number;
  consents: number;
}

/**
 * Writes the staged import with one `INSERT … SELECT` per table: her survivor and case when new (her
 * open case's `interventionAt` moves to her latest intervention), every new intervention and the
 * consents it recorded (follow-up; video calls and BANAVIM where marked), then the BANAVIM records.
 */
async function writeStaged(tx: Tx, banavim: BanavimFolioPlan, staffId: string | null, now: Date): Promise<WrittenCounts> {
  const count = async (text: string, values: unknown[] = []) => (await tx.query(text, values)).rowCount ?? 0;
  const { rows: [staged] } = await tx.query<{ fresh: number }>('SELECT count(*)::int AS fresh FROM import_fresh');
  const fresh = staged!.fresh;
  const survivors = await count(
    `INSERT INTO "Survivor" (id, alias, "phoneHash", "phoneCipher")
     SELECT survivor_id, COALESCE(alias, $1), phone_hash, phone_cipher FROM import_group WHERE known_survivor_id IS NULL ORDER BY first_ord`,
    [NO_ALIAS],
  );
  const cases = await count(
    `INSERT INTO "Case" (id, folio, "survivorId", "interventionAt")
     SELECT case_id, first_folio, survivor_id, latest_at FROM import_group WHERE open_case_id IS NULL ORDER BY first_ord`,
  );
  await tx.query(
    `UPDATE "Case" c SET "interventionAt" = g.latest_at FROM import_group g
      WHERE c.id = g.open_case_id AND (g.open_case_at IS NULL OR g.open_case_at < g.latest_at)`,
  );
  const interventions = await count(
    `INSERT INTO "Intervention" (id, folio, "caseId", "occurredAt", service, line, channel)
     SELECT f.intervention_id, f.folio, g.case_id, f.occurred_at,
            f.service::"Service", f.line_of_attention::"LineOfAttention", f.channel::"InterventionChannel"
       FROM import_fresh f JOIN import_group g USING (grp) WHERE NOT f.skipped ORDER BY f.ord`,
  );
  // A blank consent cell is a no, except beside a marked row of the same call (her number, the same
  // moment: the psychological and the legal row of one intervention): then the marked row speaks for
  // the call, and the blank one records nothing, whatever the order of the lines.
  const consents = await count(
    `INSERT INTO "Consent" (id, "survivorId", purpose, granted, source, "recordedById", "recordedAt")
     SELECT f.consent_id, g.survivor_id, 'follow_up', COALESCE(f.consent, false), 'intervention_911', $1::uuid, f.occurred_at
       FROM import_fresh f JOIN import_group g USING (grp)
      WHERE NOT f.skipped
        AND (f.consent IS NOT NULL OR NOT EXISTS (
              SELECT 1 FROM import_fresh o WHERE o.grp = f.grp AND o.occurred_at = f.occurred_at AND o.consent IS NOT NULL AND NOT o.skipped))
      ORDER BY f.ord`,
    [staffId],
  );
  // Video calls and BANAVIM, where the file has their columns: only a marked cell records a decision.
  let otherConsents = 0;
  for (const [purpose, column, id] of [
    ['video_call', 'video_consent', 'video_consent_id'],
    ['banavim', 'banavim_consent', 'banavim_consent_id'],
  ] as const) {
    otherConsents += await count(
      `INSERT INTO "Consent" (id, "survivorId", purpose, granted, source, "recordedById", "recordedAt")
       SELECT f.${id}, g.survivor_id, '${purpose}', f.${column}, 'intervention_911', $1::uuid, f.occurred_at
         FROM import_fresh f JOIN import_group g USING (grp)
        WHERE NOT f.skipped AND f.${column} IS NOT NULL
        ORDER BY f.ord`,
      [staffId],
    );
  }
  const registered = { status: 'registered' as const, registeredAt: now, registeredById: staffId };
  await bulkInsert(
    tx,
    'BanavimRecord',
    { id: 'uuid', caseId: 'uuid', folio: 'text', status: '"BanavimStatus"', registeredAt: 'timestamptz', registeredById: 'uuid' },
    mapped(banavim.creates, (b) => ({ id: uuidV7(), caseId: b.caseId, folio: b.folio, ...registered })),
  );
  if (banavim.registrations.length > 0) {
    await tx.query(
      `UPDATE "BanavimRecord" b SET folio = r.folio, status = 'registered', "registeredAt" = $3::timestamptz, "registeredById" = $4::uuid
         FROM unnest($1::uuid[], $2::text[]) AS r("caseId", folio) WHERE b."caseId" = r."caseId"`,
      [banavim.registrations.map((b) => b.caseId), banavim.registrations.map((b) => b.folio), now.toISOString(), staffId],
    );
  }
  return { fresh, survivors, cases, interventions, consents: consents + otherConsents };
}

/**
 * Withdraws what was still to be sent to a woman of the file already known, once her newest follow-up
 * consent (by when it was given) is a refusal: messages queued or held by a sender (behind its pacing,
 * a daily cap, an outage) would otherwise go out after the "no". Check-ins are cancelled when due.
 */
async function withdrawWhereRefused(tx: Tx, now: Date): Promise<void> {
  await tx.query(
    `UPDATE "Contact" o SET status = 'failed', "errorCode" = $1, "statusAt" = $2
       FROM "Case" c
      WHERE o."caseId" = c.id AND o.direction = 'outbound' AND o.status IN ('queued', 'sending')
        AND c."survivorId" IN (SELECT survivor_id FROM import_group WHERE known_survivor_id IS NOT NULL)
        AND NOT COALESCE(${newestConsentSql('c."survivorId"', 'follow_up')}, false)`,
    [CANCELLED_NO_CONSENT, now],
  );
}

/**
 * Cancels the video-call sessions still to happen of a woman of the file already known, once her
 * newest video-call consent (by when it was given) is a refusal: what withdrawing that consent stops.
 * Their invitations still to be sent (check-ins of `invitationFlows`) are cancelled with them, as a
 * cancellation in the console does; their reminders find them cancelled when due and send nothing.
 * (An import needs no Redis: the jobs of the cancelled check-ins are removed by the service's
 * reconciler.) Returns how many sessions were cancelled.
 */
async function cancelSessionsWhereRefused(tx: Tx, now: Date, invitationFlows: readonly string[]): Promise<number> {
  const { rows } = await tx.query<{ caseId: string }>(
    `UPDATE "Appointment" a SET status = 'cancelled', "updatedAt" = clock_timestamp()
       FROM "Case" c
      WHERE a."caseId" = c.id AND a.status IN ('proposed', 'confirmed', 'rescheduled') AND a."endsAt" > $1
        AND c."survivorId" IN (SELECT survivor_id FROM import_group WHERE known_survivor_id IS NOT NULL)
        AND EXISTS (SELECT 1 FROM import_fresh f JOIN import_group g USING (grp) WHERE g.survivor_id = c."survivorId" AND f.video_consent IS NOT NULL)
        AND NOT COALESCE(${newestConsentSql('c."survivorId"', 'video_call')}, false)
      RETURNING a."caseId"::text AS "caseId"`,
    [now],
  );
  if (rows.length > 0 && invitationFlows.length > 0) {
    await tx.query(
      `UPDATE "CheckIn" SET status = 'cancelled', "movedReason" = $3, "updatedAt" = clock_timestamp()
        WHERE "caseId" = ANY($1::uuid[]) AND "flowId" = ANY($2::text[]) AND status = 'scheduled'`,
      [[...new Set(rows.map((r) => r.caseId))], invitationFlows, SESSION_CANCELLED_REASON],
    );
  }
  return rows.length;
}

/**
 * The cases that may be enrolled once the import's consents are in, in the order they first appear:
 * a row of hers granted follow-up and left a number, her newest follow-up consent (by when it was
 * given) is a grant, she has a number, has not opted out, and the case is open.
 */
async function casesToEnroll(tx: Tx): Promise<string[]> {
  const { rows } = await tx.query<{ caseId: string }>(
    `SELECT g.case_id::text AS "caseId"
       FROM import_group g JOIN "Survivor" s ON s.id = g.survivor_id JOIN "Case" c ON c.id = g.case_id AND c.status = 'open'
      WHERE g.follow_up AND s."optedOutAt" IS NULL AND s."phoneHash" IS NOT NULL
        AND ${newestConsentSql('s.id', 'follow_up')}
      ORDER BY g.first_ord`,
  );
  return rows.map((r) => r.caseId);
}

/**
 * Enrols the eligible cases in the same transaction: each gets the plan's check-ins it does not have
 * yet (by case and plan item; `ON CONFLICT DO NOTHING` keeps a concurrent enrolment from failing the
 * import). A case counts as enrolled when at least one of its check-ins was created now.
 */
async function createCheckIns(
  tx: Tx,
  caseIds: readonly string[],
  planCheckIns: CaseCheckInPlanner,
): Promise<{ enrolled: string[]; checkInsCreated: number }> {
  if (caseIds.length === 0) return { enrolled: [], checkInsCreated: 0 };
  // Each case's plan items already there, and of those the ones cancelled when due while her
  // follow-up consent was withdrawn: given again in this file, they are planned again (their rows kept).
  const { rows: cases } = await tx.query<{ id: string; baseAt: Date; safeHours: string | null; planItems: string[]; revivable: Record<string, string> | null }>(
    `SELECT c.id::text AS id, COALESCE(c."interventionAt", c."createdAt") AS "baseAt", s."safeHours"::text AS "safeHours",
            COALESCE((SELECT array_agg(k."planItem") FROM "CheckIn" k WHERE k."caseId" = c.id AND k."planItem" IS NOT NULL), '{}') AS "planItems",
            (SELECT jsonb_object_agg(k."planItem", k.id) FROM "CheckIn" k
              WHERE k."caseId" = c.id AND k."planItem" IS NOT NULL AND k.status = 'cancelled' AND k."movedReason" = $2) AS revivable
       FROM "Case" c JOIN "Survivor" s ON s.id = c."survivorId"
      WHERE c.id = ANY($1::uuid[])`,
    [caseIds, NO_FOLLOW_UP_CONSENT],
  );
  const withRows = new Set<string>();
  const revived: { id: string; flowId: string; plannedAt: Date; dueAt: Date; movedReason: string | null }[] = [];
  const updatedAt = new Date();
  // Built as each chunk is sent: a history's 15,000 enrolments make tens of thousands of check-ins.
  function* rows() {
    for (const c of cases) {
      const existing = new Set(c.planItems);
      for (const p of planCheckIns({ baseAt: c.baseAt, safeHours: c.safeHours === null ? null : (JSON.parse(c.safeHours) as unknown) })) {
        const again = p.planItem === null ? undefined : c.revivable?.[p.planItem];
        if (again) {
          withRows.add(c.id);
          revived.push({ id: again, flowId: p.flowId, plannedAt: p.plannedAt, dueAt: p.dueAt, movedReason: p.movedReason });
          continue;
        }
        if (p.planItem !== null && existing.has(p.planItem)) continue;
        withRows.add(c.id);
        yield { id: uuidV7(), caseId: c.id, planItem: p.planItem, flowId: p.flowId, plannedAt: p.plannedAt, dueAt: p.dueAt, movedReason: p.movedReason, updatedAt };
      }
    }
  }
  const inserted = await bulkInsert(
    tx,
    'CheckIn',
    { id: 'uuid', caseId: 'uuid', planItem: 'text', flowId: 'text', plannedAt: 'timestamptz', dueAt: 'timestamptz', movedReason: 'text', updatedAt: 'timestamptz' },
    rows(),
    { onConflict: 'do_nothing' },
  );
  const checkInsCreated = inserted + (await reviveCheckIns(tx, revived, updatedAt));
  return { enrolled: caseIds.filter((id) => withRows.has(id)), checkInsCreated };
}

/** Schedules again, in one statement, the check-ins {@link createCheckIns} found cancelled for want of her consent. */
async function reviveCheckIns(
  tx: Tx,
  revived: readonly { id: string; flowId: string; plannedAt: Date; dueAt: Date; movedReason: string | null }[],
  updatedAt: Date,
): Promise<number> {
  if (revived.length === 0) return 0;
  const result = await tx.query(
    `UPDATE "CheckIn" k SET status = 'scheduled', "flowId" = r.flow, "plannedAt" = r.planned, "dueAt" = r.due, "movedReason" = r.reason,
            "movedReasonCipher" = NULL, attempts = 0, "sentAt" = NULL, "updatedAt" = $6
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[]) AS r(id, flow, planned, due, reason)
      WHERE k.id = r.id AND k.status = 'cancelled'`,
    [revived.map((r) => r.id), revived.map((r) => r.flowId), revived.map((r) => r.plannedAt), revived.map((r) => r.dueAt), revived.map((r) => r.movedReason), updatedAt],
  );
  return result.rowCount ?? 0;
}
