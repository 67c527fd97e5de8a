import { banavimDetailSchema } from '../../app/records/banavim-detail.js';
import type { BanavimStore, PendingBanavimRow } from '../../app/records/ports.js';
import type { Database } from '../database.js';
import type { PrivacyTools } from '../conversation-store.js';
import { auditRow } from '../audit-trail.js';
import { lockFolioWrites } from './folio-lock.js';
import { IMPORT_TRANSACTION } from './intervention-import-store.js';
import { caseRefWhere, isUuid } from '../typed-ids.js';

/**
 * The Prisma implementation of {@link BanavimStore}. A case is pending while it has no `registered`
 * record. The collected fields are decrypted only for cases whose survivor's newest `banavim` consent
 * is a grant; for the others they are never opened.
 */
export function prismaBanavimStore(db: Database, privacy: PrivacyTools): BanavimStore {
  return {
    async pending() {
      const cases = await db.case.findMany({
        where: { OR: [{ banavim: { is: null } }, { banavim: { is: { status: 'pending' } } }] },
        select: {
          id: true,
          folio: true,
          createdAt: true,
          interventions: { orderBy: { occurredAt: 'asc' }, take: 1, select: { occurredAt: true } },
          banavim: { select: { detailCipher: true } },
          survivor: {
            select: {
              consents: { where: { purpose: 'banavim' }, orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }], take: 1, select: { granted: true } },
            },
          },
        },
      });
      const rows = cases.map((c): PendingBanavimRow & { createdAt: Date } => {
        const consentGranted = c.survivor.consents[0]?.granted ?? false;
        const cipher = c.banavim?.detailCipher ?? null;
        return {
          caseId: c.id,
          folio: c.folio,
          createdAt: c.createdAt,
          firstInterventionAt: c.interventions[0]?.occurredAt ?? null,
          consentGranted,
          detailCollected: cipher !== null,
          detail: consentGranted && cipher ? banavimDetailSchema.parse(JSON.parse(privacy.cipher.decrypt(cipher))) : null,
        };
      });
      const when = (r: (typeof rows)[number]) => (r.firstInterventionAt ?? r.createdAt).getTime();
      return rows.sort((a, b) => when(a) - when(b) || a.caseId.localeCompare(b.caseId)).map(({ createdAt: _, ...row }) => row);
    },

    register: (request) => register(db, request),

    saveDetail({ caseId, detail, actor }) {
      return db.$transaction(async (tx) => {
        if (!isUuid(caseId) || !(await tx.case.findUnique({ where: { id: caseId }, select: { id: true } }))) return 'case_not_found' as const;
        await tx.$queryRaw`SELECT id FROM "Case" WHERE id = ${caseId}::uuid FOR UPDATE`;
        const record = await tx.banavimRecord.findUnique({ where: { caseId }, select: { status: true } });
        if (record?.status === 'registered') return 'already_registered' as const;
        const detailCipher = privacy.cipher.encrypt(JSON.stringify(detail));
        await tx.banavimRecord.upsert({ where: { caseId }, create: { caseId, detailCipher }, update: { detailCipher } });
        await tx.auditLog.create({ data: auditRow({ ...actor, action: 'banavim.detail', subject: `case:${caseId}` }) });
        return 'saved' as const;
      });
    },
  };
}

/** A registration may wait for an import holding the folio lock: it lasts longer than the longest import. */
const REGISTRATION_TRANSACTION = { timeout: IMPORT_TRANSACTION.timeout + 10_000, maxWait: 10_000 } as const;

/**
 * Registers a case in BANAVIM with a folio, in one transaction under the folio lock (two
 * registrations, or an import, claiming the same folio at once are decided one after the other) and
 * the case's lock.
 */
function register(db: Database, { caseRef, folio, actor, at }: Parameters<BanavimStore['register']>[0]): ReturnType<BanavimStore['register']> {
  return db.$transaction(async (tx) => {
    await lockFolioWrites(tx);
    const found = await tx.case.findFirst({ where: caseRefWhere(caseRef), select: { id: true } });
    if (!found) return { kind: 'case_not_found' as const };
    const caseId = found.id;
    await tx.$queryRaw`SELECT id FROM "Case" WHERE id = ${caseId}::uuid FOR UPDATE`;
    const record = await tx.banavimRecord.findUnique({ where: { caseId }, select: { status: true, folio: true } });
    if (record?.status === 'registered') {
      return record.folio === folio
        ? { kind: 'already_registered' as const, caseId, folio }
        : { kind: 'registered_with_other_folio' as const, caseId, folio: record.folio ?? '' };
    }
    const owner = await tx.banavimRecord.findUnique({ where: { folio }, select: { caseId: true } });
    if (owner && owner.caseId !== caseId) return { kind: 'folio_in_use' as const, caseId: owner.caseId };
    const registered = { status: 'registered' as const, folio, registeredAt: at, registeredById: actor.staffId };
    await tx.banavimRecord.upsert({ where: { caseId }, create: { caseId, ...registered }, update: registered });
    await tx.auditLog.create({ data: auditRow({ ...actor, action: 'banavim.register', subject: `case:${caseId}`, detail: { folio } }) });
    return { kind: 'registered' as const, caseId, folio };
  }, REGISTRATION_TRANSACTION);
}
