import { foldText } from '../text/fold-text.js';

/** One word of a text: its comparable key and where it is in the original text. */
export interface WordToken {
  /** Lower case, without accents, marks or invisible characters, compatibility letters as plain ones, runs of 3+ equal letters shortened ("AYUDAAA" → "ayuda"). */
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

/**
 * A word as her messages are split into words (a regular expression's source, for the `u` flag): a
 * letter or digit, then letters, digits, their combining marks (so keycap digits and accents stay
 * inside) and invisible format characters (a zero-width space or a soft hyphen pasted into a word).
 */
export const WORD_PATTERN = '[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}\\p{Cf}]*';

/** A {@link WORD_PATTERN} word, or a symbol that spells a word (see {@link SPELLED_SYMBOLS}), alone. */
const WORD = new RegExp(`\\u{1F198}\\uFE0F?|${WORD_PATTERN}`, 'gu');

/**
 * Symbols that are a word written in a square, read as that word: 🆘 is "SOS" (its Unicode
 * compatibility form), so a survivor who sends only 🆘 matches the emergency word SOS. Only symbols
 * whose word can raise an interrupt are here; 🆗 is not, so it never reads as a "yes".
 */
const SPELLED_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['\u{1F198}', 'sos'],
  ['\u{1F198}\uFE0F', 'sos'],
]);

/**
 * The words of a text, for matching configured words and phrases: case, accents, punctuation and
 * emoji do not matter, and a cry drawn out ("AYUDAAA", "peligrooo") still reads as the word.
 * Linear in the length of the text.
 *
 * @example
 * wordTokens('¡AYÚDAAA!').map((t) => t.key) // ['ayuda']
 * wordTokens('9️⃣1️⃣1️⃣').map((t) => t.key) // ['911']
 * wordTokens('🆘🆘').map((t) => t.key) // ['sos', 'sos']
 */
export function wordTokens(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  for (const match of text.matchAll(WORD)) {
    const key = foldWord(match[0]);
    if (key !== '') tokens.push({ key, start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

/** Plain ASCII letters and digits: most words, folded without Unicode normalization. */
const ASCII_WORD = /^[A-Za-z0-9]+$/;

/** The comparable key of one word (see {@link WordToken.key}). */
export function foldWord(word: string): string {
  const spelled = SPELLED_SYMBOLS.get(word);
  if (spelled !== undefined) return spelled;
  const plain = ASCII_WORD.test(word) ? word.toLowerCase() : foldText(word);
  return hasRunOfThree(plain) ? plain.replace(/(\p{L})\1{2,}/gu, '$1') : plain;
}

/** Whether some character appears three times in a row (a drawn-out cry: "ayudaaa"). */
function hasRunOfThree(word: string): boolean {
  for (let i = 2; i < word.length; i++) {
    if (word[i] === word[i - 1] && word[i] === word[i - 2]) return true;
  }
  return false;
}

/** The keys of a configured word or phrase, e.g. `"Centro de Justicia"` → `['centro', 'de', 'justicia']`. */
export function phraseKeys(phrase: string): string[] {
  return wordTokens(phrase).map((token) => token.key);
}

/**
 * A word key with every run of equal letters shortened to one ("ayudaa" → "ayuda", "sii" → "si",
 * "llamar" → "lamar"): a second, looser comparison, used only when the exact key finds nothing.
 */
export function looseKey(key: string): string {
  return hasDoubledLetter(key) ? key.replace(/(\p{L})\1+/gu, '$1') : key;
}

/** Whether some character appears twice in a row (a plain loop: cheap on every word of every message). */
export function hasDoubledLetter(word: string): boolean {
  for (let i = 1; i < word.length; i++) if (word[i] === word[i - 1]) return true;
  return false;
}
