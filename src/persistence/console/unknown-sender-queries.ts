import { randomUUID } from 'node:crypto';
import type { UnknownSenderQueries } from '../../app/console/unknown-senders.js';
import type { ContactChannel } from '../../app/ports.js';
import type { PrivacyTools } from '../conversation-store.js';
import type { Database } from '../database.js';
import { caseRefWhere, isUuid } from '../typed-ids.js';
import { REOPEN_CASE_SQL } from './reopen-case-sql.js';

const SUMMARY = { id: true, firstSeenAt: true, lastSeenAt: true, messageCount: true, emergencyAt: true, riskAt: true, reviewedAt: true } as const;

/** The channels a number writes on (not the unit's video calls and phone calls). */
const MESSAGE_CHANNELS: ContactChannel[] = ['simulator', 'whatsapp_web', 'cloud_api'];

/** How many of a number's messages the review shows (the newest). */
const MESSAGES_SHOWN = 200;

/** The {@link UnknownSenderQueries} over PostgreSQL: reads through Prisma, the link in one transaction. */
export function prismaUnknownSenderQueries(db: Database, privacy: PrivacyTools): UnknownSenderQueries {
  return {
    async list(limit) {
      const [pending, reviewed] = await Promise.all([
        db.unknownSender.findMany({
          where: { reviewedAt: null },
          // An emergency word first, then a risk signal (PostgreSQL puts nulls first when descending: asked last here).
          orderBy: [{ emergencyAt: { sort: 'desc', nulls: 'last' } }, { riskAt: { sort: 'desc', nulls: 'last' } }, { lastSeenAt: 'desc' }],
          take: limit,
          select: SUMMARY,
        }),
        db.unknownSender.findMany({ where: { reviewedAt: { not: null } }, orderBy: { reviewedAt: 'desc' }, take: limit, select: SUMMARY }),
      ]);
      return { pending, reviewed };
    },

    async pendingCount() {
      // One pass over the numbers to review, every count at once (each coordinator's inbox asks).
      const [counts] = await db.$queryRaw<{ pending: number; emergency: number; risk: number }[]>`
        SELECT count(*)::int AS pending,
               count(*) FILTER (WHERE "emergencyAt" IS NOT NULL)::int AS emergency,
               count(*) FILTER (WHERE "emergencyAt" IS NULL AND "riskAt" IS NOT NULL)::int AS risk
          FROM "UnknownSender" WHERE "reviewedAt" IS NULL`;
      return counts ?? { pending: 0, emergency: 0, risk: 0 };
    },

    async find(id) {
      if (!isUuid(id)) return null;
      const sender = await db.unknownSender.findUnique({ where: { id }, select: SUMMARY });
      if (!sender) return null;
      const rows = await db.contact.findMany({
        where: { unknownSenderId: id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: MESSAGES_SHOWN,
        select: { id: true, direction: true, kind: true, textCipher: true, author: true, status: true, createdAt: true, herEditedAt: true, editedTextCipher: true, herDeletedAt: true },
      });
      const messages = rows.reverse().map((r) => ({
        id: r.id,
        direction: r.direction,
        kind: r.kind,
        text: r.textCipher ? privacy.cipher.decrypt(r.textCipher) : null,
        author: r.author,
        status: r.status,
        at: r.createdAt,
        edited: r.herEditedAt ? { at: r.herEditedAt, text: r.editedTextCipher ? privacy.cipher.decrypt(r.editedTextCipher) : null } : null,
        deletedAt: r.herDeletedAt,
      }));
      return { sender, messages };
    },

    async phoneOf(id) {
      if (!isUuid(id)) return null;
      const row = await db.unknownSender.findUnique({ where: { id }, select: { phoneCipher: true } });
      return row ? privacy.cipher.decrypt(row.phoneCipher) : null;
    },

    async caseToLink(caseRef) {
      const row = await db.case.findFirst({
        where: caseRefWhere(caseRef),
        select: { id: true, folio: true, status: true, survivor: { select: { alias: true } } },
      });
      return row ? { caseId: row.id, alias: row.survivor.alias, folio: row.folio, open: row.status === 'open' } : null;
    },

    async markReviewed(id, at) {
      if (!isUuid(id)) return false;
      const { count } = await db.unknownSender.updateMany({ where: { id }, data: { reviewedAt: at } });
      return count === 1;
    },

    linkToCase(id, caseRef) {
      return db.$transaction(async (tx) => {
        if (!isUuid(id)) return { linked: false as const, refusal: 'not_found' as const };
        const [sender] = await tx.$queryRaw<{ phoneHash: string; phoneCipher: Uint8Array }[]>`
          SELECT "phoneHash", "phoneCipher" FROM "UnknownSender" WHERE id = ${id}::uuid FOR UPDATE`;
        if (!sender) return { linked: false as const, refusal: 'not_found' as const };
        const named = await tx.case.findFirst({ where: caseRefWhere(caseRef), select: { id: true } });
        if (!named) return { linked: false as const, refusal: 'case_not_found' as const };
        // The case's row lock is the one her turns take: nothing she writes meanwhile interleaves.
        const [target] = await tx.$queryRaw<{ id: string; status: string; survivorId: string }[]>`
          SELECT id::text, status::text, "survivorId"::text FROM "Case" WHERE id = ${named.id}::uuid FOR UPDATE`;
        if (!target) return { linked: false as const, refusal: 'case_not_found' as const };
        if (target.status !== 'open') return { linked: false as const, refusal: 'case_closed' as const };
        const holder = await tx.survivor.findUnique({ where: { phoneHash: sender.phoneHash }, select: { id: true } });
        if (holder && holder.id !== target.survivorId) return { linked: false as const, refusal: 'number_taken' as const };
        await tx.survivor.update({
          where: { id: target.survivorId },
          data: { phoneHash: sender.phoneHash, phoneCipher: Buffer.from(sender.phoneCipher) },
        });
        await tx.contact.updateMany({ where: { unknownSenderId: id }, data: { caseId: target.id, unknownSenderId: null } });
        // whatsapp-web's own ids for this number now name her.
        await tx.channelIdentity.updateMany({ where: { phoneHash: sender.phoneHash }, data: { survivorId: target.survivorId } });
        await tx.unknownSender.delete({ where: { id } });
        return { linked: true as const, caseId: target.id };
      });
    },

    async closedCaseOf(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.$queryRaw<{ caseId: string; alias: string; folio: string | null; status: string; closedAt: Date | null }[]>`
        SELECT c.id::text AS "caseId", s.alias, c.folio, c.status::text AS status, c."closedAt"
          FROM "UnknownSender" u
          JOIN "Survivor" s ON s."phoneHash" = u."phoneHash"
          JOIN LATERAL (SELECT * FROM "Case" k WHERE k."survivorId" = s.id ORDER BY k."createdAt" DESC LIMIT 1) c ON true
         WHERE u.id = ${id}::uuid`;
      return row && row.status === 'closed' ? { caseId: row.caseId, alias: row.alias, folio: row.folio, closedAt: row.closedAt } : null;
    },

    reopenClosedCase(id, options) {
      return db.$transaction(async (tx) => {
        if (!isUuid(id)) return { refusal: 'not_found' as const };
        const [sender] = await tx.$queryRaw<{ phoneHash: string; emergencyAt: Date | null; riskAt: Date | null }[]>`
          SELECT "phoneHash", "emergencyAt", "riskAt" FROM "UnknownSender" WHERE id = ${id}::uuid FOR UPDATE`;
        if (!sender) return { refusal: 'not_found' as const };
        const survivor = await tx.survivor.findUnique({ where: { phoneHash: sender.phoneHash }, select: { id: true } });
        if (!survivor) return { refusal: 'no_closed_case' as const };
        // The case's row lock is the one her turns take: nothing she writes meanwhile interleaves.
        const [newest] = await tx.$queryRaw<{ id: string; status: string }[]>`
          SELECT id::text, status::text FROM "Case" WHERE "survivorId" = ${survivor.id}::uuid ORDER BY "createdAt" DESC LIMIT 1 FOR UPDATE`;
        if (!newest || newest.status !== 'closed') return { refusal: 'no_closed_case' as const };
        await tx.$executeRawUnsafe(REOPEN_CASE_SQL, newest.id, options.at, options.reason, sender.emergencyAt || sender.riskAt ? 'urgent' : 'normal');
        // She wrote again: an opt-out of hers no longer holds (as when she writes to an open case).
        await tx.survivor.update({ where: { id: survivor.id }, data: { optedOutAt: null } });
        await tx.contact.updateMany({ where: { unknownSenderId: id }, data: { caseId: newest.id, unknownSenderId: null } });
        await tx.unknownSender.delete({ where: { id } });
        return { caseId: newest.id };
      });
    },

    recordStaffMessage(id, message, check) {
      return db.$transaction(async (tx) => {
        if (!isUuid(id)) return null;
        // The lock a link takes: the message is recorded against the number, or (linked first) not at all.
        const [sender] = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM "UnknownSender" WHERE id = ${id}::uuid FOR UPDATE`;
        if (!sender) return null;
        const last = await tx.contact.findFirst({
          where: { unknownSenderId: id, direction: 'inbound', channel: { in: MESSAGE_CHANNELS } },
          orderBy: { createdAt: 'desc' },
          select: { channel: true, createdAt: true },
        });
        check(last ? { channel: last.channel as ContactChannel, at: last.createdAt } : null);
        const batchKey = randomUUID();
        const contact = await tx.contact.create({
          data: {
            unknownSenderId: id,
            direction: 'outbound',
            channel: last!.channel,
            author: 'staff',
            staffId: message.staffId,
            textCipher: privacy.cipher.encrypt(message.text),
            status: 'queued',
            causeId: batchKey,
            sequence: 0,
          },
          select: { id: true },
        });
        return { contactId: contact.id, batchKey };
      });
    },
  };
}
