/**
 * The columns of the unit's file that are not imported. The 911 system's export carries more than the
 * service reads (municipality, operator, notes…): a header with every column the import needs keeps
 * the others aside, named in the review, instead of refusing the file. One that looks like an optional
 * column the file lacks is refused: a misspelt consent column would otherwise be dropped without a word.
 */
import { distance } from 'fastest-levenshtein';

/** A column the import does not read: its place and how the review names it. */
export interface IgnoredColumn {
  /** 0-based position in the header. */
  index: number;
  /** «columna 5 (Municipio)», or «columna 5» when the header looks like it holds a number. */
  label: string;
}

/** A run of five digits or more in a header cell: it may be a value (her number) typed above the table. */
const DIGIT_RUN = /\d{5,}/;
/** The longest header text a review repeats. */
const LABEL_MAX = 40;

/**
 * How the review names a column it does not import: its position and its header as typed, cut at 40
 * characters; only its position when the header holds a run of digits, which could be a number typed
 * in the header row rather than a column's name.
 *
 * @example
 * ignoredColumnLabel(' Municipio ', 5) // 'columna 6 (Municipio)'
 * ignoredColumnLabel('998 5550101', 2) // 'columna 3'
 */
export function ignoredColumnLabel(header: string, index: number): string {
  const text = header.replace(/\s+/g, ' ').trim();
  if (DIGIT_RUN.test(text.replace(/[\s().-]/g, ''))) return `columna ${index + 1}`;
  const cut = text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text;
  return `columna ${index + 1} (${cut})`;
}

/**
 * Which of the `candidates` (optional columns the file lacks, each with its header names as comparison
 * keys) a header key looks like: one edit away for names up to 8 characters, three for longer ones
 * («consentimiento_videollamda»), or holding a word only that column's names hold (`video`, `banavim`
 * outside a folio). `undefined` when it looks like none.
 *
 * @example
 * resembledColumn('consentimiento_videollamda', [['consentimiento_videollamada', ['consentimiento_videollamada']]]) // 'consentimiento_videollamada'
 * resembledColumn('municipio', [['consentimiento_videollamada', ['consentimiento_videollamada']]]) // undefined
 */
export function resembledColumn<C extends string>(key: string, candidates: readonly (readonly [C, readonly string[]])[]): C | undefined {
  for (const [column, names] of candidates) {
    if (names.some((name) => distance(key, name) <= (name.length <= 8 ? 1 : 3))) return column;
    if (STEMS[column]?.(key)) return column;
  }
  return undefined;
}

/** Words that, in a header, can only mean one optional column. */
const STEMS: Record<string, (key: string) => boolean> = {
  consentimiento_videollamada: (key) => /video/.test(key),
  consentimiento_banavim: (key) => /banavim/.test(key) && !/folio/.test(key),
};
