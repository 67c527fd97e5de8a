/** The inbox's sections, in the order they are shown. */
export const INBOX_GROUPS = ['urgent', 'waiting', 'held', 'bot'] as const;

/**
 * A section of the inbox: urgent (emergency word, code word, urgent handoff, missed check-ins),
 * waiting for a person (also a message that did not reach her, until a person has dealt with it),
 * with a person, and with the bot (or quiet).
 */
export type InboxGroup = (typeof INBOX_GROUPS)[number];
