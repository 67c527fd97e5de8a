import { staffText, type StaffText } from '../staff-text.js';

/**
 * The candidate closest to a misspelt word, if it is close enough to be a likely typo
 * (edit distance at most a third of the word's length, between 1 and 3).
 *
 * @example
 * closestMatch('synonym', ['synonyms', 'label']) // 'synonyms'
 * closestMatch('adios', ['saludo', 'fin'])       // undefined
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** ` (¿quisiste decir "x"?)` / ` (did you mean "x"?)`, or empty texts when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): StaffText {
  const match = closestMatch(word, candidates);
  return match === undefined ? staffText('', '') : staffText(` (¿quisiste decir "${match}"?)`, ` (did you mean "${match}"?)`);
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
