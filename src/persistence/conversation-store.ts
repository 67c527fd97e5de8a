import type { Database } from './database.js';
import type { FieldCipher } from '../privacy/field-cipher.js';
import type { ContactChannel, ConversationStore, InboundMessage, NonTextInbound } from '../app/ports.js';
import type { E164 } from '../app/phone-number.js';
import type { StoredCaseFields } from '../app/case-fields.js';
import type { Prisma } from '../generated/prisma/client.js';

/** A Prisma client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;

/** What the stores need to encrypt and look up personal data. */
export interface PrivacyTools {
  cipher: FieldCipher;
  hashPhone: (e164: E164) => string;
}

/** Limits of a case's transaction (and of Prisma's interactive transactions). */
export const TRANSACTION_OPTIONS = { timeout: 15_000, maxWait: 10_000 } as const;

/**
 * Records a message from a number without a case, for review, and the short reply it gets at most
 * once every `reply.everyMs` (see {@link ConversationStore.recordUnknownInbound}). In Prisma: rare,
 * and off the hot path. The sender's row is locked, so messages arriving together cannot each get the reply.
 */
export function recordUnknownInbound(
  db: Database,
  privacy: PrivacyTools,
  message: InboundMessage | NonTextInbound,
  reply: { text: string; everyMs: number; now: Date; emergency?: boolean; risk?: boolean },
): Promise<{ causeId: string; contactIds: string[] }> {
  return db.$transaction(async (tx) => {
    const phoneHash = privacy.hashPhone(message.from);
    const sender = await tx.unknownSender.upsert({
      where: { phoneHash },
      create: { phoneHash, phoneCipher: privacy.cipher.encrypt(message.from) },
      update: {},
      select: { id: true },
    });
    await tx.$queryRaw`SELECT id FROM "UnknownSender" WHERE id = ${sender.id}::uuid FOR UPDATE`;
    const existing = await findInbound(tx, message.channel, message.channelMessageId);
    if (existing) return { causeId: existing, contactIds: await unsentCausedBy(tx, existing) };

    const current = await tx.unknownSender.findUniqueOrThrow({ where: { id: sender.id } });
    const inbound = await tx.contact.create({
      data: inboundContactData(message, privacy, sender.id),
      select: { id: true },
    });
    const answerNow =
      current.lastReplyAt === null || reply.now.getTime() - current.lastReplyAt.getTime() >= reply.everyMs;
    await tx.unknownSender.update({
      where: { id: sender.id },
      data: {
        lastSeenAt: reply.now,
        messageCount: { increment: 1 },
        // Written again: it needs a person's look again.
        reviewedAt: null,
        ...(reply.emergency ? { emergencyAt: reply.now } : {}),
        ...(reply.risk ? { riskAt: reply.now } : {}),
        ...(answerNow ? { lastReplyAt: reply.now } : {}),
      },
    });
    if (!answerNow) return { causeId: inbound.id, contactIds: [] };
    const out = await tx.contact.create({
      data: {
        unknownSenderId: sender.id,
        direction: 'outbound',
        channel: message.channel,
        author: 'system',
        textCipher: privacy.cipher.encrypt(reply.text),
        status: 'queued',
        causeId: inbound.id,
        sequence: 0,
      },
      select: { id: true },
    });
    return { causeId: inbound.id, contactIds: [out.id] };
  }, TRANSACTION_OPTIONS);
}

/** The inbound contact a message from an unknown sender becomes: the encrypted text, or only the kind of a non-text one. */
function inboundContactData(message: InboundMessage | NonTextInbound, privacy: PrivacyTools, unknownSenderId: string): Prisma.ContactUncheckedCreateInput {
  return {
    unknownSenderId,
    direction: 'inbound',
    channel: message.channel,
    author: 'survivor',
    ...('text' in message
      ? { kind: message.captionOf ?? 'text', textCipher: privacy.cipher.encrypt(message.text) }
      : { kind: message.kind, textCipher: null }),
    channelMessageId: message.channelMessageId,
    status: 'received',
    createdAt: new Date(message.receivedAt),
  };
}

/** The case fields stored in `Case.fieldsCipher` (empty when none, or removed by retention). */
export function readFields(cipher: Uint8Array | null, privacy: PrivacyTools): StoredCaseFields {
  if (!cipher || cipher.length === 0) return {};
  return JSON.parse(privacy.cipher.decrypt(cipher)) as StoredCaseFields;
}

/** Whether a database error is the refusal of an overlapping session (exclusion constraint, SQLSTATE 23P01). */
export function isOverlap(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const text = `${(e as { code?: string }).code ?? ''} ${(e as { message?: string }).message ?? ''} ${JSON.stringify((e as { meta?: unknown }).meta ?? '')}`;
    if (text.includes('23P01') || text.includes('Appointment_no_double_booking')) return true;
  }
  return false;
}

/** Finds the inbound contact with this channel message id, if recorded. */
async function findInbound(tx: Tx, channel: ContactChannel, channelMessageId: string): Promise<string | null> {
  const row = await tx.contact.findUnique({
    where: { channel_direction_channelMessageId: { channel, direction: 'inbound', channelMessageId } },
    select: { id: true },
  });
  return row?.id ?? null;
}

async function unsentCausedBy(tx: Tx, causeId: string): Promise<string[]> {
  const rows = await tx.contact.findMany({
    where: { causeId, direction: 'outbound', status: { in: ['queued', 'sending'] } },
    orderBy: { sequence: 'asc' },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
