/**
 * Words that turn what follows them around ("no estoy bien", "ni modo", "nunca"). A negation
 * within {@link NEGATION_REACH} words before a match, in the same clause, makes the answer a re-ask.
 */
export const NEGATION_WORDS: ReadonlySet<string> = new Set(['no', 'ni', 'nunca', 'jamas', 'tampoco', 'nada', 'sin', 'nel']);

/** How many words before a match a negation still reaches ("no me siento bien": 3). */
export const NEGATION_REACH = 3;

/**
 * Phrases that say she is unsure, or mean the opposite of a word inside them ("he estado mejor" is
 * not *mejor*): when one appears in her message outside a choice's own phrase, nothing is picked
 * and the question is asked again. Written without accents, as {@link answerWords} keys.
 */
export const UNSURE_PHRASES: readonly string[] = [
  'no se', 'no lo se', 'no sabria', 'quien sabe', 'tal vez', 'talvez', 'a lo mejor', 'alomejor', 'quiza', 'quizas',
  'puede ser', 'no estoy segura', 'no estoy seguro', 'he estado mejor', 'podria estar mejor', 'podria estar peor',
  'he estado peor', 'he tenido mejores dias', 'ni modo',
];
