import { z } from 'zod';
import { e164, type E164 } from '../../app/phone-number.js';
import type { DeliveryStatus, NonTextKind, SharedLocation } from '../../app/ports.js';

/** A file of a message: its media id (to download it), type and caption. */
const mediaSchema = z.looseObject({ id: z.string().optional(), mime_type: z.string().optional(), caption: z.string().optional() });

/** The parts of a Cloud API webhook the channel reads; anything else is allowed and ignored. */
const messageSchema = z.looseObject({
  from: z.string(),
  id: z.string().min(1),
  timestamp: z.string().optional(),
  type: z.string(),
  group_id: z.string().optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  button: z.looseObject({ text: z.string().optional() }).optional(),
  interactive: z
    .looseObject({
      button_reply: z.looseObject({ title: z.string() }).optional(),
      list_reply: z.looseObject({ title: z.string() }).optional(),
    })
    .optional(),
  audio: mediaSchema.extend({ voice: z.boolean().optional() }).optional(),
  image: mediaSchema.optional(),
  video: mediaSchema.optional(),
  document: mediaSchema.optional(),
  sticker: mediaSchema.optional(),
  location: z.looseObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), name: z.string().optional() }).optional(),
  reaction: z.looseObject({ message_id: z.string().min(1), emoji: z.string().optional() }).optional(),
  // Her edit or deletion of a message she sent (sent to numbers that share the WhatsApp Business app).
  edit: z
    .looseObject({
      original_message_id: z.string().min(1),
      message: z.looseObject({ text: z.looseObject({ body: z.string() }).optional(), image: mediaSchema.optional(), video: mediaSchema.optional(), document: mediaSchema.optional() }).optional(),
    })
    .optional(),
  revoke: z.looseObject({ original_message_id: z.string().min(1) }).optional(),
});
const statusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.string().optional(),
  errors: z.array(z.looseObject({ code: z.number().optional() })).optional(),
});
const webhookSchema = z.looseObject({
  object: z.string().optional(),
  entry: z.array(
    z.looseObject({
      changes: z.array(
        z.looseObject({
          field: z.string().optional(),
          value: z.looseObject({
            metadata: z.looseObject({ phone_number_id: z.string().optional() }).optional(),
            // Checked one by one below: an item of a shape not understood is left out, never the rest of the batch.
            messages: z.array(z.unknown()).optional(),
            statuses: z.array(z.unknown()).optional(),
          }),
        }),
      ),
    }),
  ),
});

/**
 * What one webhook call carries, mapped: her messages (text, or a kind) and the statuses of messages
 * the service sent. Ids are WhatsApp's `wamid`s, still raw (the channel hashes them).
 *
 * @example
 * { messages: [{ wamid: 'wamid.HBg…', from: '+5219981234567', at: '2026-11-28T17:00:00.000Z', content: { kind: 'text', text: 'Hola' } }],
 *   statuses: [{ wamid: 'wamid.HBg…', status: 'failed', at: '…', errorCode: 'CLOUD_131047' }] }
 */
export interface WebhookContent {
  messages: { wamid: string; from: E164; at: string; content: { kind: 'text'; text: string; reactionTo?: string } | NonTextContent | ChangeContent }[];
  statuses: { wamid: string; status: DeliveryStatus; at: string; errorCode?: string }[];
  /** Messages and statuses of a shape the channel does not understand, left out (the others are read). */
  unreadable: number;
}

/** A message that is not text: its kind, and what to fetch or show (a file's media id, a place). */
export interface NonTextContent {
  kind: 'non_text';
  messageKind: NonTextKind;
  caption?: string;
  media?: { id: string; mime: string };
  location?: SharedLocation;
}

/** Her edit (`editedText`) or deletion of the message `of` (a raw `wamid`). */
export interface ChangeContent {
  kind: 'change';
  of: string;
  editedText?: string;
}

/** Message types that carry nothing she said (system notices, a request to start). */
const IGNORED_TYPES = new Set(['system', 'ephemeral', 'request_welcome', 'errors']);
const NON_TEXT: Readonly<Record<string, NonTextKind>> = {
  image: 'image',
  video: 'video',
  document: 'document',
  sticker: 'sticker',
  location: 'location',
  contacts: 'contact_card',
};
const STATUSES = new Set<DeliveryStatus>(['sent', 'delivered', 'read', 'failed']);

