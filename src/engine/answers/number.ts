import { normalizeAnswer } from '../text/normalize-answer.js';
import { NUMBER_WORDS } from './number-words.js';

/**
 * Reads a number answer: digits (with `.` or `,` for decimals) or a Spanish word from cero to
 * veinte, ignoring case, accents, emoji and surrounding punctuation. Anything else (including
 * "como 3" or "3 o 4") is not a number.
 *
 * @example
 * parseNumberAnswer(' 7 ')      // 7
 * parseNumberAnswer('Dieciséis') // 16
 * parseNumberAnswer('2,5')       // 2.5
 * parseNumberAnswer('muchos')    // undefined
 */
export function parseNumberAnswer(text: string): number | undefined {
  const key = normalizeAnswer(text);
  if (/^\d{1,9}([.,]\d{1,6})?$/.test(key)) return Number(key.replace(',', '.'));
  return NUMBER_WORDS.get(key);
}
