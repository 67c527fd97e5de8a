import { z } from 'zod';

/** Characters people and spreadsheets put inside a number: spaces, dashes, dots, parentheses. */
const SEPARATORS = /[\s\u00a0().-]/g;

/**
 * Mexican mobiles written with the old `+52 1` mobile prefix (`+521` and ten digits). WhatsApp reports
 * them without the 1, so that is the one form kept.
 */
const OLD_MEXICAN_MOBILE = /^\+521(\d{10})$/;

/**
 * The one form a phone number is stored, hashed and compared in: separators removed, and a Mexican
 * mobile's old `1` after `+52` dropped. Anything that is not then a `+` and digits is returned
 * unchanged (for the E.164 check to refuse).
 *
 * @example
 * normalizePhoneNumber('+52 1 (998) 123-4567') // '+529981234567'
 * normalizePhoneNumber('+5219981234567')       // '+529981234567'
 * normalizePhoneNumber('+529981234567')        // '+529981234567'
 * normalizePhoneNumber('+1 (555) 010-9999')    // '+15550109999'
 */
export function normalizePhoneNumber(raw: string): string {
  const compact = raw.trim().replace(SEPARATORS, '');
  if (!/^\+\d+$/.test(compact)) return raw;
  return compact.replace(OLD_MEXICAN_MOBILE, '+52$1');
}

/**
 * A phone number in E.164 form (`+`, country code, subscriber number, 8 to 15 digits in all), read
 * through {@link normalizePhoneNumber}: parsing with it is the only way to get an {@link E164}, so
 * every number that is hashed, stored or compared has the same form whoever typed it.
 */
export const e164 = e164Schema('must be an E.164 phone number such as +5219981234567');

/** {@link e164} with another message for a number that is not one (the message never quotes the value). */
export function e164Schema(message: string) {
  return z
    .string()
    .transform(normalizePhoneNumber)
    .pipe(z.string().regex(/^\+[1-9]\d{7,14}$/, message))
    .brand<'E164'>();
}

/** A phone number in its one normalized E.164 form (only {@link e164} makes one). */
export type E164 = z.output<typeof e164>;
