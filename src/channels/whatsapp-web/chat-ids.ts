import { e164, type E164 } from '../../app/phone-number.js';

/**
 * What a WhatsApp id (JID) names:
 * - `person`: a person by number, `5219981234567@c.us`;
 * - `lid`: a person by WhatsApp's private id, `123456789012345@lid` (mapped to a number separately);
 * - `group` (`…@g.us`), `status` (`status@broadcast`), `broadcast` (`…@broadcast`),
 *   `newsletter` (`…@newsletter`): never a conversation with her;
 * - `other`: anything else.
 */
export type ChatKind = 'person' | 'lid' | 'group' | 'status' | 'broadcast' | 'newsletter' | 'other';

/** The kind of a WhatsApp id. */
export function chatKind(jid: string | undefined | null): ChatKind {
  if (!jid) return 'other';
  if (jid === 'status@broadcast') return 'status';
  const at = jid.lastIndexOf('@');
  switch (at === -1 ? '' : jid.slice(at + 1)) {
    case 'c.us':
    case 's.whatsapp.net':
      return 'person';
    case 'lid':
      return 'lid';
    case 'g.us':
      return 'group';
    case 'broadcast':
      return 'broadcast';
    case 'newsletter':
      return 'newsletter';
    default:
      return 'other';
  }
}

/**
 * The E.164 number of a person id (normalized, see `normalizePhoneNumber`), or null when it is not
 * one or not a valid number.
 *
 * @example
 * phoneOfJid('529981234567@c.us') // '+529981234567'
 * phoneOfJid('529981234567:12@c.us') // '+529981234567' (a device suffix is dropped)
 * phoneOfJid('5219981234567@c.us') // '+529981234567' (the old Mexican mobile form)
 */
export function phoneOfJid(jid: string): E164 | null {
  if (chatKind(jid) !== 'person') return null;
  const user = jid.slice(0, jid.lastIndexOf('@')).split(':')[0] ?? '';
  const parsed = e164.safeParse(`+${user}`);
  return parsed.success ? parsed.data : null;
}

/** The digits WhatsApp expects for a number: `+5219981234567` → `5219981234567`. */
export function digitsOf(phone: E164): string {
  return phone.slice(1);
}
