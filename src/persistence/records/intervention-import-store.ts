import type { CaseCheckInPlanner, ImportOutcome, InterventionImportStore } from '../../app/records/ports.js';
import type { InterventionRow } from '../../app/records/intervention-row.js';
import type { Database } from '../database.js';
import type { PrivacyTools } from '../conversation-store.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { planImport, type ImportPlan, type ImportSnapshot } from './import-plan.js';
import { auditRow } from '../audit-trail.js';
import { uuidV7 } from '../uuid-v7.js';
import { bulkInsert } from './bulk-insert.js';
import { lockFolioWrites } from './folio-lock.js';
import { analyzeTables } from '../planner-statistics.js';

/** The tables an import writes in bulk, analyzed after its commit. */
const IMPORTED_TABLES = ['Survivor', 'Case', 'Intervention', 'Consent', 'BanavimRecord', 'CheckIn'] as const;

type Tx = Prisma.TransactionClient;

/**
 * A whole file is one transaction; a large one may take a while: a unit's history of 100,000 rows took
 * one to two minutes on a busy 2-core machine, so it gets ten.
 */
export const IMPORT_TRANSACTION = { timeout: 600_000, maxWait: 10_000 } as const;

/**
 * The Prisma implementation of {@link InterventionImportStore}: reads what the file's rows touch,
 * plans every write ({@link planImport}), then writes each table with one bulk insert
 * ({@link bulkInsert}), all in one transaction that also records the audit entry. Numbers are stored
 * encrypted and found by keyed hash.
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
        await db.auditLog.create({ data: auditRow({ ...context.actor, action: 'interventions.import_check', subject: 'interventions', detail: error.detail }) });
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
  return db.$transaction(async (tx) => {
    await lockFolioWrites(tx);
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
    await tx.auditLog.create({ data: auditRow({ ...context.actor, action: 'interventions.import', subject: 'interventions', detail }) });
    return { ok: true as const, outcome };
  }, IMPORT_TRANSACTION);
}

/**
 * What the database holds that the file's rows touch. Each lookup is one statement with an array
 * parameter (`= ANY($1)`): Prisma's `in` lists of 100,000 folios took seconds and hundreds of MB.
 */
