/**
 * Spanish number words from cero to veinte, without accents (compare after `normalizeAnswer`).
 * `un`/`una`/`uno` are 1.
 *
 * @example
 * NUMBER_WORDS.get('dieciseis') // 16
 */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['cero', 0],
  ['un', 1],
  ['uno', 1],
  ['una', 1],
  ['dos', 2],
  ['tres', 3],
  ['cuatro', 4],
  ['cinco', 5],
  ['seis', 6],
  ['siete', 7],
  ['ocho', 8],
  ['nueve', 9],
  ['diez', 10],
  ['once', 11],
  ['doce', 12],
  ['trece', 13],
  ['catorce', 14],
  ['quince', 15],
  ['dieciseis', 16],
  ['diecisiete', 17],
  ['dieciocho', 18],
  ['diecinueve', 19],
  ['veinte', 20],
]);

/** The words of {@link NUMBER_WORDS} as a regex alternation, longest first. */
export const NUMBER_WORD_PATTERN = [...NUMBER_WORDS.keys()].sort((a, b) => b.length - a.length).join('|');
