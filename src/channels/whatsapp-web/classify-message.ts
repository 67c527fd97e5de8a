import type { NonTextKind } from '../../app/ports.js';
import { chatKind } from './chat-ids.js';
import type { WaMessage } from './client.js';

/**
 * What a whatsapp-web.js message means for the service. `peer` is the id of her chat: the sender of
 * an incoming message, the recipient of one written from the linked phone.
 *
 * @example
 * { kind: 'text', peer: '5219981234567@c.us', text: 'Hola' }
 * { kind: 'non_text', peer: '123456789012345@lid', messageKind: 'voice' }
 * { kind: 'ignore', reason: 'group' }
 */
export type ClassifiedMessage =
  | { kind: 'text'; peer: string; text: string }
  | { kind: 'non_text'; peer: string; messageKind: NonTextKind; caption?: string }
  | { kind: 'ignore'; reason: 'group' | 'status' | 'broadcast' | 'newsletter' | 'other_chat' | 'system' | 'empty' };

/** Message types whose `body` is what she wrote or chose (a reply to a button or list counts as text). */
const TEXT_TYPES = new Set(['chat', 'buttons_response', 'list_response', 'template_button_reply']);

/** Message types recorded by kind and routed to a person. */
const NON_TEXT_TYPES: Readonly<Record<string, NonTextKind>> = {
  ptt: 'voice',
  audio: 'audio',
  image: 'image',
  album: 'image',
  video: 'video',
  document: 'document',
  sticker: 'sticker',
  location: 'location',
  vcard: 'contact_card',
  multi_vcard: 'contact_card',
};

/** Kinds she can write a caption under. */
const CAPTIONED: ReadonlySet<NonTextKind> = new Set(['image', 'video', 'document']);

/** Notifications, reactions, revocations and undecrypted stubs: nothing she said. */
const SYSTEM_TYPES = new Set([
  'revoked',
  'e2e_notification',
  'notification',
  'notification_template',
  'gp2',
  'group_notification',
  'protocol',
  'reaction',
  'call_log',
  'ciphertext',
  'debug',
  'broadcast_notification',
]);

/**
 * Classifies a message: groups, status updates, broadcasts and newsletters are ignored; texts keep
 * their body; voice notes, images and the like are named by kind, with the caption of an image,
 * video or document (the file itself is fetched by the relay, see `message-media.ts`).
 */
export function classifyMessage(message: WaMessage): ClassifiedMessage {
  if (message.isStatus) return { kind: 'ignore', reason: 'status' };
  const peer = message.fromMe ? message.to : message.from;
  const chat = chatKind(peer);
  if (chat === 'group' || chat === 'status' || chat === 'newsletter' || chat === 'broadcast') return { kind: 'ignore', reason: chat };
  if (chat === 'other') return { kind: 'ignore', reason: 'other_chat' };
  if (message.broadcast) return { kind: 'ignore', reason: 'broadcast' };
  const type = String(message.type);
  if (SYSTEM_TYPES.has(type)) return { kind: 'ignore', reason: 'system' };
  if (TEXT_TYPES.has(type)) {
    const text = (message.body ?? '').trim();
    return text ? { kind: 'text', peer, text } : { kind: 'ignore', reason: 'empty' };
  }
  const messageKind = NON_TEXT_TYPES[type] ?? 'other';
  // whatsapp-web.js puts a media message's caption in `body`.
  const caption = CAPTIONED.has(messageKind) ? (message.body ?? '').trim() : '';
  return caption ? { kind: 'non_text', peer, messageKind, caption } : { kind: 'non_text', peer, messageKind };
}
