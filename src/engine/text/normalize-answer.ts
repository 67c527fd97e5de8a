import { foldText } from './fold-text.js';

/** Emoji pieces that are not combining marks: pictographs, skin tones, flags, joiners. */
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200D]/gu;

/** An answer that is already its own key once in lower case: ASCII words and single spaces, no edges to trim. */
const SIMPLE_ANSWER = /^[A-Za-z0-9]+( [A-Za-z0-9]+)*$/;

/** One character of punctuation, symbol or space. */
const EDGE_CHARACTER = /[\s\p{P}\p{S}]/u;

/**
 * Reduces an answer (or a label, id or synonym it is compared with) to a comparable key:
 * accents, invisible characters, emoji, case and surrounding punctuation are dropped, the letters and
 * digits of fancy-text keyboards and full-width forms read as plain ones (NFKD), inner spaces
 * collapsed, and numbers lose leading zeros. Keycap emoji become their digit. Linear in the text's length.
 *
 * @example
 * normalizeAnswer('  ¡Sí! 👍 ')  // 'si'
 * normalizeAnswer('1.')          // '1'
 * normalizeAnswer('1️⃣')           // '1'
 * normalizeAnswer('Más  o menos') // 'mas o menos'
 */
export function normalizeAnswer(text: string): string {
  if (SIMPLE_ANSWER.test(text)) return isNumberAnswer(text) ? text.replace(/^0+(?=\d)/, '') : text.toLowerCase();
  const key = trimEdges(
    foldText(text).replace(EMOJI, ' '),
  ).replace(/\s+/g, ' ');
  return isNumberAnswer(key) ? key.replace(/^0+(?=\d)/, '') : key;
}

/** True when a normalized answer is a plain number (which picks a choice by position). */
export function isNumberAnswer(key: string): boolean {
  return /^\d+$/.test(key);
}

/** Drops punctuation, symbols and spaces at both ends (a loop, not a regex, to stay linear). */
function trimEdges(text: string): string {
  const characters = Array.from(text);
  let start = 0;
  let end = characters.length;
  while (start < end && EDGE_CHARACTER.test(characters[start] ?? '')) start++;
  while (end > start && EDGE_CHARACTER.test(characters[end - 1] ?? '')) end--;
  return characters.slice(start, end).join('');
}
