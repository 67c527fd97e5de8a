import { answerWords, looseKey, type AnswerWord } from '../text/answer-words.js';
import { phraseKeys } from '../interrupts/words.js';
import { negationBefore, NEGATION_WORDS, UNSURE_PHRASES } from './negation.js';

/** One phrase that picks an answer: its word keys and the index of the answer it picks. */
export interface SentencePhrase {
  readonly words: readonly string[];
  readonly pick: number;
}

/** Numbers written as words that pick a choice by position ("opción dos"); not "un"/"una". */
export const POSITION_WORDS: ReadonlyMap<string, number> = new Map([
  ['uno', 1], ['dos', 2], ['tres', 3], ['cuatro', 4], ['cinco', 5], ['seis', 6], ['siete', 7], ['ocho', 8], ['nueve', 9], ['diez', 10],
]);

/** Words before a number that say it is the number of a choice: "la 3", "opción dos", "el número 2". */
const POSITION_MARKERS: ReadonlySet<string> = new Set(['la', 'el', 'opcion', 'numero', 'num', 'respuesta', 'respondo', 'elijo', 'escojo', 'con']);

/** Words that may stand around a bare number without a marker: "3 gracias", "pues 2", "2 porfa". */
const NUMBER_COMPANIONS: ReadonlySet<string> = new Set(['gracias', 'porfa', 'porfavor', 'por', 'favor', 'pues', 'ok', 'va', 'es', 'seria', 'mejor', 'si', 'creo', 'que']);

/** «¿y tú?» at the end of her answer ("bien, ¿y tú?"): courtesy, not a question of hers. */
const COURTESY_QUESTION = /[\s,.;]*¿?\s*y\s+(?:t[uú]|usted|ustedes)\s*\?+[\s!.]*$/iu;

/** Marks a number that points at no choice ("la 7" with three choices): it makes the answer a re-ask. */
const NO_SUCH_POSITION = -1;

interface Found {
  readonly first: number;
  readonly last: number;
  readonly pick: number;
  readonly negative: boolean;
}

interface IndexedPhrase {
  readonly words: readonly string[];
  readonly loose: readonly string[];
  readonly pick: number;
  readonly negative: boolean;
}

/**
 * Finds which answer a sentence gives, when the whole message is not exactly one of the answers:
 * "me siento mal", "sí, ahorita puedo", "la 3", "opción dos", "👍". Safety first, a misread answer
 * being worse than a re-ask:
 * - a question ("¿me ayudas con unos papeles?", "¿nada más eso?") is not read as an answer: she is asking
 *   (a closing «¿y tú?» is courtesy: "bien, ¿y tú?" is "bien");
 * - phrases match as whole words (case, accents, punctuation, drawn-out letters "siii" ignored);
 * - the longest phrase wins over a phrase inside it ("no muy bien" over "bien");
 * - when phrases of two different answers remain, nothing is picked;
 * - a negation ("no", "ni", "nunca"…) up to three words before a match, in the same clause, takes
 *   that match away ("no estoy bien", "no me siento bien" pick nothing: a re-ask; "no, estoy bien" is
 *   fine: the comma ends the clause), unless the matched phrase is itself negative ("no, no puedo");
 *   an answer she gives in another clause still counts ("más o menos, no he dormido bien");
 * - a phrase ending in a negation counts only at the end of its clause ("no", "no gracias", "mejor
 *   no."): in "no me siento nada bien" neither "no" nor "nada" is an answer;
 * - any other negation in the clause of a match, or after a "pero", makes it a re-ask ("sí pero no hoy");
 * - an unsure or ironic phrase ("no sé", "tal vez", "he estado mejor") outside any matched phrase
 *   makes it a re-ask;
 * - with `positions`, a number (digits or uno…diez) picks by position when a marker precedes it ("la
 *   3", "opción dos") or every other word is a courtesy ("3 gracias"); "a la 1" / "a las 3" are times, not
 *   positions; a number past the last choice makes it a re-ask.
 *
 * @example
 * const matcher = new SentenceMatcher([{ words: ['bien'], pick: 0 }, { words: ['mal'], pick: 1 }, { words: ['no', 'muy', 'bien'], pick: 1 }], 2);
 * matcher.find('me siento mal')      // 1
 * matcher.find('no muy bien la neta') // 1
 * matcher.find('no estoy bien')      // undefined
 * matcher.find('mal, no dormí bien') // 1
 * matcher.find('la 1')               // 0
 */
export class SentenceMatcher {
  private readonly byFirstWord = new Map<string, IndexedPhrase[]>();
  private readonly unsure = new Map<string, Array<readonly string[]>>();

  /** `positions`: how many choices a number can pick by position (0: numbers pick nothing). */
  constructor(phrases: readonly SentencePhrase[], private readonly positions = 0) {
    for (const phrase of phrases) {
      const [first] = phrase.words;
      if (first === undefined) continue;
      const entry = { words: phrase.words, loose: phrase.words.map(looseKey), pick: phrase.pick, negative: phrase.words.some((word) => NEGATION_WORDS.has(word)) };
      for (const key of new Set([first, looseKey(first)])) {
        const list = this.byFirstWord.get(key) ?? [];
        list.push(entry);
        this.byFirstWord.set(key, list);
      }
    }
    for (const written of UNSURE_PHRASES) {
      const words = phraseKeys(written);
      const [first] = words;
      if (first === undefined) continue;
      this.unsure.set(first, [...(this.unsure.get(first) ?? []), words]);
    }
  }

