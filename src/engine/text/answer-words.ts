import { foldWord, looseKey, WORD_PATTERN } from '../interrupts/words.js';

export { looseKey };

/**
 * One word of an answer, for finding choices inside a sentence.
 *
 * @example
 * { key: 'sii', loose: 'si', clauseStart: true }
 */
export interface AnswerWord {
  /** Lower case, no accents, runs of 3+ equal letters shortened (see `foldWord`). */
  readonly key: string;
  /** `key` with doubled letters also shortened ("sii" → "si", "noo" → "no"); tried when `key` finds nothing. */
  readonly loose: string;
  /** Punctuation, an emoji or a line break comes before this word (a new clause: "no, estoy bien"). */
  readonly clauseStart: boolean;
}

/** Sad or crying faces: 😢 😭 😔 😞 😟 😥 🙁 ☹️. */
const SAD_FACES = ['\u{1F622}', '\u{1F62D}', '\u{1F614}', '\u{1F61E}', '\u{1F61F}', '\u{1F625}', '\u{1F641}', '\u{2639}'];

/** Smiles: 🙂 😊 😀 😃 😄 😁 ☺️. */
const SMILES = ['\u{1F642}', '\u{1F60A}', '\u{1F600}', '\u{1F603}', '\u{1F604}', '\u{1F601}', '\u{263A}'];

/**
 * Emoji that stand for a word: a thumbs up is a yes, a thumbs down a no (any skin tone); a sad or
 * crying face is «triste», a smile «bien», a shrug «regular», as a question about how she feels takes
 * them. Only faces whose meaning does not turn around (not 😂, 🥲 or 🙃).
 */
const EMOJI_WORDS: ReadonlyMap<string, string> = new Map([
  ['\u{1F44D}', 'si'],
  ['\u{1F44E}', 'no'],
  ...SAD_FACES.map((face) => [face, 'triste'] as const),
  ...SMILES.map((face) => [face, 'bien'] as const),
  ['\u{1F937}', 'regular'],
]);

/** A word ({@link WORD_PATTERN}), a word-like emoji, or anything that ends a clause. */
const PIECE = new RegExp(`${WORD_PATTERN}|[.,;:!?¡¿…\\n()]|\\p{Extended_Pictographic}`, 'gu');

/** At most this many words are read; a longer message is one for a person, not an answer. */
export const MAX_ANSWER_WORDS = 40;

/**
 * The words of her answer, with thumbs up/down read as "si"/"no" and clause breaks noted.
 * Returns undefined for a message longer than {@link MAX_ANSWER_WORDS} words. Linear in the text.
 *
 * @example
 * answerWords('Siii 👍, ahorita puedo').map((w) => w.key) // ['si', 'si', 'ahorita', 'puedo']
 */
export function answerWords(text: string): AnswerWord[] | undefined {
  const words: AnswerWord[] = [];
  let clauseStart = true;
  for (const match of text.matchAll(PIECE)) {
    const piece = match[0];
    const emojiWord = EMOJI_WORDS.get(piece);
    if (emojiWord !== undefined) {
      words.push({ key: emojiWord, loose: emojiWord, clauseStart: true });
      clauseStart = true;
      continue;
    }
    // The first code point, not `charAt(0)`: a letter outside the BMP (𝗺, from a fancy-text keyboard) is two code units.
    if (!/^[\p{L}\p{N}]/u.test(piece)) {
      clauseStart = true;
      continue;
    }
    const key = foldWord(piece);
    if (key === '') continue;
    words.push({ key, loose: looseKey(key), clauseStart });
    clauseStart = false;
    if (words.length > MAX_ANSWER_WORDS) return undefined;
  }
  return words;
}
