import { foldText } from '../text/fold-text.js';

/**
 * The form of a message (or of the agreed code word) the host hashes to recognise her code word:
 * lower case, without accents, emoji, punctuation or invisible characters, the letters of fancy-text
 * keyboards and full-width forms as plain ones (NFKD), words separated by one space. The engine never
 * sees the code word. The host stores `keyedHash(normalizeCodeWord(word))` when it is agreed, and
 * for every message she sends compares the hashes of {@link codeWordForms}`(message)` with it, then
 * passes `isCodeWord` to `detectInterrupt`. The whole message must be the code word (what she agreed
 * to send), so one or two hashes of one message are all the host computes.
 *
 * @example
 * normalizeCodeWord('  Mariposa  Azul!! 🦋') // 'mariposa azul'
 * normalizeCodeWord('MARIPOSA-azul')         // 'mariposa azul'
 * normalizeCodeWord('Ñandú')                 // 'nandu'
 * normalizeCodeWord('𝗚𝗶𝗿𝗮𝘀𝗼𝗹')                // 'girasol'
 */
export function normalizeCodeWord(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The forms of a message to compare with a stored code word's hash: {@link normalizeCodeWord}'s, and
 * the one code words were stored with before it read compatibility forms (NFD; it differs only for a
 * word with such a character, «1º», «ﬁ», so a code word agreed then still works).
 *
 * @example
 * codeWordForms('Girasol')  // ['girasol']
 * codeWordForms('Nº 5')     // ['no 5', 'nº 5']
 */
export function codeWordForms(text: string): string[] {
  const current = normalizeCodeWord(text);
  const earlier = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return earlier === current ? [current] : [current, earlier];
}
