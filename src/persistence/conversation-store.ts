import type { Database } from './database.js';
import type { FieldCipher } from '../privacy/field-cipher.js';
import type {
  CaseConversation,
  ContactChannel,
  ConversationStore,
  InboundMessage,
  NewOutboundContact,
  Recipient,
} from '../app/ports.js';
import type { E164 } from '../app/phone-number.js';
import type { CaseFieldsSnapshot, StoredCaseFields } from '../app/case-fields.js';
import type { Prisma } from '../generated/prisma/client.js';
import { caseAttentionWrites, inboundContactData } from './case-attention-writes.js';

/** A Prisma client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;

/** What the stores need to encrypt and look up personal data. */
export interface PrivacyTools {
  cipher: FieldCipher;
  hashPhone: (e164: E164) => string;
}

const LANGUAGES = new Set(['es-MX', 'en', 'yua']);
/** Limits of the interactive transactions of a turn. */
export const TRANSACTION_OPTIONS = { timeout: 15_000, maxWait: 10_000 } as const;

/**
 * The Prisma implementation of {@link ConversationStore}: every turn of a case runs in one
 * transaction that first takes the case row's lock (`SELECT … FOR UPDATE`).
 */
export function prismaConversationStore(db: Database, privacy: PrivacyTools): ConversationStore {
  return {
    async findRecipient(phone) {
      const survivor = await db.survivor.findUnique({
        where: { phoneHash: privacy.hashPhone(phone) },
        select: {
          id: true,
          alias: true,
          language: true,
          codeWordHash: true,
          optedOutAt: true,
          cases: { where: { status: 'open' }, orderBy: { createdAt: 'desc' }, take: 1, select: { id: true } },
          consents: {
            where: { purpose: 'follow_up' },
            orderBy: { recordedAt: 'desc' },
            take: 1,
            select: { granted: true },
          },
        },
      });
      const openCase = survivor?.cases[0];
      if (!survivor || !openCase) return null;
      const recipient: Recipient = {
        caseId: openCase.id,
        survivorId: survivor.id,
        alias: survivor.alias,
        language: (LANGUAGES.has(survivor.language) ? survivor.language : 'es-MX') as Recipient['language'],
        followUpConsent: survivor.consents[0]?.granted ?? false,
        codeWordHash: survivor.codeWordHash,
        optedOut: survivor.optedOutAt !== null,
      };
      return recipient;
    },

    withCase(caseId, work) {
      return db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Case" WHERE id = ${caseId}::uuid FOR UPDATE`;
        return work(caseConversation(tx, caseId, privacy));
      }, TRANSACTION_OPTIONS);
    },

    recordUnknownInbound(message, reply) {
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
          data: inboundContactData(message, privacy, { unknownSenderId: sender.id }),
          select: { id: true },
        });
        const answerNow =
          current.lastReplyAt === null || reply.now.getTime() - current.lastReplyAt.getTime() >= reply.everyMs;
        await tx.unknownSender.update({
          where: { id: sender.id },
          data: {
            lastSeenAt: reply.now,
            messageCount: { increment: 1 },
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
    },
  };
}

/**
 * The writes of one turn of `caseId`, inside the transaction `tx` that holds its lock. Exported for
 * the console's store, which takes the same lock and records staff messages and bot starts with it.
 */
