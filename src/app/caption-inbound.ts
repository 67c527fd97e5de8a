import type { InboundMessage, NonTextInbound, NonTextKind } from './ports.js';

/** The kinds whose caption she writes herself, and that is read like a text. */
const CAPTIONED_KINDS: ReadonlySet<NonTextKind> = new Set(['image', 'video', 'document']);

/**
 * The text turn a captioned image, video or document becomes: the caption goes through the same
 * interrupts as a text (emergency word, code word, opt-out) before anything else, and answers a
 * waiting question like a text; the message is recorded as its kind with the caption as its
 * encrypted text. Undefined when there is no caption to read (then it is handled as non-text).
 *
 * @example
 * captionAsText({ channel: 'simulator', channelMessageId: 'm-1', from: '+5219981234567', kind: 'image', caption: 'AYUDA por favor', receivedAt })
 * // { channel: 'simulator', channelMessageId: 'm-1', from: '+5219981234567', text: 'AYUDA por favor', captionOf: 'image', receivedAt }
 */
export function captionAsText(message: NonTextInbound): InboundMessage | undefined {
  const caption = message.caption?.trim();
  if (!caption || !CAPTIONED_KINDS.has(message.kind)) return undefined;
  return {
    channel: message.channel,
    channelMessageId: message.channelMessageId,
    from: message.from,
    text: caption,
    receivedAt: message.receivedAt,
    captionOf: message.kind,
    ...(message.media ? { media: message.media } : {}),
  };
}
