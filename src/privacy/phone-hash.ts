import { createHmac } from 'node:crypto';

/**
 * Keyed hash of a phone number, the only form in which numbers are searched in the database.
 *
 * @example
 * const hash = phoneHasher(key);
 * hash('+5219981234567'); // 'b3f1…' (64 hex characters, stable for the same key)
 */
export function phoneHasher(key: Buffer): (e164: string) => string {
  return (e164) => createHmac('sha256', key).update(e164, 'utf8').digest('hex');
}

/**
 * Keyed hash of a survivor's code word (already normalized), the only form in which it is stored:
 * the same key as numbers, in its own domain so a code word can never collide with a number.
 */
export function codeWordHasher(key: Buffer): (normalized: string) => string {
  return (normalized) => createHmac('sha256', key).update(`codeword:${normalized}`, 'utf8').digest('hex');
}
