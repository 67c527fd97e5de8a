import { phraseKeys } from '../interrupts/words.js';
import { normalizeAnswer } from '../text/normalize-answer.js';
import { SentenceMatcher } from './sentence-match.js';

/** Answers read as yes (compared after `normalizeAnswer`: no accents, lower case). */
export const YES_ANSWERS: readonly string[] = [
  'si', 'sip', 'sii', 'siii', 'si claro', 'claro', 'claro que si', 'por supuesto', 'si por favor', 'si gracias',
  'ok', 'okay', 'okey', 'oki', 'va', 'vale', 'sale', 'dale', 'simon', 'aja', 'de acuerdo', 'esta bien',
  'correcto', 'exacto', 'afirmativo', 'adelante', 'orale', 'andale', 'dime', 'te escucho', 'me gustaria',
  'estaria bien', 'yes', 'yeah', 'yep',
];

/**
 * Answers read as no. Besides the ways of saying it, what tells that this is no time for the bot: he
 * is there («estoy con él», «ya llegó», «no estoy sola»), not today («ahorita no me escribas»), or
 * she will write herself («yo te escribo», «yo te busco»). Read so at every «sí»/«no» question, the
 * safety question first: asking again would have her answer again beside him.
 */
export const NO_ANSWERS: readonly string[] = [
  'no', 'nop', 'nope', 'nel', 'nah', 'para nada', 'no gracias', 'negativo', 'mejor no', 'ahorita no', 'ahora no',
  'todavia no', 'aun no', 'no puedo', 'no puedo hablar', 'no es buen momento', 'no es un buen momento',
  'no es momento', 'no hace falta', 'no es necesario', 'asi estoy bien', 'no me gustaria', 'no por ahora',
  'por ahora no', 'no x ahora',
  // he is there
  'no estoy sola', 'estoy con el', 'el esta aqui', 'esta aqui', 'aqui esta', 'ya llego', 'esta en la casa', 'esta en casa',
  // not today, or she will write herself
  'no me escribas hoy', 'hoy no me escribas', 'ahorita no me escribas', 'ahora no me escribas', 'yo te escribo', 'yo te busco',
  'yo te marco', 'yo te hablo', 'yo me comunico',
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

const IN_SENTENCE = new SentenceMatcher([
  ...YES_ANSWERS.map((answer) => ({ words: phraseKeys(answer), pick: 0 })),
  ...NO_ANSWERS.map((answer) => ({ words: phraseKeys(answer), pick: 1 })),
]);

/**
 * Reads a yes or a no inside a sentence, once {@link parseYesNoAnswer} found none: "sí, ahorita
 * puedo" and "👍" are yes, "no, gracias, así estoy" and "👎" no; "sí pero no", "no sé" and anything
 * unsure give undefined (a re-ask), as in {@link SentenceMatcher}.
 *
 * @example
 * findYesNoInSentence('siii, ahorita puedo') // 'si'
 * findYesNoInSentence('sí, bueno, no sé')    // undefined
 */
export function findYesNoInSentence(text: string): 'si' | 'no' | undefined {
  const pick = IN_SENTENCE.find(text);
  return pick === 0 ? 'si' : pick === 1 ? 'no' : undefined;
}
