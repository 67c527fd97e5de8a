import type { Database } from './database.js';
import type { OutboundTemplate, OutboxStore } from '../app/ports.js';
import type { PrivacyTools } from './conversation-store.js';
import type { E164 } from '../app/phone-number.js';

/**
 * The Prisma implementation of {@link OutboxStore}. Claiming is a conditional update, so two workers
 * racing for one contact cannot both move it from `queued`; a contact left `sending` by a crash is
 * claimed again and the channel's idempotency key keeps it from being sent twice.
 */
export function prismaOutboxStore(db: Database, privacy: PrivacyTools): OutboxStore {
  return {
    async claim(contactId) {
      const row = await db.contact.findUnique({
        where: { id: contactId },
        select: {
          id: true,
          caseId: true,
          causeId: true,
          status: true,
          direction: true,
          textCipher: true,
          templateCipher: true,
          case: { select: { survivor: { select: { phoneCipher: true } } } },
          unknownSender: { select: { phoneCipher: true } },
        },
      });
      if (!row || row.direction !== 'outbound') return null;
      if (row.status !== 'queued' && row.status !== 'sending') return null;
      const phoneCipher = row.case?.survivor.phoneCipher ?? row.unknownSender?.phoneCipher;
      if (!phoneCipher || !row.textCipher) return null;
      const checkIn = row.causeId ? await db.checkIn.findUnique({ where: { id: row.causeId }, select: { id: true } }) : null;
      if (row.status === 'queued') {
        await db.contact.updateMany({
          where: { id: contactId, status: 'queued' },
          data: { status: 'sending', statusAt: new Date() },
        });
      }
      return {
        id: row.id,
        caseId: row.caseId,
        checkInId: checkIn?.id ?? null,
        to: privacy.cipher.decrypt(phoneCipher) as E164,
        text: privacy.cipher.decrypt(row.textCipher),
        template: row.templateCipher ? (JSON.parse(privacy.cipher.decrypt(row.templateCipher)) as OutboundTemplate) : undefined,
      };
    },

    async markSent(contactId, receipt, at) {
      await db.contact.updateMany({
        where: { id: contactId, status: { in: ['queued', 'sending'] } },
        data: { status: 'sent', channelMessageId: receipt.channelMessageId, statusAt: at },
      });
    },

    async markFailed(contactId, code, at) {
      await db.contact.updateMany({
        where: { id: contactId, status: { in: ['queued', 'sending'] } },
        data: { status: 'failed', errorCode: code, statusAt: at },
      });
    },
  };
}
