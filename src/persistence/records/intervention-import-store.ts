import type { CaseCheckInPlanner, ImportOutcome, InterventionImportStore } from '../../app/records/ports.js';
import type { InterventionRow } from '../../app/records/intervention-row.js';
import type { Database } from '../database.js';
import type { PrivacyTools } from '../conversation-store.js';
import type pg from 'pg';
import { poolOf } from '../database.js';
import { planImport, type ImportPlan, type ImportSnapshot } from './import-plan.js';
import { auditInsert } from '../audit-trail.js';
import { uuidV7 } from '../uuid-v7.js';
import { bulkInsert, mapped } from './bulk-insert.js';
import { lockFolioWritesOn } from './folio-lock.js';
import { analyzeTables } from '../planner-statistics.js';
import { inTransaction } from '../pg-transaction.js';

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
 * The SQL implementation of {@link InterventionImportStore} (on the `pg` pool Prisma shares): reads
 * what the file's rows touch, plans every write ({@link planImport}), then writes each table with
 * bulk inserts ({@link bulkInsert}), all in one transaction that also records the audit entry; a dry
 * run rolls it back. Numbers are stored encrypted and found by keyed hash.
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
  rows: readonly InterventionRow[],
  context: Parameters<InterventionImportStore['importRows']>[1],
): ReturnType<InterventionImportStore['importRows']> {
  return inTransaction(poolOf(db), async (tx) => {
    await lockFolioWritesOn(tx);
    const hashes = new Map<InterventionRow, string>();
    for (const row of rows) if (row.phone) hashes.set(row, privacy.hashPhone(row.phone));
    const snapshot = await readSnapshot(tx, rows, [...new Set(hashes.values())]);
    const planned = planImport(rows, snapshot, { hashOf: (row) => hashes.get(row) ?? null, newId: () => uuidV7() });
    if (!planned.ok) return planned;
    const { plan } = planned;

    await writePlan(tx, plan, privacy, context.actor.staffId, context.now);
    const candidates = await casesToEnroll(tx, plan);
    const { enrolled: enrollCaseIds, checkInsCreated } = await createCheckIns(tx, candidates, context.planCheckIns);
    const outcome = {
      created: plan.interventions.length,
      unchanged: plan.unchanged,
      casesCreated: plan.cases.length,
      survivorsCreated: plan.survivors.length,
      consentsRecorded: plan.consents.length,
      banavimRegistered: plan.banavimCreates.length + plan.banavimRegistrations.length,
      enrollCaseIds,
      checkInsCreated,
    };
    const detail = {
      rows: rows.length,
      created: outcome.created,
      unchanged: outcome.unchanged,
      casesCreated: outcome.casesCreated,
      banavimRegistered: outcome.banavimRegistered,
      enrolled: enrollCaseIds.length,
      checkInsCreated,
      fileSha256: context.fileDigest,
    };
    if (context.dryRun) throw new DryRunRollback(outcome, detail);
    const audit = auditInsert({ ...context.actor, action: 'interventions.import', subject: 'interventions', detail });
    await tx.query(audit.text, audit.values);
    return { ok: true as const, outcome };
  });
}

/**
 * What the database holds that the file's rows touch. Each lookup is one statement with an array
 * parameter (`= ANY($1)`): `in` lists of 100,000 folios took seconds and hundreds of MB.
 */
