import type { ConversationQueries, ConversationRecord } from '../../app/console/ports.js';
import type { SharedLocation } from '../../app/ports.js';
import type { PrivacyTools } from '../conversation-store.js';
import type { Database } from '../database.js';
import { CASE_CONTACT_SELECT, toCaseContact } from '../case-contact.js';

/** How many upcoming check-ins the view lists. */
const UPCOMING_CHECK_INS = 5;

/** The Prisma {@link ConversationQueries}: texts and notes are decrypted here, for the view only. */
export function prismaConversationQueries(db: Database, privacy: PrivacyTools): ConversationQueries {
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

    async history(caseId) {
      const rows = await db.contact.findMany({
        where: { caseId },
        orderBy: [{ createdAt: 'asc' }, { sequence: 'asc' }],
        select: {
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
        },
      });
      // The files' facts without their bytes: a history refresh must not load every voice note.
      const media = await db.$queryRaw<Array<{ contactId: string; status: 'stored' | 'too_large' | 'unavailable'; mime: string; byteSize: number; kept: boolean }>>`
        SELECT m."contactId", m.status::text AS status, m.mime, m."byteSize", m."dataCipher" IS NOT NULL AS kept
        FROM "ContactMedia" m JOIN "Contact" c ON c.id = m."contactId" WHERE c."caseId" = ${caseId}::uuid`;
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
      }));
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
