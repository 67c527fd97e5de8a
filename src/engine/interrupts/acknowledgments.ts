import { PhraseList } from './phrase-list.js';
import { wordTokens } from './words.js';

/** What may stand beside her words and emoji in an acknowledgment: spaces, punctuation, emoji variation selectors, skin tones and joiners. */
const FILLER = /[\s\p{P}\uFE0E\uFE0F\u200D\u{1F3FB}-\u{1F3FF}]/gu;

/** A message longer than this is never only an acknowledgment (and is not read as one). */
const MAX_ACKNOWLEDGMENT_LENGTH = 200;

/**
 * The words, phrases and emoji with which she only acknowledges what the bot wrote («gracias», «ok»,
 * «va, muchas gracias 🙏», «👍🏽»), from `acknowledgments` in `ajustes.yaml`: an entry with letters or
 * digits is a phrase, compared as whole words (accents, case and drawn-out letters aside); one without
 * is a symbol, compared as its emoji (variation selectors and skin tones aside).
 */
export class AcknowledgmentList {
  private readonly phrases: PhraseList;
  private readonly symbols = new Set<string>();

  constructor(readonly entries: readonly string[]) {
    const phrases: string[] = [];
    for (const entry of entries) {
      if (wordTokens(entry).length > 0) phrases.push(entry);
      else for (const symbol of entry.replace(FILLER, '')) this.symbols.add(symbol);
    }
    this.phrases = new PhraseList(phrases);
  }

  /**
   * Whether her whole message is an acknowledgment: every word belongs to one of the phrases and every
   * other character is a listed emoji, a space or punctuation, and there is at least one of them.
   *
   * @example
   * new AcknowledgmentList(['gracias', 'ok', '👍']).isWholeMessage('Ok, graciaaas 👍🏽') // true
   * new AcknowledgmentList(['gracias', 'ok', '👍']).isWholeMessage('gracias, estoy mal')  // false
   * new AcknowledgmentList(['gracias', 'ok', '👍']).isWholeMessage('😢')                  // false
   */
  isWholeMessage(text: string): boolean {
    if (text.length > MAX_ACKNOWLEDGMENT_LENGTH) return false;
    const tokens = wordTokens(text);
    const covered = new Array<boolean>(tokens.length).fill(false);
    for (const match of this.phrases.findLoose(tokens)) covered.fill(true, match.first, match.last + 1);
    if (covered.includes(false)) return false;
    let rest = '';
    let end = 0;
    for (const token of tokens) {
      rest += text.slice(end, token.start);
      end = token.end;
    }
    rest = (rest + text.slice(end)).replace(FILLER, '');
    for (const symbol of rest) if (!this.symbols.has(symbol)) return false;
    return tokens.length > 0 || rest.length > 0;
  }
}

/**
 * Whether her message only acknowledges what the bot wrote (`acknowledgments` in `ajustes.yaml`):
 * «gracias», «ok», «va, muchas gracias 🙏», «👍». The host reads it only where the question waiting for
 * her does not understand her message, or no conversation is under way: then it is kept on her case
 * and nothing is sent, no attempt is spent and no conversation starts. A question that takes «ok» as
 * a yes still takes it.
 *
 * @example
 * onlyAcknowledges(settings, 'Muchas gracias 🙏') // true
 * onlyAcknowledges(settings, 'gracias, pero me siento mal') // false
 */
export function onlyAcknowledges(settings: { readonly acknowledgments: AcknowledgmentList }, text: string): boolean {
  return settings.acknowledgments.isWholeMessage(text);
}
