import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * An inbound message waiting to be processed. The number and text travel sealed with the data key
 * (`sealed` is base64 of the encrypted JSON `{ from, text }`), so Redis never holds them in clear.
 *
 * @example
 * { "kind": "inbound", "channel": "simulator", "channelMessageId": "m-1", "receivedAt": "2026-11-28T17:00:00.000Z", "sealed": "AQNkZXb…" }
 */
export const inboundJobSchema = z.object({
  kind: z.literal('inbound'),
  channel: z.enum(['simulator', 'whatsapp_web', 'cloud_api']),
  channelMessageId: z.string().min(1),
  receivedAt: z.iso.datetime(),
  sealed: z.string().min(1),
});

/** Payload of an `inbound` job. */
export type InboundJob = z.infer<typeof inboundJobSchema>;

/**
 * Outbound contacts to send, in this order, through the configured channel.
 *
 * @example
 * { "kind": "send", "contactIds": ["0193…a1", "0193…a2"] }
 */
export const sendJobSchema = z.object({
  kind: z.literal('send'),
  contactIds: z.array(z.uuid()).min(1),
});

/** Payload of an `outbound` job. */
export type SendJob = z.infer<typeof sendJobSchema>;

/** The job id of an inbound message: the same channel message id always maps to the same job. */
export function inboundJobId(channel: string, channelMessageId: string): string {
  return `in-${channel}-${createHash('sha256').update(channelMessageId).digest('hex').slice(0, 32)}`;
}

/** The job id of the replies to one cause (an inbound message or a staff action). */
export function sendJobId(batchKey: string): string {
  return `out-${batchKey}`;
}
