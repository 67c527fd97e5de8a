import type { Database } from './database.js';
import type { DeliveryStatus, DeliveryStatusStore } from '../app/ports.js';
import type { ContactStatus } from '../generated/prisma/enums.js';

/**
 * The statuses a contact may be in for each reported status to apply: a status only moves forward
 * (sent < delivered < read), and `failed` only before delivery (a late failure never hides a read).
 */
const APPLIES_FROM: Record<DeliveryStatus, ContactStatus[]> = {
  sent: ['queued', 'sending'],
  delivered: ['queued', 'sending', 'sent'],
  read: ['queued', 'sending', 'sent', 'delivered'],
  failed: ['queued', 'sending', 'sent'],
};

/**
 * The Prisma implementation of {@link DeliveryStatusStore}: one conditional update of the outbound
 * contact with that channel message id, so out-of-order and repeated reports are harmless.
 */
export function prismaDeliveryStatusStore(db: Database): DeliveryStatusStore {
  return {
    async apply(update) {
      const where = { channel: update.channel, direction: 'outbound' as const, channelMessageId: update.channelMessageId };
      const at = new Date(update.at);
      const result = await db.contact.updateMany({
        where: { ...where, status: { in: APPLIES_FROM[update.status] } },
        data: {
          status: update.status,
          statusAt: at,
          ...(update.status === 'failed' ? { errorCode: update.errorCode ?? 'CHANNEL_FAILED' } : {}),
        },
      });
      const row = await db.contact.findUnique({
        where: { channel_direction_channelMessageId: where },
        select: { id: true, caseId: true },
      });
      if (!row) return { kind: 'unknown' };
      // It reached her: failures in a row on her case start again from zero.
      if (result.count > 0 && row.caseId && (update.status === 'delivered' || update.status === 'read')) {
        await db.case.updateMany({ where: { id: row.caseId, failedInARow: { gt: 0 } }, data: { failedInARow: 0 } });
      }
      return result.count > 0 ? { kind: 'updated', contactId: row.id, caseId: row.caseId } : { kind: 'unchanged', contactId: row.id };
    },
  };
}
