import type { RetentionStore } from '../../app/records/ports.js';
import type { Database } from '../database.js';

/** What a session's saved answers become once removed: an empty value, which no reader ever opens. */
const REMOVED = new Uint8Array(0);

/**
 * The Prisma implementation of {@link RetentionStore}. Closed cases, in one transaction: for each case closed before
 * the date, contact texts (and the texts of her edits), files, shared locations and case fields become `null` and flow sessions' encrypted state becomes empty (a session
 * still waiting is ended, so nothing tries to resume it). Only rows still holding text are touched, so a
 * second run changes nothing.
 */
export function prismaRetentionStore(db: Database): RetentionStore {
  return {
    purgeClosedBefore(closedBefore) {
      return db.$transaction(async (tx) => {
        const cases = await tx.case.findMany({
          where: {
            status: 'closed',
            closedAt: { lt: closedBefore },
            OR: [
              { contacts: { some: { textCipher: { not: null } } } },
              { contacts: { some: { templateCipher: { not: null } } } },
              { contacts: { some: { editedTextCipher: { not: null } } } },
              { sessions: { some: { stateCipher: { not: REMOVED } } } },
              { fieldsCipher: { not: null } },
              { contacts: { some: { media: { dataCipher: { not: null } } } } },
              { contacts: { some: { location: { cipher: { not: null } } } } },
            ],
          },
          select: { id: true },
        });
        const caseIds = cases.map((c) => c.id);
        if (caseIds.length === 0) return { contactTextsRemoved: 0, sessionStatesRemoved: 0, filesRemoved: 0, casesPurged: 0 };
        const contacts = await tx.contact.updateMany({
          where: { caseId: { in: caseIds }, textCipher: { not: null } },
          data: { textCipher: null },
        });
        // Her edits are her words too.
        await tx.contact.updateMany({ where: { caseId: { in: caseIds }, editedTextCipher: { not: null } }, data: { editedTextCipher: null } });
        // A template's parameters carry her alias: they go with the texts.
        await tx.contact.updateMany({ where: { caseId: { in: caseIds }, templateCipher: { not: null } }, data: { templateCipher: null } });
        // Her files and places go with her texts: the rows stay (kind, size) so the history stays honest.
        const files = await tx.contactMedia.updateMany({
          where: { contact: { caseId: { in: caseIds } }, dataCipher: { not: null } },
          data: { dataCipher: null },
        });
        const places = await tx.contactLocation.updateMany({
          where: { contact: { caseId: { in: caseIds } }, cipher: { not: null } },
          data: { cipher: null },
        });
        await tx.flowSession.updateMany({
          where: { caseId: { in: caseIds }, status: 'waiting' },
          data: { status: 'ended', outcome: 'retention', endedAt: new Date() },
        });
        // Case fields may copy one of her answers (a time she proposed): they go with the texts.
        await tx.case.updateMany({ where: { id: { in: caseIds }, fieldsCipher: { not: null } }, data: { fieldsCipher: null } });
        // Reasons staff typed when moving a check-in are free text too.
        await tx.checkIn.updateMany({ where: { caseId: { in: caseIds }, movedReasonCipher: { not: null } }, data: { movedReasonCipher: null } });
        const sessions = await tx.flowSession.updateMany({
          where: { caseId: { in: caseIds }, stateCipher: { not: REMOVED } },
          data: { stateCipher: REMOVED },
        });
        return {
          contactTextsRemoved: contacts.count,
          sessionStatesRemoved: sessions.count,
          filesRemoved: files.count + places.count,
          casesPurged: caseIds.length,
        };
      });
    },

    purgeUnknownSendersBefore(lastSeenBefore) {
      return db.$transaction(async (tx) => {
        // Locked, so a number writing again right now either keeps its row or starts a new one.
        const stale = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM "UnknownSender" WHERE "lastSeenAt" < ${lastSeenBefore} FOR UPDATE SKIP LOCKED`;
        const ids = stale.map((s) => s.id);
        if (ids.length === 0) return { unknownSendersRemoved: 0, unknownSenderMessagesRemoved: 0 };
        const messages = await tx.contact.deleteMany({ where: { unknownSenderId: { in: ids } } });
        const senders = await tx.unknownSender.deleteMany({ where: { id: { in: ids }, lastSeenAt: { lt: lastSeenBefore } } });
        return { unknownSendersRemoved: senders.count, unknownSenderMessagesRemoved: messages.count };
      });
    },
  };
}
