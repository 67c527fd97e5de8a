import type { Prisma } from '../generated/prisma/client.js';
import type { CaseConversation, HumanTakeover, InboundMessage, NonTextInbound } from '../app/ports.js';
import type { PrivacyTools } from './conversation-store.js';
import { writeAudit } from './audit-trail.js';

type Tx = Prisma.TransactionClient;

/** The part of a case's conversation about who talks with her: non-text messages, takeovers, alerts. */
type AttentionWrites = Pick<
  CaseConversation,
  'recordNonTextInbound' | 'recordTakeover' | 'setAttention' | 'cancelQueuedAutomatic' | 'raiseAlert' | 'audit' | 'callPerson'
>;

/** Urgencies from lowest to highest: a call for a person only ever raises it. */
const URGENCY_RANK = { none: 0, normal: 1, urgent: 2 } as const;

/**
 * The columns of the inbound contact a message becomes, for a case or an unknown sender: the
 * encrypted text, or only the kind of a non-text one (never its content).
 *
 * @example
 * inboundContactData({ …, kind: 'voice' }, privacy, { caseId }) // { caseId, direction: 'inbound', kind: 'voice', textCipher: null, … }
 */
export function inboundContactData(
  message: InboundMessage | NonTextInbound,
  privacy: PrivacyTools,
  owner: { caseId?: string; unknownSenderId?: string; sessionId?: string | null },
): Prisma.ContactUncheckedCreateInput {
  return {
    ...owner,
    direction: 'inbound',
    channel: message.channel,
    author: 'survivor',
    ...('kind' in message ? { kind: message.kind, textCipher: null } : { kind: 'text', textCipher: privacy.cipher.encrypt(message.text) }),
    channelMessageId: message.channelMessageId,
    status: 'received',
    createdAt: new Date(message.receivedAt),
  };
}

/** The writes about attention of case `caseId`, inside the transaction that holds its lock. */
export function caseAttentionWrites(tx: Tx, caseId: string, privacy: PrivacyTools): AttentionWrites {
  return {
    async recordNonTextInbound(message) {
      const existing = await tx.contact.findUnique({
        where: { channel_direction_channelMessageId: { channel: message.channel, direction: 'inbound', channelMessageId: message.channelMessageId } },
        select: { id: true },
      });
      if (existing) return null;
      const row = await tx.contact.create({ data: inboundContactData(message, privacy, { caseId }), select: { id: true } });
      return { contactId: row.id };
    },

    async recordTakeover(event: HumanTakeover) {
      const existing = await tx.contact.findUnique({
        where: { channel_direction_channelMessageId: { channel: event.channel, direction: 'outbound', channelMessageId: event.channelMessageId } },
        select: { id: true },
      });
      if (existing) return null;
      const at = new Date(event.at);
      const row = await tx.contact.create({
        data: {
          caseId,
          direction: 'outbound',
          channel: event.channel,
          author: 'staff',
          kind: event.kind,
          textCipher: event.kind === 'text' ? privacy.cipher.encrypt(event.text) : null,
          channelMessageId: event.channelMessageId,
          status: 'sent',
          createdAt: at,
          statusAt: at,
        },
        select: { id: true },
      });
      return { contactId: row.id };
    },

    async setAttention(change) {
      await tx.case.update({
        where: { id: caseId },
        data: { attention: change.attention, attentionReason: change.reason, attentionSince: change.at },
      });
    },

    async cancelQueuedAutomatic(code, at) {
      const result = await tx.contact.updateMany({
        where: { caseId, direction: 'outbound', status: 'queued', author: { in: ['bot', 'system'] } },
        data: { status: 'failed', errorCode: code, statusAt: at },
      });
      return result.count;
    },

    async raiseAlert(alert) {
      const row = await tx.alert.create({
        data: { caseId, kind: alert.kind, urgency: alert.urgency, reason: alert.reason },
        select: { id: true },
      });
      return row.id;
    },

    async callPerson(request, at) {
      const row = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { heldById: true, urgency: true } });
      const urgency = URGENCY_RANK[row.urgency] > URGENCY_RANK[request.urgency] ? row.urgency : request.urgency;
      await tx.case.update({
        where: { id: caseId },
        data: row.heldById
          ? { urgency, attentionReason: request.reason }
          : { attention: 'waiting_person', urgency, attentionReason: request.reason, attentionSince: at },
      });
      const alert = await tx.alert.create({
        data: { caseId, kind: request.kind, urgency: request.urgency, reason: request.reason, createdAt: at },
        select: { id: true },
      });
      return { alertId: alert.id, heldById: row.heldById };
    },

    async audit(entry) {
      await writeAudit(tx, { ...entry, subject: `case:${caseId}` });
    },
  };
}
