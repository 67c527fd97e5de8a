import { hasDoubledLetter, looseKey, phraseKeys, type WordToken } from './words.js';

/** Words that may come before or after a whole-message word without changing it ("BAJA por favor"). */
export const COURTESY_WORDS: ReadonlySet<string> = new Set(['por', 'favor', 'porfa', 'porfavor', 'gracias', 'ya', 'ok', 'please']);

/** A message longer than this is never a whole-message word (and is not searched for one). */
const MAX_WHOLE_MESSAGE_WORDS = 20;

/** Where a phrase was found: the configured phrase and the range of tokens it covers. */
export interface PhraseMatch {
  readonly phrase: string;
  readonly first: number;
  readonly last: number;
}

/**
 * Configured words and phrases ("BAJA", "centro de justicia"), compared word by word with a
 * message's {@link WordToken}s.
 */
export class PhraseList {
  private readonly byFirstWord = new Map<string, Array<{ phrase: string; keys: string[] }>>();
  private readonly wholeKeys = new Map<string, string>();
  private readonly byLooseFirstWord = new Map<string, Array<{ phrase: string; keys: string[] }>>();

  constructor(readonly phrases: readonly string[]) {
    for (const phrase of phrases) {
      const keys = phraseKeys(phrase);
      const [first] = keys;
      if (first === undefined) continue;
      const list = this.byFirstWord.get(first) ?? [];
      list.push({ phrase, keys });
      this.byFirstWord.set(first, list);
      if (!this.wholeKeys.has(keys.join(' '))) this.wholeKeys.set(keys.join(' '), phrase);
      const looseKeys = keys.map(looseKey);
      const looseFirst = looseKeys[0] ?? '';
      this.byLooseFirstWord.set(looseFirst, [...(this.byLooseFirstWord.get(looseFirst) ?? []), { phrase, keys: looseKeys }]);
    }
  }

  /**
   * The phrase the whole message is (courtesy words around it allowed), or undefined.
   *
   * @example
   * new PhraseList(['BAJA']).wholeMessage(wordTokens('Baja, por favor.')) // 'BAJA'
   * new PhraseList(['BAJA']).wholeMessage(wordTokens('me siento baja'))   // undefined
   */
  wholeMessage(tokens: readonly WordToken[]): string | undefined {
    if (tokens.length > MAX_WHOLE_MESSAGE_WORDS) return undefined;
    let leading = 0;
    while (leading < tokens.length && COURTESY_WORDS.has(tokens[leading]?.key ?? '')) leading++;
    let trailing = tokens.length;
    while (trailing > leading && COURTESY_WORDS.has(tokens[trailing - 1]?.key ?? '')) trailing--;
    // Courtesy words may also belong to the phrase ("ya no me escribas"): try every cut.
    for (let start = 0; start <= leading; start++) {
      for (let end = tokens.length; end >= trailing && end > start; end--) {
        const phrase = this.wholeKeys.get(tokens.slice(start, end).map((token) => token.key).join(' '));
        if (phrase !== undefined) return phrase;
      }
    }
    return undefined;
  }

  /**
   * Every place a phrase appears as whole words, in order.
   *
   * @example
   * new PhraseList(['ayuda']).findAll(wordTokens('necesito ayuda'))       // [{ phrase: 'ayuda', first: 1, last: 1 }]
   * new PhraseList(['ayuda']).findAll(wordTokens('¿me ayudas con algo?')) // []
   */
  findAll(tokens: readonly WordToken[]): PhraseMatch[] {
    const matches: PhraseMatch[] = [];
    tokens.forEach((token, index) => {
      for (const candidate of this.byFirstWord.get(token.key) ?? []) {
        if (candidate.keys.every((key, offset) => tokens[index + offset]?.key === key)) {
          matches.push({ phrase: candidate.phrase, first: index, last: index + candidate.keys.length - 1 });
        }
      }
    });
    return matches;
  }

  /**
   * Every place a phrase appears as whole words, as {@link findAll}; when none does, doubled letters
   * are forgiven ("ayudaa" matches "ayuda"), as in {@link appearsIn}.
   *
   * @example
   * new PhraseList(['ayuda']).findForgiving(wordTokens('no necesito ayudaa')) // [{ phrase: 'ayuda', first: 2, last: 2 }]
   */
  findForgiving(tokens: readonly WordToken[]): PhraseMatch[] {
    const exact = this.findAll(tokens);
    if (exact.length > 0 || !tokens.some((token) => hasDoubledLetter(token.key))) return exact;
    return this.findLoose(tokens);
  }

  /**
   * Every place a phrase appears as whole words with every run of equal letters taken as one, on both
   * sides ("graciaas" matches "gracias", and so does "gracias"): a superset of {@link findAll}.
   *
   * @example
   * new PhraseList(['gracias', 'ok']).findLoose(wordTokens('ok graciaas')).length // 2
   */
  findLoose(tokens: readonly WordToken[]): PhraseMatch[] {
    const loose = tokens.map((token) => looseKey(token.key));
    const matches: PhraseMatch[] = [];
    loose.forEach((key, index) => {
      for (const candidate of this.byLooseFirstWord.get(key) ?? []) {
        if (candidate.keys.every((word, offset) => loose[index + offset] === word)) {
          matches.push({ phrase: candidate.phrase, first: index, last: index + candidate.keys.length - 1 });
        }
      }
    });
    return matches;
  }

  /**
   * True when any phrase appears in the tokens as whole words; doubled letters are forgiven when
   * the exact words are not found ("ayudaa", "peligroo").
   */
  appearsIn(tokens: readonly WordToken[]): boolean {
    const exact = tokens.some((token, index) =>
      (this.byFirstWord.get(token.key) ?? []).some((candidate) => candidate.keys.every((key, offset) => tokens[index + offset]?.key === key)),
    );
    if (exact) return true;
    return tokens.some((token) => hasDoubledLetter(token.key)) && this.findLoose(tokens).length > 0;
  }
}
