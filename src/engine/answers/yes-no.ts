import { normalizeAnswer } from '../text/normalize-answer.js';

/** Answers read as yes (compared after `normalizeAnswer`: no accents, lower case). */
export const YES_ANSWERS: readonly string[] = [
  'si', 'sip', 'sii', 'siii', 'si claro', 'claro', 'claro que si', 'por supuesto', 'si por favor', 'si gracias',
  'ok', 'okay', 'okey', 'oki', 'va', 'vale', 'sale', 'dale', 'simon', 'aja', 'de acuerdo', 'esta bien',
  'correcto', 'exacto', 'afirmativo', 'yes', 'yeah', 'yep',
];

/** Answers read as no. */
export const NO_ANSWERS: readonly string[] = [
  'no', 'nop', 'nope', 'nel', 'nah', 'para nada', 'no gracias', 'negativo', 'mejor no', 'ahorita no', 'ahora no',
  'todavia no', 'aun no', 'no puedo',
];

const BY_KEY = new Map<string, 'si' | 'no'>([
  ...YES_ANSWERS.map((key) => [key, 'si'] as const),
  ...NO_ANSWERS.map((key) => [key, 'no'] as const),
]);

/**
 * Reads a yes/no answer: `'si'`, `'no'`, or undefined when it is neither (the whole message must be
 * one of {@link YES_ANSWERS} or {@link NO_ANSWERS}, after dropping case, accents, emoji and
 * surrounding punctuation).
 *
 * @example
 * parseYesNoAnswer('¡Sí, claro!') // 'si'
 * parseYesNoAnswer('nel')         // 'no'
 * parseYesNoAnswer('sí y no')     // undefined
 */
export function parseYesNoAnswer(text: string): 'si' | 'no' | undefined {
  return BY_KEY.get(normalizeAnswer(text).replace(/\s*[,;.!¡?¿]+\s*/g, ' ').trim());
}
