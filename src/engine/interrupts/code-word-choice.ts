import { parseYesNoAnswer } from '../answers/yes-no.js';
import { normalizeCodeWord } from './code-word.js';
import { detectInterrupt } from './detect.js';
import type { InterruptSettings } from './settings.js';

/** Why a word cannot be her code word (see {@link codeWordProblem}). */
export type CodeWordProblem = 'too_long' | 'too_short' | 'no_letters' | 'interrupt_word' | 'everyday_answer';

/** The longest code word accepted, in characters as typed: a word or a short phrase she can send. */
export const CODE_WORD_MAX_LENGTH = 60;

/** The fewest letters a code word has (after dropping accents, spaces and signs): "sí", "ok" and "ya" are answers. */
export const CODE_WORD_MIN_LETTERS = 4;

/**
 * Everyday words of a conversation with the bot that are not yes or no: as her code word, a greeting
 * or an answer of the shipped flows would raise an urgent alert and stop the conversation each time she
 * wrote it.
 */
const EVERYDAY_WORDS: ReadonlySet<string> = new Set(['hola', 'gracias', 'bien', 'bueno', 'buenas', 'buenos dias', 'buenas tardes', 'buenas noches', 'mal', 'mas o menos', 'listo', 'adios']);

/**
 * Whether `word` may be agreed as her code word, and if not why: it must fit a message
 * ({@link CODE_WORD_MAX_LENGTH}), have letters, at least {@link CODE_WORD_MIN_LETTERS} of them, and
 * mean nothing else to the bot: an emergency word anywhere in it or an opt-out as the whole of it
 * (the code word is checked first, so it would hide them), a yes or no, or an everyday answer. `null`
 * when it may.
 *
 * @example
 * codeWordProblem(settings, 'Girasol')  // null
 * codeWordProblem(settings, 'Sí')       // 'too_short'
 * codeWordProblem(settings, 'ayuda ya') // 'interrupt_word'
 * codeWordProblem(settings, 'claro que sí') // 'everyday_answer'
 */
export function codeWordProblem(settings: InterruptSettings, word: string): CodeWordProblem | null {
  if (word.length > CODE_WORD_MAX_LENGTH) return 'too_long';
  const normalized = normalizeCodeWord(word);
  const letters = normalized.replace(/[^\p{L}]/gu, '');
  if (letters === '') return 'no_letters';
  if (letters.length < CODE_WORD_MIN_LETTERS) return 'too_short';
  if (detectInterrupt(settings, word, { isCodeWord: false })) return 'interrupt_word';
  if (parseYesNoAnswer(word) !== undefined || EVERYDAY_WORDS.has(normalized)) return 'everyday_answer';
  return null;
}