async function readSnapshot(tx: Tx, rows: readonly InterventionRow[], phoneHashes: string[]): Promise<ImportSnapshot> {
  const folios = rows.map((r) => r.folio);
  const banavimFolios = [...new Set(rows.flatMap((r) => (r.banavimFolio ? [r.banavimFolio] : [])))];
  const { rows: interventions } = await tx.query<{ folio: string }>(`SELECT folio FROM "Intervention" WHERE folio = ANY($1::text[])`, [folios]);
  const { rows: survivors } = await tx.query<{
    id: string;
    phoneHash: string;
    caseId: string | null;
    interventionAt: Date | null;
    banavimStatus: 'pending' | 'registered' | null;
    banavimFolio: string | null;
  }>(
    `SELECT s.id::text AS id, s."phoneHash", c.id::text AS "caseId", c."interventionAt", b.status::text AS "banavimStatus", b.folio AS "banavimFolio"
      FROM "Survivor" s
      LEFT JOIN LATERAL (SELECT id, "interventionAt" FROM "Case" WHERE "survivorId" = s.id AND status = 'open' ORDER BY "createdAt" DESC LIMIT 1) c ON true
      LEFT JOIN "BanavimRecord" b ON b."caseId" = c.id
     WHERE s."phoneHash" = ANY($1::text[])`,
    [phoneHashes],
  );
  const { rows: cases } = await tx.query<{ folio: string }>(`SELECT folio FROM "Case" WHERE folio = ANY($1::text[])`, [folios]);
  const { rows: banavim } = await tx.query<{ folio: string; caseId: string }>(
    `SELECT folio, "caseId"::text AS "caseId" FROM "BanavimRecord" WHERE folio = ANY($1::text[])`,
    [banavimFolios],
  );
  return {
    existingFolios: new Set(interventions.map((i) => i.folio)),
    survivorsByHash: new Map(
      survivors.map((s) => [
        s.phoneHash,
        {
          id: s.id,
          openCase: s.caseId
            ? { id: s.caseId, interventionAt: s.interventionAt, banavim: s.banavimStatus ? { status: s.banavimStatus, folio: s.banavimFolio } : null }
            : null,
        },
      ]),
    ),
    caseFolios: new Set(cases.map((c) => c.folio)),
    banavimFolioOwners: new Map(banavim.map((b) => [b.folio, b.caseId])),
  };
}

async function writePlan(tx: Tx, plan: ImportPlan, privacy: PrivacyTools, staffId: string | null, now: Date): Promise<void> {
  await bulkInsert(
    tx,
    'Survivor',
    { id: 'uuid', alias: 'text', phoneHash: 'text', phoneCipher: 'bytea' },
    mapped(plan.survivors, (s) => ({
      id: s.id,
      alias: s.alias,
      phoneHash: s.phoneHash,
      phoneCipher: s.phone ? privacy.cipher.encrypt(s.phone) : null,
    })),
  );
  await bulkInsert(tx, 'Case', { id: 'uuid', folio: 'text', survivorId: 'uuid', interventionAt: 'timestamptz' }, plan.cases);
  if (plan.movedInterventionAt.length > 0) {
    await tx.query(
      `UPDATE "Case" c SET "interventionAt" = m.at FROM unnest($1::uuid[], $2::timestamptz[]) AS m(id, at) WHERE c.id = m.id`,
      [plan.movedInterventionAt.map((m) => m.caseId), plan.movedInterventionAt.map((m) => m.interventionAt.toISOString())],
    );
  }
  await bulkInsert(
    tx,
    'Intervention',
    { id: 'uuid', folio: 'text', caseId: 'uuid', occurredAt: 'timestamptz', service: '"Service"', line: '"LineOfAttention"', channel: '"InterventionChannel"' },
    mapped(plan.interventions, ({ caseId, row }) => ({
      id: uuidV7(),
      folio: row.folio,
      caseId,
      occurredAt: row.occurredAt,
      service: row.service,
      line: row.lineOfAttention,
      channel: row.channel,
    })),
  );
  await bulkInsert(
    tx,
    'Consent',
    { id: 'uuid', survivorId: 'uuid', purpose: '"ConsentPurpose"', granted: 'boolean', source: '"ConsentSource"', recordedById: 'uuid', recordedAt: 'timestamptz' },
    mapped(plan.consents, (c) => ({
      id: uuidV7(),
      survivorId: c.survivorId,
      purpose: 'follow_up',
      granted: c.granted,
      source: 'intervention_911',
      recordedById: staffId,
      recordedAt: c.recordedAt,
    })),
  );
  const registered = { status: 'registered' as const, registeredAt: now, registeredById: staffId };
  await bulkInsert(
    tx,
    'BanavimRecord',
    { id: 'uuid', caseId: 'uuid', folio: 'text', status: '"BanavimStatus"', registeredAt: 'timestamptz', registeredById: 'uuid' },
    mapped(plan.banavimCreates, (b) => ({ id: uuidV7(), caseId: b.caseId, folio: b.folio, ...registered })),
  );
  if (plan.banavimRegistrations.length > 0) {
    await tx.query(
      `UPDATE "BanavimRecord" b SET folio = r.folio, status = 'registered', "registeredAt" = $3::timestamptz, "registeredById" = $4::uuid
         FROM unnest($1::uuid[], $2::text[]) AS r("caseId", folio) WHERE b."caseId" = r."caseId"`,
      [plan.banavimRegistrations.map((b) => b.caseId), plan.banavimRegistrations.map((b) => b.folio), now.toISOString(), staffId],
    );
  }
}

