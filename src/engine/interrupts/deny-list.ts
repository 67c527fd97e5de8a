import { PhraseList } from './phrase-list.js';
import { wordTokens } from './words.js';

/**
 * A denied word found in a text: the configured entry and the piece of text as written there.
 *
 * @example
 * { word: 'violencia', found: 'Violencia' }
 */
export interface DeniedWord {
  readonly word: string;
  readonly found: string;
}

/**
 * Words and phrases outgoing texts must never contain (violencia, agresor, the unit's names, ...),
 * matched as whole words, ignoring case and accents: "caso" is found in "en caso de", not in "casos"
 * or "casona".
 *
 * @example
 * const deny = new DenyList(['violencia', 'centro de justicia']);
 * deny.find('Sin VIOLENCIA en el Centro de Justicia')
 * // [{ word: 'violencia', found: 'VIOLENCIA' }, { word: 'centro de justicia', found: 'Centro de Justicia' }]
 */
export class DenyList {
  private readonly list: PhraseList;

  constructor(readonly words: readonly string[]) {
    this.list = new PhraseList(words);
  }

  /** Every denied word in `text`, in order. */
  find(text: string): DeniedWord[] {
    const tokens = wordTokens(text);
    return this.list.findAll(tokens).map((match) => ({
      word: match.phrase,
      found: text.slice(tokens[match.first]?.start ?? 0, tokens[match.last]?.end ?? 0),
    }));
  }
}
