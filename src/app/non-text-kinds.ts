/**
 * What she may send besides a text, as the service records it (`ContactKind` in the schema): a voice
 * note, audio, image, video, document, sticker, a place, a contact card, a call to the channel's
 * number (whatsapp-web.js tells of one as it rings), or anything else a channel cannot name. One list
 * for the job payloads, the simulator's API and the pipeline.
 */
export const NON_TEXT_KINDS = ['voice', 'audio', 'image', 'video', 'document', 'sticker', 'location', 'contact_card', 'call', 'other'] as const;

/** One of {@link NON_TEXT_KINDS}. */
export type NonTextKind = (typeof NON_TEXT_KINDS)[number];