/**
 * The candidate cases that may be enrolled once the import's consents are in: her newest follow-up
 * consent (by when it was given) is a grant, she has a number, has not opted out, and the case is open.
 */
async function casesToEnroll(tx: Tx, plan: ImportPlan): Promise<string[]> {
  if (plan.followUpCandidates.length === 0) return [];
  const survivorIds = [...new Set(plan.followUpCandidates.map((c) => c.survivorId))];
  const { rows: open } = await tx.query<{ caseId: string }>(
    `SELECT c.id::text AS "caseId"
       FROM "Survivor" s JOIN "Case" c ON c."survivorId" = s.id AND c.status = 'open'
      WHERE s.id = ANY($1::uuid[]) AND s."optedOutAt" IS NULL AND s."phoneHash" IS NOT NULL
        AND (SELECT k.granted FROM "Consent" k WHERE k."survivorId" = s.id AND k.purpose = 'follow_up'
              ORDER BY k."recordedAt" DESC, k.id DESC LIMIT 1)`,
    [survivorIds],
  );
  const eligible = new Set(open.map((c) => c.caseId));
  return plan.followUpCandidates.filter((c) => eligible.has(c.caseId)).map((c) => c.caseId);
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
  const { rows: cases } = await tx.query<{ id: string; baseAt: Date; safeHours: string | null; planItems: string[] }>(
    `SELECT c.id::text AS id, COALESCE(c."interventionAt", c."createdAt") AS "baseAt", s."safeHours"::text AS "safeHours",
            COALESCE((SELECT array_agg(k."planItem") FROM "CheckIn" k WHERE k."caseId" = c.id AND k."planItem" IS NOT NULL), '{}') AS "planItems"
       FROM "Case" c JOIN "Survivor" s ON s.id = c."survivorId"
      WHERE c.id = ANY($1::uuid[])`,
    [caseIds],
  );
  const withRows = new Set<string>();
  const updatedAt = new Date();
  // Built as each chunk is sent: a history's 15,000 enrolments make tens of thousands of check-ins.
  function* rows() {
    for (const c of cases) {
      const existing = new Set(c.planItems);
      for (const p of planCheckIns({ baseAt: c.baseAt, safeHours: c.safeHours === null ? null : (JSON.parse(c.safeHours) as unknown) })) {
        if (p.planItem !== null && existing.has(p.planItem)) continue;
        withRows.add(c.id);
        yield { id: uuidV7(), caseId: c.id, planItem: p.planItem, flowId: p.flowId, plannedAt: p.plannedAt, dueAt: p.dueAt, movedReason: p.movedReason, updatedAt };
      }
    }
  }
  const checkInsCreated = await bulkInsert(
    tx,
    'CheckIn',
    { id: 'uuid', caseId: 'uuid', planItem: 'text', flowId: 'text', plannedAt: 'timestamptz', dueAt: 'timestamptz', movedReason: 'text', updatedAt: 'timestamptz' },
    rows(),
    { onConflict: 'do_nothing' },
  );
  return { enrolled: caseIds.filter((id) => withRows.has(id)), checkInsCreated };
}
