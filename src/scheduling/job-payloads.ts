import { createHash } from 'node:crypto';
import { z } from 'zod';
import { NON_TEXT_KINDS } from '../app/non-text-kinds.js';

const channelName = z.enum(['simulator', 'whatsapp_web', 'cloud_api']);
const nonTextKind = z.enum(NON_TEXT_KINDS);

/**
 * An inbound message waiting to be processed. The number and text travel sealed with the data key
 * (`sealed` is base64 of the encrypted JSON `{ from, text }`), so Redis never holds them in clear.
 *
 * @example
 * { "kind": "inbound", "channel": "simulator", "channelMessageId": "m-1", "receivedAt": "2026-11-28T17:00:00.000Z", "sealed": "AQNkZXb…" }
 */
export const inboundMessageJobSchema = z.object({
  kind: z.literal('inbound'),
  channel: channelName,
  channelMessageId: z.string().min(1),
  receivedAt: z.iso.datetime(),
  sealed: z.string().min(1),
  /** A reaction: the channel id of the message she reacted to (an id, nothing she wrote). */
  reactionTo: z.string().min(1).max(200).optional(),
});

/**
 * A non-text message she sent (voice note, image…), by kind; `sealed` holds `{ from, caption?, media?, location? }`
 * (the file's bytes as base64 inside the encrypted JSON, so Redis never holds them in clear).
 *
 * @example
 * { "kind": "non_text", "channel": "whatsapp_web", "channelMessageId": "3A5F…", "messageKind": "voice", "receivedAt": "2026-11-28T17:00:00.000Z", "sealed": "AQNk…" }
 */
export const nonTextJobSchema = z.object({
  kind: z.literal('non_text'),
  channel: channelName,
  channelMessageId: z.string().min(1),
  messageKind: nonTextKind,
  receivedAt: z.iso.datetime(),
  sealed: z.string().min(1),
});

/**
 * A message a person wrote from the linked phone; `sealed` holds `{ to, text }`.
 *
 * @example
 * { "kind": "takeover", "channel": "whatsapp_web", "channelMessageId": "3EB0…", "messageKind": "text", "at": "2026-11-28T17:00:00.000Z", "sealed": "AQNk…" }
 */
export const takeoverJobSchema = z.object({
  kind: z.literal('takeover'),
  channel: channelName,
  channelMessageId: z.string().min(1),
  messageKind: z.union([z.literal('text'), nonTextKind]),
  at: z.iso.datetime(),
  sealed: z.string().min(1),
});

/**
 * A channel's report on a message the service sent; carries no personal data. `retries` counts the
 * times it came back because no contact had that id yet.
 *
 * @example
 * { "kind": "delivery_status", "channel": "cloud_api", "channelMessageId": "wamid:9f2c…", "status": "read", "at": "2026-11-28T17:00:00.000Z" }
 */
export const deliveryStatusJobSchema = z.object({
  kind: z.literal('delivery_status'),
  channel: channelName,
  channelMessageId: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  at: z.iso.datetime(),
  errorCode: z.string().max(64).optional(),
  retries: z.int().min(0).optional(),
});

/**
 * She edited or deleted a message she had sent; `of` is that message's channel id, `sealed` holds
 * `{ from, editedText? }` (absent text: deleted).
 *
 * @example
 * { "kind": "her_change", "channel": "whatsapp_web", "channelMessageId": "3A5F…:borrado", "of": "3A5F…", "at": "2026-12-07T17:00:00.000Z", "sealed": "AQNk…" }
 */
export const herChangeJobSchema = z.object({
  kind: z.literal('her_change'),
  channel: channelName,
  channelMessageId: z.string().min(1),
  of: z.string().min(1).max(200),
  at: z.iso.datetime(),
  sealed: z.string().min(1),
});

/** Everything the `inbound` queue carries: what channels hand over, one dispatcher for all. */
export const inboundJobSchema = z.discriminatedUnion('kind', [
  inboundMessageJobSchema,
  nonTextJobSchema,
  takeoverJobSchema,
  deliveryStatusJobSchema,
  herChangeJobSchema,
]);

/** Payload of a job of the `inbound` queue. */
export type InboundJob = z.infer<typeof inboundJobSchema>;

/** Payload of an `inbound` job carrying a text she sent. */
export type InboundMessageJob = z.infer<typeof inboundMessageJobSchema>;

/**
 * Outbound contacts to send, in this order, through the configured channel.
 *
 * @example
 * { "kind": "send", "contactIds": ["0193…a1", "0193…a2"] }
 */
export const sendJobSchema = z.object({
  kind: z.literal('send'),
  contactIds: z.array(z.uuid()).min(1),
  /** When the channel first failed to take them (epoch ms), set by the first retryable failure. */
  failingSince: z.number().int().optional(),
});

/** Payload of an `outbound` job. */
export type SendJob = z.infer<typeof sendJobSchema>;

/** The job id of an inbound message: the same channel message id always maps to the same job. */
export function inboundJobId(channel: string, channelMessageId: string): string {
  return `in-${channel}-${createHash('sha256').update(channelMessageId).digest('hex').slice(0, 32)}`;
}

/** The job id of a takeover message: one job per channel message id. */
export function takeoverJobId(channel: string, channelMessageId: string): string {
  return `takeover-${channel}-${createHash('sha256').update(channelMessageId).digest('hex').slice(0, 32)}`;
}

/** The job id of a delivery report: one job per message and status. */
export function deliveryStatusJobId(channel: string, channelMessageId: string, status: string): string {
  return `status-${channel}-${createHash('sha256').update(channelMessageId).digest('hex').slice(0, 32)}-${status}`;
}

/** The job id of the replies to one cause (an inbound message or a staff action). */
export function sendJobId(batchKey: string): string {
  return `out-${batchKey}`;
}
