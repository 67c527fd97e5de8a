import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { e164 } from '../app/phone-number.js';
import type { InboundMessage } from '../app/ports.js';
import type { FieldCipher } from '../privacy/field-cipher.js';
import { inboundJobSchema, type InboundJob } from './job-payloads.js';

const sealedContent = z.object({ from: e164, text: z.string() });

/**
 * Turns an `inbound` job back into the message it carries and hands it to `handle` (the
 * handle-inbound use case). A payload that cannot be read fails for good: retrying cannot help.
 */
export function inboundProcessor(
  cipher: FieldCipher,
  handle: (message: InboundMessage) => Promise<unknown>,
): (job: Job<InboundJob>) => Promise<unknown> {
  return async (job) => {
    const payload = inboundJobSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`inbound job ${job.id} has an invalid payload`);
    let content: z.infer<typeof sealedContent>;
    try {
      content = sealedContent.parse(JSON.parse(cipher.decrypt(Buffer.from(payload.data.sealed, 'base64'))));
    } catch {
      throw new UnrecoverableError(`inbound job ${job.id} cannot be opened`);
    }
    return handle({
      channel: payload.data.channel,
      channelMessageId: payload.data.channelMessageId,
      receivedAt: payload.data.receivedAt,
      from: content.from,
      text: content.text,
    });
  };
}
