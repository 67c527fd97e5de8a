import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { NON_TEXT_KINDS } from '../app/non-text-kinds.js';
import { e164 } from '../app/phone-number.js';
import type { DeliveryStatusOutcome, DeliveryStatusUpdate, HerMessageChange, HumanTakeover, InboundMessage, NonTextInbound } from '../app/ports.js';
import type { FieldCipher } from '../privacy/field-cipher.js';
import type { Logger } from 'pino';
import { inboundJobSchema, type InboundJob } from './job-payloads.js';
import { keepTrying } from './keep-trying.js';

const sealedMessage = z.object({ from: e164, text: z.string() });
const sealedMedia = z.discriminatedUnion('status', [
  z.object({ status: z.literal('stored'), mime: z.string(), data: z.base64().transform((data) => new Uint8Array(Buffer.from(data, 'base64'))) }),
  z.object({ status: z.literal('too_large'), mime: z.string(), byteSize: z.int().nonnegative() }),
  z.object({ status: z.literal('unavailable'), mime: z.string() }),
]);
const sealedSender = z.object({
  from: e164,
  caption: z.string().optional(),
  media: sealedMedia.optional(),
  location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), name: z.string().optional() }).optional(),
});
const sealedTakeover = z.object({ to: e164, text: z.string() });
const sealedChange = z.object({ from: e164, editedText: z.string().optional() });

/** The use cases each kind of inbound-queue job is handed to. */
export interface InboundHandlers {
  inbound(message: InboundMessage): Promise<unknown>;
  nonText(message: NonTextInbound): Promise<unknown>;
  takeover(event: HumanTakeover): Promise<unknown>;
  deliveryStatus(update: DeliveryStatusUpdate): Promise<DeliveryStatusOutcome>;
  herChange(change: HerMessageChange): Promise<unknown>;
}

/** The longest wait between two looks at a delivery report that overtook its send. */
export const STATUS_RECHECK_MAX_DELAY_MS = 30_000;

/**
 * When a delivery report whose message is not recorded yet is looked at again: after 0.5 s, doubling
 * up to {@link STATUS_RECHECK_MAX_DELAY_MS}, until it has waited `waitMs` since it arrived
 * (`undefined`: it is dropped). The wait is counted in time, not in looks: the send it overtook is
 * recorded only once its worker has answered, and a worker that died after WhatsApp took the message
 * is replaced only after its lock runs out.
 *
 * @example
 * statusRecheckDelay(3, 10_000, 360_000) // 4000
 * statusRecheckDelay(9, 400_000, 360_000) // undefined
 */
export function statusRecheckDelay(looks: number, waitedMs: number, waitMs: number): number | undefined {
  if (waitedMs >= waitMs) return undefined;
  return Math.min(500 * 2 ** Math.min(looks, 16), STATUS_RECHECK_MAX_DELAY_MS);
}

/**
 * How long a delivery report waits for its send to be recorded, given the workers' lock: a dead
 * worker's send is taken up again after at most two locks (the lock, then the stalled-job check), and
 * five minutes more cover that send's own retries.
 */
export function statusWaitMs(lockMs: number): number {
  return 2 * lockMs + 5 * 60_000;
}

/** How often a job of hers is tried again once the queue's attempts are used up (a long database outage). */
export const INBOUND_RETRY_EVERY_MS = 60_000;

/** How often a job of a kind this release does not know is put back for a worker of a newer release. */
export const NEWER_KIND_RECHECK_MS = 30_000;

/** How long a job of a kind this release does not know waits for a newer worker before it fails. */
export const NEWER_KIND_WAIT_MS = 24 * 60 * 60_000;

const knownKinds: ReadonlySet<string> = new Set(inboundJobSchema.options.map((option) => option.shape.kind.value));

const knownMessageKinds: ReadonlySet<string> = new Set(NON_TEXT_KINDS);

/**
 * The kind of a job no worker of this release can handle, because a newer release's gateway added
 * it (during a rolling upgrade both run on the same queue): a job kind, or a message kind of a known
 * job (`non_text:<kind>`, `takeover:<kind>`); `undefined` for known kinds or a payload without one.
 *
 * @example
 * kindFromNewerRelease({ kind: 'her_reply_quote' })                   // 'her_reply_quote'
 * kindFromNewerRelease({ kind: 'non_text', messageKind: 'poll' })     // 'non_text:poll'
 * kindFromNewerRelease({ kind: 'non_text', messageKind: 'voice' })    // undefined
 */
export function kindFromNewerRelease(data: unknown): string | undefined {
  const { kind, messageKind } = (data ?? {}) as { kind?: unknown; messageKind?: unknown };
  if (!isKindName(kind)) return undefined;
  if (!knownKinds.has(kind)) return kind;
  return isKindName(messageKind) && messageKind !== 'text' && !knownMessageKinds.has(messageKind) ? `${kind}:${messageKind}` : undefined;
}

