/**
 * The form of a message (or of the agreed code word) the host hashes to recognise her code word:
 * lower case, without accents, emoji or punctuation, words separated by one space. The engine never
 * sees the code word. The host stores `keyedHash(normalizeCodeWord(word))` when it is agreed, and
 * for every message she sends compares `keyedHash(normalizeCodeWord(message))` with it, then passes
 * `isCodeWord` to `detectInterrupt`. The whole message must be the code word (what she agreed to
 * send), so the hash of one message is all the host computes.
 *
 * @example
 * normalizeCodeWord('  Mariposa  Azul!! 🦋') // 'mariposa azul'
 * normalizeCodeWord('MARIPOSA-azul')         // 'mariposa azul'
 * normalizeCodeWord('Ñandú')                 // 'nandu'
 */
export function normalizeCodeWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