async function readSnapshot(tx: Tx, rows: readonly InterventionRow[], phoneHashes: string[]): Promise<ImportSnapshot> {
  const folios = rows.map((r) => r.folio);
  const banavimFolios = [...new Set(rows.flatMap((r) => (r.banavimFolio ? [r.banavimFolio] : [])))];
  const interventions = await tx.$queryRaw<{ folio: string }[]>`SELECT folio FROM "Intervention" WHERE folio = ANY(${folios}::text[])`;
  const survivors = await tx.$queryRaw<
    { id: string; phoneHash: string; caseId: string | null; interventionAt: Date | null; banavimStatus: 'pending' | 'registered' | null; banavimFolio: string | null }[]
  >`SELECT s.id::text AS id, s."phoneHash", c.id::text AS "caseId", c."interventionAt", b.status::text AS "banavimStatus", b.folio AS "banavimFolio"
      FROM "Survivor" s
      LEFT JOIN LATERAL (SELECT id, "interventionAt" FROM "Case" WHERE "survivorId" = s.id AND status = 'open' ORDER BY "createdAt" DESC LIMIT 1) c ON true
      LEFT JOIN "BanavimRecord" b ON b."caseId" = c.id
     WHERE s."phoneHash" = ANY(${phoneHashes}::text[])`;
  const cases = await tx.$queryRaw<{ folio: string }[]>`SELECT folio FROM "Case" WHERE folio = ANY(${folios}::text[])`;
  const banavim = await tx.$queryRaw<{ folio: string; caseId: string }[]>`
    SELECT folio, "caseId"::text AS "caseId" FROM "BanavimRecord" WHERE folio = ANY(${banavimFolios}::text[])`;
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
    plan.survivors.map((s) => ({
      id: s.id,
      alias: s.alias,
      phoneHash: s.phoneHash,
      phoneCipher: s.phone ? privacy.cipher.encrypt(s.phone) : null,
    })),
  );
  await bulkInsert(tx, 'Case', { id: 'uuid', folio: 'text', survivorId: 'uuid', interventionAt: 'timestamptz' }, plan.cases);
  for (const move of plan.movedInterventionAt) {
    await tx.case.update({ where: { id: move.caseId }, data: { interventionAt: move.interventionAt } });
  }
  await bulkInsert(
    tx,
    'Intervention',
    { id: 'uuid', folio: 'text', caseId: 'uuid', occurredAt: 'timestamptz', service: '"Service"', line: '"LineOfAttention"', channel: '"InterventionChannel"' },
    plan.interventions.map(({ caseId, row }) => ({
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
    plan.consents.map((c) => ({
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
    plan.banavimCreates.map((b) => ({ id: uuidV7(), caseId: b.caseId, folio: b.folio, ...registered })),
  );
  for (const b of plan.banavimRegistrations) {
    await tx.banavimRecord.update({ where: { caseId: b.caseId }, data: { folio: b.folio, ...registered } });
  }
}

/**
 * The candidate cases that may be enrolled once the import's consents are in: her newest follow-up
 * consent (by when it was given) is a grant, she has a number, has not opted out, and the case is open.
 */
async function casesToEnroll(tx: Tx, plan: ImportPlan): Promise<string[]> {
  if (plan.followUpCandidates.length === 0) return [];
  const survivorIds = [...new Set(plan.followUpCandidates.map((c) => c.survivorId))];
  const open = await tx.$queryRaw<{ caseId: string }[]>`
    SELECT c.id::text AS "caseId"
      FROM "Survivor" s JOIN "Case" c ON c."survivorId" = s.id AND c.status = 'open'
     WHERE s.id = ANY(${survivorIds}::uuid[]) AND s."optedOutAt" IS NULL AND s."phoneHash" IS NOT NULL
       AND (SELECT k.granted FROM "Consent" k WHERE k."survivorId" = s.id AND k.purpose = 'follow_up'
             ORDER BY k."recordedAt" DESC, k.id DESC LIMIT 1)`;
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
  const cases = await tx.$queryRaw<{ id: string; baseAt: Date; safeHours: string | null; planItems: string[] }[]>`
    SELECT c.id::text AS id, COALESCE(c."interventionAt", c."createdAt") AS "baseAt", s."safeHours"::text AS "safeHours",
           COALESCE((SELECT array_agg(k."planItem") FROM "CheckIn" k WHERE k."caseId" = c.id AND k."planItem" IS NOT NULL), '{}') AS "planItems"
      FROM "Case" c JOIN "Survivor" s ON s.id = c."survivorId"
     WHERE c.id = ANY(${caseIds as string[]}::uuid[])`;
  const rows = cases.flatMap((c) => {
    const existing = new Set(c.planItems);
    return planCheckIns({ baseAt: c.baseAt, safeHours: c.safeHours === null ? null : (JSON.parse(c.safeHours) as unknown) })
      .filter((p) => p.planItem === null || !existing.has(p.planItem))
      .map((p) => ({
        id: uuidV7(),
        caseId: c.id,
        planItem: p.planItem,
        flowId: p.flowId,
        plannedAt: p.plannedAt,
        dueAt: p.dueAt,
        movedReason: p.movedReason,
        updatedAt: new Date(),
      }));
  });
  const checkInsCreated = await bulkInsert(
    tx,
    'CheckIn',
    { id: 'uuid', caseId: 'uuid', planItem: 'text', flowId: 'text', plannedAt: 'timestamptz', dueAt: 'timestamptz', movedReason: 'text', updatedAt: 'timestamptz' },
    rows,
    { onConflict: 'do_nothing' },
  );
  const withRows = new Set(rows.map((r) => r.caseId));
  return { enrolled: caseIds.filter((id) => withRows.has(id)), checkInsCreated };
}