/** A string that may name a kind: not empty, and short enough to log. */
function isKindName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 64;
}

/**
 * The one dispatcher of the `inbound` queue: opens the sealed payload and hands it to the use case of
 * its kind. A payload that cannot be read fails for good: retrying cannot help. A delivery report for
 * a message whose send is not recorded yet comes back (without using up attempts) until it has waited
 * `statusWaitMs` ({@link statusRecheckDelay}), then is dropped. Any other failure is retried with the queue's backoff and then, once its attempts are
 * used up, every {@link INBOUND_RETRY_EVERY_MS} ({@link keepTrying}): her message is never dropped
 * because PostgreSQL was away longer than a minute.
 */
export function inboundProcessor(
  cipher: FieldCipher,
  handlers: InboundHandlers,
  log: Logger,
  options: { statusWaitMs: number },
): (job: Job<InboundJob>, token?: string) => Promise<unknown> {
  const dispatch = dispatcher(cipher, handlers, options.statusWaitMs, log);
  return async (job, token) => {
    try {
      return await dispatch(job, token);
    } catch (error) {
      if (error instanceof UnrecoverableError || error instanceof DelayedError) throw error;
      await keepTrying(job, token, INBOUND_RETRY_EVERY_MS, log, error);
      throw error;
    }
  };
}

function dispatcher(cipher: FieldCipher, handlers: InboundHandlers, statusWaitMs: number, log: Logger): (job: Job<InboundJob>, token?: string) => Promise<unknown> {
  return async (job, token) => {
    const payload = inboundJobSchema.safeParse(job.data);
    if (!payload.success) {
      const newerKind = kindFromNewerRelease(job.data);
      if (newerKind !== undefined && token && Date.now() - job.timestamp < NEWER_KIND_WAIT_MS) {
        log.warn({ queue: job.queueName, jobId: job.id, kind: newerKind }, 'job of a kind this release does not know: left for a newer worker');
        await job.moveToDelayed(Date.now() + NEWER_KIND_RECHECK_MS, token);
        throw new DelayedError();
      }
      throw new UnrecoverableError(`inbound job ${job.id} has an invalid payload`);
    }
    const data = payload.data;
    const open = <T>(schema: z.ZodType<T>, sealed: string): T => {
      try {
        return schema.parse(JSON.parse(cipher.decrypt(Buffer.from(sealed, 'base64'))));
      } catch {
        throw new UnrecoverableError(`inbound job ${job.id} cannot be opened`);
      }
    };
    switch (data.kind) {
      case 'inbound': {
        const content = open(sealedMessage, data.sealed);
        return handlers.inbound({
          channel: data.channel,
          channelMessageId: data.channelMessageId,
          receivedAt: data.receivedAt,
          ...content,
          ...(data.reactionTo ? { reactionTo: data.reactionTo } : {}),
        });
      }
      case 'her_change': {
        const { from, editedText } = open(sealedChange, data.sealed);
        return handlers.herChange({
          channel: data.channel,
          channelMessageId: data.channelMessageId,
          from,
          of: data.of,
          at: data.at,
          ...(editedText === undefined ? {} : { editedText }),
        });
      }
      case 'non_text': {
        const { from, caption, media, location } = open(sealedSender, data.sealed);
        const handled = await handlers.nonText({
          channel: data.channel,
          channelMessageId: data.channelMessageId,
          receivedAt: data.receivedAt,
          kind: data.messageKind,
          from,
          ...(caption === undefined ? {} : { caption }),
          ...(media === undefined ? {} : { media }),
          ...(location === undefined ? {} : { location }),
        });
        // The file is in the database now: the finished job (kept a day to de-duplicate) keeps only the rest.
        if (media?.status === 'stored') {
          const rest = { from, ...(caption === undefined ? {} : { caption }), ...(location === undefined ? {} : { location }) };
          await job.updateData({ ...data, sealed: Buffer.from(cipher.encrypt(JSON.stringify(rest))).toString('base64') }).catch(() => undefined);
        }
        return handled;
      }
      case 'takeover': {
        const content = open(sealedTakeover, data.sealed);
        return handlers.takeover({ channel: data.channel, channelMessageId: data.channelMessageId, at: data.at, kind: data.messageKind, ...content });
      }
      case 'delivery_status': {
        const { kind: _kind, retries = 0, ...update } = data;
        const outcome = await handlers.deliveryStatus(update);
        const delayMs = statusRecheckDelay(retries, Date.now() - job.timestamp, statusWaitMs);
        if (outcome.kind !== 'unknown' || delayMs === undefined || !token) return outcome;
        await job.updateData({ ...data, retries: retries + 1 });
        await job.moveToDelayed(Date.now() + delayMs, token);
        throw new DelayedError();
      }
    }
  };
}