  /** The index of the answer the sentence gives, or undefined when none, more than one, or a negated one fits. */
  find(written: string): number | undefined {
    const text = written.replace(COURTESY_QUESTION, '');
    if (text.includes('?')) return undefined;
    const words = answerWords(text);
    if (words === undefined || words.length === 0) return undefined;
    const found = this.matches(words).filter((match) => !leavesNegationOpen(words, match));
    if (found.length === 0) return undefined;
    const kept = found
      .filter((match) => !found.some((other) => other !== match && contains(other, match)))
      .filter((match) => match.negative || !negated(words, match));
    const pick = kept[0]?.pick;
    if (pick === undefined || pick === NO_SUCH_POSITION || kept.some((match) => match.pick !== pick)) return undefined;
    if (contradicted(words, kept)) return undefined;
    if (this.unsureOutside(words, kept)) return undefined;
    return pick;
  }

  private matches(words: readonly AnswerWord[]): Found[] {
    const found: Found[] = [];
    words.forEach((word, index) => {
      const candidates = this.byFirstWord.get(word.key) ?? (word.loose === word.key ? undefined : this.byFirstWord.get(word.loose));
      for (const phrase of candidates ?? []) {
        if (phrase.words.every((key, offset) => sameWord(words[index + offset], key, phrase.loose[offset] ?? key))) {
          found.push({ first: index, last: index + phrase.words.length - 1, pick: phrase.pick, negative: phrase.negative });
        }
      }
      const position = this.positions > 0 ? positionAt(words, index) : undefined;
      if (position !== undefined) {
        const pick = position >= 1 && position <= this.positions ? position - 1 : NO_SUCH_POSITION;
        found.push({ first: index, last: index, pick, negative: false });
      }
    });
    return found;
  }

  private unsureOutside(words: readonly AnswerWord[], kept: readonly Found[]): boolean {
    return words.some((word, index) =>
      (this.unsure.get(word.key) ?? []).some(
        (phrase) =>
          phrase.every((key, offset) => sameWord(words[index + offset], key, key)) &&
          !kept.some((match) => match.first <= index && match.last >= index + phrase.length - 1),
      ),
    );
  }
}

function sameWord(word: AnswerWord | undefined, key: string, loose: string): boolean {
  return word !== undefined && (word.key === key || word.loose === loose);
}

/** `outer` covers every word of `inner` and more. */
function contains(outer: Found, inner: Found): boolean {
  if (outer.first > inner.first || outer.last < inner.last) return false;
  return outer.last - outer.first > inner.last - inner.first;
}

/** A negation word reaches this match: up to three words before it, in its clause. */
function negated(words: readonly AnswerWord[], match: Found): boolean {
  return negationBefore(match.first, (index) => words[index]!.key, (index) => words[index]!.clauseStart);
}

/** Words after which what follows may undo the answer: "sí, pero no hoy". */
const BUT_WORDS: ReadonlySet<string> = new Set(['pero', 'aunque', 'nomas', 'solo']);

/**
 * A negation outside the matched phrases, in the clause of a match or anywhere after a "pero":
 * "sí pero no hoy", "sí, pero no hoy", "bien no sé". ("bien, no te preocupes" is not: another clause.)
 */
function contradicted(words: readonly AnswerWord[], kept: readonly Found[]): boolean {
  const clauseOf = clauses(words);
  let afterBut = false;
  for (let index = 0; index < words.length; index++) {
    const key = words[index]?.key ?? '';
    if (BUT_WORDS.has(key)) afterBut = true;
    if (!NEGATION_WORDS.has(key) || kept.some((match) => match.first <= index && match.last >= index)) continue;
    if (afterBut || kept.some((match) => clauseOf[match.first] === clauseOf[index])) return true;
  }
  return false;
}

/** The clause number of each word (a new clause after punctuation or an emoji). */
function clauses(words: readonly AnswerWord[]): number[] {
  let clause = 0;
  return words.map((word, index) => (index > 0 && word.clauseStart ? ++clause : clause));
}

/**
 * Words that may follow a closing "no" without it negating them: "no gracias", "no porfa", and the
 * reason she gives for it, "ahorita no porque está aquí".
 */
const AFTER_NEGATION: ReadonlySet<string> = new Set(['gracias', 'porfa', 'porfavor', 'por', 'ok', 'porque', 'pq', 'xq']);

/**
 * A phrase that ends in a negation ("no", "mejor no", "nada") followed, in the same clause, by
 * more words negates those words, not the question: "no me siento nada bien" is not "nada".
 */
function leavesNegationOpen(words: readonly AnswerWord[], match: Found): boolean {
  const last = words[match.last];
  const next = words[match.last + 1];
  if (last === undefined || next === undefined || next.clauseStart || !NEGATION_WORDS.has(last.key)) return false;
  return !AFTER_NEGATION.has(next.key);
}

/** The number a word at `index` stands for, when it is said as a choice's number. */
function positionAt(words: readonly AnswerWord[], index: number): number | undefined {
  const word = words[index];
  if (word === undefined) return undefined;
  const value = /^\d{1,2}$/.test(word.key) ? Number(word.key) : POSITION_WORDS.get(word.key);
  if (value === undefined) return undefined;
  const before = words[index - 1];
  if (before !== undefined && !word.clauseStart) {
    if (before.key === 'las' || (before.key === 'la' && words[index - 2]?.key === 'a')) return undefined;
    if (POSITION_MARKERS.has(before.key)) return value;
  }
  return words.every((other, at) => at === index || NUMBER_COMPANIONS.has(other.key)) ? value : undefined;
}
