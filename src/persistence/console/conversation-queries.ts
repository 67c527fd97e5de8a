import type { ConversationQueries, ConversationRecord, HistoryMessage } from '../../app/console/ports.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { SharedLocation } from '../../app/ports.js';
import type { PrivacyTools } from '../conversation-store.js';
import type { Database } from '../database.js';
import { CASE_CONTACT_SELECT, toCaseContact } from '../case-contact.js';

/** How many upcoming check-ins the view lists. */
const UPCOMING_CHECK_INS = 5;

/** What a history message is read with. */
const HISTORY_SELECT = {
  id: true,
  direction: true,
  author: true,
  textCipher: true,
  status: true,
  createdAt: true,
  flowId: true,
  kind: true,
  staff: { select: { displayName: true } },
  location: { select: { cipher: true } },
  herEditedAt: true,
  editedTextCipher: true,
  herDeletedAt: true,
} satisfies Prisma.ContactSelect;

/** History order, oldest first. */
const HISTORY_ORDER = [{ createdAt: 'asc' }, { sequence: 'asc' }, { id: 'asc' }] satisfies Prisma.ContactOrderByWithRelationInput[];

type HistoryRow = Prisma.ContactGetPayload<{ select: typeof HISTORY_SELECT }>;

/** The Prisma {@link ConversationQueries}: texts and notes are decrypted here, for the view only. */
export function prismaConversationQueries(db: Database, privacy: PrivacyTools): ConversationQueries {
  /** The rows as history messages, decrypted, with their files' facts (without their bytes). */
  async function decrypted(caseId: string, rows: readonly HistoryRow[]): Promise<HistoryMessage[]> {
    // The files' facts without their bytes: a history refresh must not load every voice note.
    const ids = rows.map((r) => r.id);
    const media =
      ids.length === 0
        ? []
        : await db.$queryRaw<Array<{ contactId: string; status: 'stored' | 'too_large' | 'unavailable'; mime: string; byteSize: number; kept: boolean }>>`
        SELECT m."contactId", m.status::text AS status, m.mime, m."byteSize", m."dataCipher" IS NOT NULL AS kept
        FROM "ContactMedia" m WHERE m."contactId" = ANY(${ids}::uuid[])`;
    const mediaOf = new Map(media.map(({ contactId, ...facts }) => [contactId, facts]));
    return rows.map((c) => ({
      id: c.id,
      caseId,
      kind: c.kind,
      media: mediaOf.get(c.id) ?? null,
      location: c.location?.cipher ? (JSON.parse(privacy.cipher.decrypt(c.location.cipher)) as SharedLocation) : null,
      direction: c.direction,
      author: c.author,
      staffName: c.staff?.displayName ?? null,
      text: c.textCipher ? privacy.cipher.decrypt(c.textCipher) : null,
      status: c.status,
      at: c.createdAt,
      flowId: c.flowId,
      edited: c.herEditedAt ? { at: c.herEditedAt, text: c.editedTextCipher ? privacy.cipher.decrypt(c.editedTextCipher) : null } : null,
      deletedAt: c.herDeletedAt,
    }));
  }

  return {
    async record(caseId, now) {
      const row = await db.case.findUnique({
        where: { id: caseId },
        select: {
          ...CASE_CONTACT_SELECT,
          id: true,
          folio: true,
          risk: true,
          urgency: true,
          attentionReason: true,
          attentionSince: true,
          outcome: true,
          createdAt: true,
          closedAt: true,
          heldBy: { select: { id: true, displayName: true } },
          assignedStaff: { select: { id: true, displayName: true } },
          survivor: {
            select: {
              ...CASE_CONTACT_SELECT.survivor.select,
              codeWordHash: true,
              // Every purpose's decisions, newest first (the view shows the one in force for each).
              consents: { orderBy: { recordedAt: 'desc' }, select: { purpose: true, granted: true, source: true, recordedAt: true } },
            },
          },
          checkIns: {
            where: { status: { in: ['scheduled', 'moved'] }, dueAt: { gte: now } },
            orderBy: { dueAt: 'asc' },
            take: UPCOMING_CHECK_INS,
            select: { id: true, flowId: true, dueAt: true, status: true, movedReason: true, movedReasonCipher: true },
          },
          notes: { orderBy: { createdAt: 'asc' }, select: { id: true, textCipher: true, createdAt: true, staff: { select: { displayName: true } } } },
          alerts: {
            where: { resolvedAt: null },
            orderBy: { createdAt: 'asc' },
            select: { id: true, kind: true, urgency: true, reason: true, createdAt: true },
          },
          sessions: { where: { status: 'waiting' }, orderBy: { createdAt: 'desc' }, take: 1, select: { flowId: true, createdAt: true } },
        },
      });
      if (!row) return null;
      const lastInbound = await db.contact.groupBy({ by: ['channel'], where: { caseId, direction: 'inbound' }, _max: { createdAt: true } });
      const latest = new Map<string, ConversationRecord['consents'][number]>();
      for (const consent of row.survivor.consents) if (!latest.has(consent.purpose)) latest.set(consent.purpose, consent);
      const session = row.sessions[0];
      return {
        id: row.id,
        folio: row.folio,
        status: row.status,
        risk: row.risk,
        attention: row.attention,
        urgency: row.urgency,
        attentionReason: row.attentionReason,
        attentionSince: row.attentionSince,
        outcome: row.outcome,
        createdAt: row.createdAt,
        closedAt: row.closedAt,
        missedInARow: row.missedInARow,
        heldBy: row.heldBy ? { id: row.heldBy.id, name: row.heldBy.displayName } : null,
        assigned: row.assignedStaff ? { id: row.assignedStaff.id, name: row.assignedStaff.displayName } : null,
        survivor: {
          alias: row.survivor.alias,
          language: row.survivor.language,
          safeHours: row.survivor.safeHours,
          optedOutAt: row.survivor.optedOutAt,
          hasPhone: toCaseContact(row).hasPhone,
          hasCodeWord: row.survivor.codeWordHash !== null,
        },
        consents: [...latest.values()],
        upcomingCheckIns: row.checkIns.map(({ movedReasonCipher, ...checkIn }) => ({
          ...checkIn,
          movedReason: movedReasonCipher ? privacy.cipher.decrypt(movedReasonCipher) : checkIn.movedReason,
        })),
        notes: row.notes.map((n) => ({ id: n.id, staffName: n.staff.displayName, text: privacy.cipher.decrypt(n.textCipher), at: n.createdAt })),
        openAlerts: row.alerts,
        activeSession: session ? { flowId: session.flowId, since: session.createdAt } : null,
        lastInboundAt: Object.fromEntries(lastInbound.flatMap((g) => (g._max.createdAt ? [[g.channel, g._max.createdAt]] : []))),
      };
    },

    async history(caseId, window) {
      const cursor = window.before
        ? await db.contact.findFirst({ where: { id: window.before, caseId }, select: { id: true, createdAt: true, sequence: true } })
        : null;
      // History order is (createdAt, sequence, id); the page is read newest first on the (caseId, createdAt) index.
      const earlier = cursor
        ? {
            OR: [
              { createdAt: { lt: cursor.createdAt } },
              { createdAt: cursor.createdAt, sequence: { lt: cursor.sequence } },
              { createdAt: cursor.createdAt, sequence: cursor.sequence, id: { lt: cursor.id } },
            ],
          }
        : {};
      const [older, fromCursor] = await Promise.all([
        db.contact.findMany({
          where: { caseId, ...earlier },
          orderBy: [{ createdAt: 'desc' }, { sequence: 'desc' }, { id: 'desc' }],
          take: window.limit + 1,
          select: HISTORY_SELECT,
        }),
        cursor ? db.contact.findMany({ where: { caseId, NOT: earlier }, orderBy: HISTORY_ORDER, select: HISTORY_SELECT }) : [],
      ]);
      const hasEarlier = older.length > window.limit;
      const rows = [...older.slice(0, window.limit).reverse(), ...fromCursor];
      return { messages: await decrypted(caseId, rows), hasEarlier };
    },

    async sharedLocations(caseId, limit) {
      const rows = await db.contact.findMany({
        where: { caseId, direction: 'inbound', location: { isNot: null } },
        orderBy: [{ createdAt: 'desc' }, { sequence: 'desc' }, { id: 'desc' }],
        take: limit,
        select: HISTORY_SELECT,
      });
      return decrypted(caseId, rows.reverse());
    },

    async mediaFile(caseId, contactId) {
      const row = await db.contactMedia.findFirst({
        where: { contactId, contact: { caseId }, dataCipher: { not: null } },
        select: { mime: true, dataCipher: true, contact: { select: { kind: true } } },
      });
      if (!row?.dataCipher) return null;
      return { mime: row.mime, kind: row.contact.kind, data: privacy.cipher.decryptBytes(row.dataCipher) };
    },
  };
}
