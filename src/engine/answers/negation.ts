/**
 * Words that turn what follows them around ("no estoy bien", "ni modo", "nunca"). A negation
 * within {@link NEGATION_REACH} words before a match, in the same clause, makes the answer a re-ask.
 */
export const NEGATION_WORDS: ReadonlySet<string> = new Set(['no', 'ni', 'nunca', 'jamas', 'tampoco', 'nada', 'sin', 'nel']);

/** How many words before a match a negation still reaches ("no me siento bien": 3). */
export const NEGATION_REACH = 3;

/**
 * Whether a negation word stands within {@link NEGATION_REACH} words before the word at `index`, in
 * its clause: the one rule for an answer ("no estoy bien") and a request for a person ("no quiero
 * hablar con alguien"), over whichever words each reads. `startsClause(i)`: the word at `i` opens a
 * clause (punctuation or an emoji before it, or the first word).
 *
 * @example
 * negationBefore(3, (i) => ['no', 'me', 'siento', 'bien'][i]!, (i) => i === 0) // true
 */
export function negationBefore(index: number, keyAt: (i: number) => string, startsClause: (i: number) => boolean): boolean {
  return ledBy(index, keyAt, startsClause, { heads: NEGATION_WORDS, reach: NEGATION_REACH });
}

/**
 * Whether one of `heads` stands at most `reach` words before the word at `index`, in its clause, with
 * only `links` between when they are given (any word otherwise): the walk back of
 * {@link negationBefore}, and of the emergency words' thanks («gracias por tu» before «ayuda») and
 * negated need («no estoy en» before «peligro»).
 *
 * @example
 * ledBy(2, (i) => ['gracias', 'por', 'ayuda'][i]!, (i) => i === 0, { heads: new Set(['gracias']), links: new Set(['por']), reach: 4 }) // true
 */
export function ledBy(
  index: number,
  keyAt: (i: number) => string,
  startsClause: (i: number) => boolean,
  words: { heads: ReadonlySet<string>; links?: ReadonlySet<string>; reach: number },
): boolean {
  if (startsClause(index)) return false;
  for (let before = index - 1; before >= 0 && before >= index - words.reach; before--) {
    const key = keyAt(before);
    if (words.heads.has(key)) return true;
    if (words.links && !words.links.has(key)) return false;
    if (startsClause(before)) return false;
  }
  return false;
}

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