/**
 * Maps a webhook body; `null` when it is not a WhatsApp webhook the channel understands. Changes for
 * another phone number than `phoneNumberId` and group messages are left out; so is a message or a
 * status of a shape not understood (counted in `unreadable`), and only that one: Meta batches several
 * in one call, and answered 200 it sends none of them again.
 */
export function parseWebhook(body: unknown, phoneNumberId: string): WebhookContent | null {
  const parsed = webhookSchema.safeParse(body);
  if (!parsed.success) return null;
  const content: WebhookContent = { messages: [], statuses: [], unreadable: 0 };
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      const value = change.value;
      const target = value.metadata?.phone_number_id;
      if (target !== undefined && target !== phoneNumberId) continue;
      for (const message of readable(messageSchema, value.messages, content)) {
        const from = e164.safeParse(`+${message.from}`);
        const mapped = mapMessage(message);
        if (!from.success || !mapped || message.group_id) continue;
        content.messages.push({ wamid: message.id, from: from.data, at: instant(message.timestamp), content: mapped });
      }
      for (const status of readable(statusSchema, value.statuses, content)) {
        if (!STATUSES.has(status.status as DeliveryStatus)) continue;
        const code = status.errors?.[0]?.code;
        content.statuses.push({
          wamid: status.id,
          status: status.status as DeliveryStatus,
          at: instant(status.timestamp),
          ...(status.status === 'failed' ? { errorCode: code === undefined ? 'CLOUD_FAILED' : `CLOUD_${code}` } : {}),
        });
      }
    }
  }
  return content;
}

/** The items of `items` that `schema` reads; each it cannot read is counted in `content.unreadable`. */
function readable<T>(schema: z.ZodType<T>, items: readonly unknown[] | undefined, content: WebhookContent): T[] {
  const read: T[] = [];
  for (const item of items ?? []) {
    const result = schema.safeParse(item);
    if (result.success) read.push(result.data);
    else content.unreadable += 1;
  }
  return read;
}

function mapMessage(message: z.infer<typeof messageSchema>): WebhookContent['messages'][number]['content'] | null {
  if (IGNORED_TYPES.has(message.type)) return null;
  const text =
    message.type === 'text'
      ? message.text?.body
      : message.type === 'button'
        ? message.button?.text
        : message.type === 'interactive'
          ? (message.interactive?.button_reply?.title ?? message.interactive?.list_reply?.title)
          : undefined;
  if (text !== undefined) return text.trim() ? { kind: 'text', text: text.trim() } : null;
  // A reaction reads as its emoji, with the message it is on; one taken back (no emoji) says nothing.
  if (message.type === 'reaction') {
    const emoji = message.reaction?.emoji?.trim();
    return emoji && message.reaction ? { kind: 'text', text: emoji, reactionTo: message.reaction.message_id } : null;
  }
  if (message.type === 'revoke') return message.revoke ? { kind: 'change', of: message.revoke.original_message_id } : null;
  if (message.type === 'edit') {
    const edited = message.edit?.message;
    const text = (edited?.text?.body ?? edited?.image?.caption ?? edited?.video?.caption ?? edited?.document?.caption)?.trim();
    return message.edit && text ? { kind: 'change', of: message.edit.original_message_id, editedText: text } : null;
  }
  if (message.type === 'location' && message.location) {
    const { latitude, longitude, name } = message.location;
    return { kind: 'non_text', messageKind: 'location', location: { lat: latitude, lng: longitude, ...(name ? { name } : {}) } };
  }
  const file = MEDIA_TYPES.has(message.type) ? message[message.type as 'audio' | 'image' | 'video' | 'document' | 'sticker'] : undefined;
  const messageKind = message.type === 'audio' ? (message.audio?.voice ? 'voice' : 'audio') : (NON_TEXT[message.type] ?? 'other');
  const caption = message.type === 'audio' || message.type === 'sticker' ? undefined : file?.caption?.trim();
  return {
    kind: 'non_text',
    messageKind,
    ...(caption ? { caption } : {}),
    ...(file?.id ? { media: { id: file.id, mime: file.mime_type ?? 'application/octet-stream' } } : {}),
  };
}

/** Message types that carry a file to download. */
const MEDIA_TYPES = new Set(['audio', 'image', 'video', 'document', 'sticker']);

/** The time of a Unix timestamp in seconds; now when it is missing, not positive or past what a date can hold. */
function instant(unixSeconds: string | undefined): string {
  const at = new Date(Number(unixSeconds) * 1000);
  return (Number.isNaN(at.getTime()) || at.getTime() <= 0 ? new Date() : at).toISOString();
}
