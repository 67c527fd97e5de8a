import { phraseKeys } from '../interrupts/words.js';
import { choiceAnswers, type MatchableChoice } from './choice-answers.js';
import type { PathSegment } from './node-kind.js';
import { staffText, type StaffText } from '../staff-text.js';

/**
 * Phrases of two different choices that can overlap inside one sentence, the end of one being the
 * start of the other ("no puedo" and "puedo mañana" meet in "no puedo mañana"). Neither contains the
 * other, so the longest-phrase rule cannot settle it, and every such sentence is asked again: the
 * flow still works, but the author may want other words. One warning per pair, at the later phrase.
 *
 * @example
 * choicePhraseCollisions([{ id: 'a', label: 'No puedo', synonyms: [] }, { id: 'b', label: 'Puedo mañana', synonyms: [] }])
 * // [{ path: ['choices', 1, 'label'], message: { es: '"Puedo mañana" (opción "b") y "No puedo" (opción "a") pueden juntarse ...', en: '...' } }]
 */
export function choicePhraseCollisions(choices: readonly MatchableChoice[]): Array<{ readonly path: readonly PathSegment[]; readonly message: StaffText }> {
  const phrases = choiceAnswers(choices)
    .filter((answer) => !answer.isPosition)
    .map((answer) => ({ ...answer, words: phraseKeys(answer.written) }))
    .filter((phrase) => phrase.words.length > 0);
  const problems: Array<{ path: readonly PathSegment[]; message: StaffText }> = [];
  phrases.forEach((later, laterIndex) => {
    for (const earlier of phrases.slice(0, laterIndex)) {
      if (earlier.choice === later.choice) continue;
      const meeting = overlap(earlier.words, later.words) ?? overlap(later.words, earlier.words);
      if (meeting === undefined) continue;
      const idOf = (index: number) => choices[index]?.id ?? '';
      problems.push({
        path: later.path,
        message: staffText(
          `"${later.written}" (opción "${idOf(later.choice)}") y "${earlier.written}" (opción "${idOf(earlier.choice)}") ` +
            `pueden juntarse en una sola frase ("${meeting}"): una respuesta así sirve para las dos opciones y se vuelve a preguntar`,
          `"${later.written}" (choice "${idOf(later.choice)}") and "${earlier.written}" (choice "${idOf(earlier.choice)}") ` +
            `can meet in one sentence ("${meeting}"): such an answer fits both choices and is asked again`,
        ),
      });
    }
  });
  return problems;
}

/** The sentence where the end of `first` is the start of `second`, when neither contains the other. */
function overlap(first: readonly string[], second: readonly string[]): string | undefined {
  for (let shared = Math.min(first.length, second.length) - 1; shared >= 1; shared--) {
    const tail = first.slice(first.length - shared);
    if (tail.every((word, index) => word === second[index])) return [...first, ...second.slice(shared)].join(' ');
  }
  return undefined;
}
