import { negationBefore } from '../answers/negation.js';
import type { WordToken } from './words.js';

/** Punctuation between two words that starts a new clause: a negation before it does not reach past it. */
const CLAUSE_BREAK = /[,.;:!?¡¿\n]/;

/**
 * Whether the word at `index` opens a clause of her message: it is the first word, or punctuation
 * stands between it and the word before.
 *
 * @example
 * startsClause('no, ayuda', wordTokens('no, ayuda'), 1) // true
 */
export function startsClause(text: string, tokens: readonly WordToken[], index: number): boolean {
  return index === 0 || CLAUSE_BREAK.test(text.slice(tokens[index - 1]!.end, tokens[index]!.start));
}

/**
 * Whether a negation stands before the word at `index` in its clause ({@link negationBefore}):
 * «no quiero hablar con alguien», «ya no estoy en peligro»; not «no, necesito ayuda».
 *
 * @example
 * negatedAt('no necesito ayuda', wordTokens('no necesito ayuda'), 2) // true
 */
export function negatedAt(text: string, tokens: readonly WordToken[], index: number): boolean {
  return negationBefore(index, (at) => tokens[at]!.key, (at) => startsClause(text, tokens, at));
}