export function caseConversation(tx: Tx, caseId: string, privacy: PrivacyTools): CaseConversation {
  return {
    ...caseAttentionWrites(tx, caseId, privacy),

    async recordInbound(message: InboundMessage, sessionId: string | null) {
      if (await findInbound(tx, message.channel, message.channelMessageId)) return null;
      const row = await tx.contact.create({ data: inboundContactData(message, privacy, { caseId, sessionId }), select: { id: true } });
      return { contactId: row.id };
    },

    async activeSession() {
      const row = await tx.flowSession.findFirst({
        where: { caseId, status: 'waiting' },
        orderBy: { createdAt: 'desc' },
        select: { id: true, flowId: true, stateCipher: true },
      });
      return row ? { id: row.id, flowId: row.flowId, state: JSON.parse(privacy.cipher.decrypt(row.stateCipher)) as unknown } : null;
    },

    async attention() {
      const row = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { attention: true } });
      return row.attention;
    },

    async saveSession(write) {
      const data = {
        flowId: write.flowId,
        stateCipher: privacy.cipher.encrypt(JSON.stringify(write.state)),
        status: write.ended ? ('ended' as const) : ('waiting' as const),
        outcome: write.outcome ?? null,
        endedAt: write.ended ? new Date() : null,
      };
      if (write.id) {
        await tx.flowSession.update({ where: { id: write.id }, data });
        return write.id;
      }
      await tx.flowSession.updateMany({
        where: { caseId, status: 'waiting' },
        data: { status: 'ended', outcome: 'reemplazada', endedAt: new Date() },
      });
      const row = await tx.flowSession.create({ data: { ...data, caseId }, select: { id: true } });
      return row.id;
    },

    async recordOutbound(causeId: string, channel: ContactChannel, messages: readonly NewOutboundContact[]) {
      const ids: string[] = [];
      for (const m of messages) {
        const row = await tx.contact.create({
          data: {
            caseId,
            sessionId: m.sessionId ?? null,
            direction: 'outbound',
            channel,
            author: m.author,
            staffId: m.staffId ?? null,
            textCipher: privacy.cipher.encrypt(m.text),
            templateCipher: m.template ? privacy.cipher.encrypt(JSON.stringify(m.template)) : null,
            flowId: m.flowId ?? null,
            nodeId: m.nodeId ?? null,
            status: 'queued',
            causeId,
            sequence: m.sequence,
          },
          select: { id: true },
        });
        ids.push(row.id);
      }
      return ids;
    },

    async endActiveSession(outcome) {
      await tx.flowSession.updateMany({
        where: { caseId, status: 'waiting' },
        data: { status: 'ended', outcome, endedAt: new Date() },
      });
    },

    async withdrawUnsent(code, at) {
      const { count } = await tx.contact.updateMany({
        where: { caseId, direction: 'outbound', status: 'queued' },
        data: { status: 'failed', errorCode: code, statusAt: at },
      });
      return count;
    },

    async setOptedOut(at) {
      const row = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { survivorId: true } });
      await tx.survivor.update({ where: { id: row.survivorId }, data: { optedOutAt: at } });
    },

    unsentCausedBy(causeId) {
      return unsentCausedBy(tx, causeId);
    },

    async markCheckInAnswered(at) {
      const open = await tx.checkIn.findFirst({
        where: { caseId, status: 'sent' },
        orderBy: { sentAt: 'desc' },
        select: { id: true },
      });
      if (!open) return null;
      await tx.checkIn.update({ where: { id: open.id }, data: { status: 'answered', answeredAt: at } });
      await tx.case.update({ where: { id: caseId }, data: { missedInARow: 0 } });
      return open.id;
    },

    async caseFields(now) {
      const row = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { fieldsCipher: true } });
      const appointment = await tx.appointment.findFirst({
        where: { caseId, status: { in: ['proposed', 'confirmed', 'rescheduled'] }, endsAt: { gt: now } },
        orderBy: { startsAt: 'asc' },
        select: { id: true, startsAt: true, status: true, videoRoom: true, reminderDaySentAt: true, reminderHourSentAt: true, offeredSlots: true },
      });
      if (!appointment) return { stored: readFields(row.fieldsCipher, privacy), appointment: null };
      const { offeredSlots, ...rest } = appointment;
      const offers = Array.isArray(offeredSlots)
        ? (offeredSlots as { startsAt: string; endsAt: string }[]).map((o) => ({ startsAt: new Date(o.startsAt), endsAt: new Date(o.endsAt) }))
        : [];
      return {
        stored: readFields(row.fieldsCipher, privacy),
        appointment: { ...rest, status: rest.status as NonNullable<CaseFieldsSnapshot['appointment']>['status'], offers },
      };
    },

    async setCaseFields(changes) {
      if (Object.keys(changes).length === 0) return;
      const row = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { fieldsCipher: true } });
      const merged = { ...readFields(row.fieldsCipher, privacy), ...changes };
      await tx.case.update({ where: { id: caseId }, data: { fieldsCipher: privacy.cipher.encrypt(JSON.stringify(merged)) } });
    },

    async recordResults(results, at) {
      if (results.length === 0) return;
      await tx.flowResult.createMany({
        data: results.map((r) => ({ caseId, flowId: r.flowId, name: r.name, category: r.category, createdAt: at })),
      });
    },

    async markAppointmentSent(appointmentId, what, at) {
      const { count } = await tx.appointment.updateMany({ where: { id: appointmentId, caseId, [what]: null }, data: { [what]: at } });
      return count === 1;
    },

    async updateAppointment(appointmentId, change) {
      const data = { status: change.status, ...(change.startsAt && change.endsAt ? { startsAt: change.startsAt, endsAt: change.endsAt } : {}) };
      try {
        // A savepoint, so a refused overlap leaves the turn's transaction usable.
        await tx.$executeRaw`SAVEPOINT appointment_update`;
        const { count } = await tx.appointment.updateMany({
          where: { id: appointmentId, caseId, status: { in: ['proposed', 'confirmed', 'rescheduled'] } },
          data,
        });
        await tx.$executeRaw`RELEASE SAVEPOINT appointment_update`;
        return count === 1;
      } catch (error) {
        if (!isOverlap(error)) throw error;
        await tx.$executeRaw`ROLLBACK TO SAVEPOINT appointment_update`;
        return false;
      }
    },

    async unsentFor(messageChannel, channelMessageId) {
      const existing = await findInbound(tx, messageChannel, channelMessageId);
      if (!existing) return null;
      return { causeId: existing, contactIds: await unsentCausedBy(tx, existing) };
    },
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
export async function findInbound(tx: Tx, channel: ContactChannel, channelMessageId: string): Promise<string | null> {
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
