import { ledBy, NEGATION_REACH, NEGATION_WORDS } from '../answers/negation.js';
import { startsClause } from './clauses.js';
import type { PhraseMatch } from './phrase-list.js';
import type { InterruptSettings } from './settings.js';
import { phraseKeys, type WordToken } from './words.js';

/** Words that thank: an emergency word they thank for is no cry («gracias por la ayuda»). */
const THANKS_WORDS: ReadonlySet<string> = new Set(['gracias', 'agradezco', 'agradecida', 'agradecido', 'agradecemos', 'agradeciendo']);

/** Words that may stand between her thanks and what she thanks for («gracias por toda tu ayuda»). */
const THANKS_LINKS: ReadonlySet<string> = new Set(['por', 'x', 'la', 'el', 'tu', 'su', 'sus', 'tus', 'toda', 'todo', 'tanta', 'mucha', 'mucho', 'muchas', 'de', 'con', 'te', 'le', 'les']);

/** How many words before an emergency word her thanks may stand. */
const THANKS_REACH = 4;

/**
 * Emergency words that name help: only these can be help she says she got («fue de mucha ayuda»).
 * «fue de mucho peligro» tells of a danger, and stays a cry.
 */
const HELP_WORDS: ReadonlySet<string> = new Set(['ayuda', 'auxilio', 'apoyo', 'help']);

/**
 * Words that say what the help was, or that she got it («fueron de mucha ayuda», «has sido una gran
 * ayuda», «me dieron ayuda», «recibí la ayuda»).
 */
const PRAISE_WORDS: ReadonlySet<string> = new Set(['fue', 'fueron', 'sido', 'eres', 'fuiste', 'dieron', 'dio', 'diste', 'recibi']);

/**
 * Of {@link PRAISE_WORDS}, those of being: a word of degree must stand between them and the help
 * («fue de mucha ayuda», not «fue ayuda»).
 */
const BEING_WORDS: ReadonlySet<string> = new Set(['fue', 'fueron', 'sido', 'eres', 'fuiste']);

/**
 * Words that may stand between a {@link PRAISE_WORDS} word and the help («de gran», «una muy buena»).
 * Not «el»: «fue él ayuda» is a cry.
 */
const PRAISE_LINKS: ReadonlySet<string> = new Set([
  'de', 'una', 'un', 'mucha', 'mucho', 'muy', 'gran', 'grande', 'buena', 'buenisima', 'tanta', 'toda', 'bastante',
  'enorme', 'me', 'nos', 'la', 'tu', 'su',
]);

/** How far back in her clause a negation takes the praise away («no me dieron ayuda» stays a cry). */
const PRAISE_NEGATION_REACH = 8;

/** What may say she is out of what the word names, as a negation does: «ya estoy fuera de peligro». */
const NEGATED_NEED_HEADS: ReadonlySet<string> = new Set([...NEGATION_WORDS, 'fuera']);

/**
 * Words that may stand between a negation and the emergency word it negates: what she needs, or is
 * in, and their small words («no necesito ayuda», «ya no estoy en peligro», «no me siento en
 * peligro»). Any other word between keeps the cry: «no puedo más ayuda», «no sé qué hacer ayuda».
 */
const NEGATED_NEED_LINKS: ReadonlySet<string> = new Set([
  'necesito', 'ocupo', 'quiero', 'requiero', 'estoy', 'esta', 'estamos', 'hay', 'corro', 'me', 'siento', 'creo', 'estar',
  'en', 'de', 'la', 'el', 'una', 'un', 'ningun', 'ninguna', 'mas', 'tu', 'su', 'sus', 'tus', 'ya', 'tanta', 'tanto',
  'mucha', 'mucho',
]);

/**
 * How her message holds the deployment's emergency words (`emergency` in `ajustes.yaml`):
 * - `cry`: one stands as a cry for help, anywhere in the message, as whole words: the emergency
 *   reply (which names 911) and an urgent handoff;
 * - `negated`: each one is what a negation in its clause says she does not need or is not in («no
 *   necesito ayuda», «ya no estoy en peligro», «ya estoy fuera de peligro»): no reply that would put
 *   911 on her screen, but a person is asked to read it, as a risk signal asks. Any other word between keeps the cry («no puedo más
 *   ayuda»);
 * - `thanks`: each one names what she thanks for («gracias por tu ayuda»), or help she says she got
 *   («fueron de mucha ayuda», «has sido una gran ayuda»: only a word of help, never «peligro»): nothing;
 * - `none`: there is none.
 * A negation or a thanks reaches only within its clause: «no, necesito ayuda» and «gracias, pero
 * necesito ayuda» are cries. A word drawn out to a doubled letter («ayudaa») counts as the word.
 *
 * @example
 * readEmergencyWords(settings, 'necesito ayuda', wordTokens('necesito ayuda'))                 // 'cry'
 * readEmergencyWords(settings, 'ya no estoy en peligro', wordTokens('ya no estoy en peligro')) // 'negated'
 * readEmergencyWords(settings, 'Gracias por tu ayuda 🙏', wordTokens('Gracias por tu ayuda 🙏')) // 'thanks'
 */
export function readEmergencyWords(settings: InterruptSettings, text: string, tokens: readonly WordToken[]): 'cry' | 'negated' | 'thanks' | 'none' {
  const matches = settings.emergencyWords.findForgiving(tokens);
  if (matches.length === 0) return 'none';
  let negated = false;
  for (const match of matches) {
    if (matchLedBy(text, tokens, match, { heads: THANKS_WORDS, links: THANKS_LINKS, reach: THANKS_REACH })) continue;
    if (praisesHelp(text, tokens, match)) continue;
    // Up to NEGATION_REACH words of need between the negation and the word.
    if (!matchLedBy(text, tokens, match, { heads: NEGATED_NEED_HEADS, links: NEGATED_NEED_LINKS, reach: NEGATION_REACH + 1 })) return 'cry';
    negated = true;
  }
  return negated ? 'negated' : 'thanks';
}

/**
 * Whether the match is a word of help ({@link HELP_WORDS}) she says she got, led by a {@link
 * PRAISE_WORDS} word through {@link PRAISE_LINKS} (at least one after a word of being), with no
 * negation before it in her clause.
 */
function praisesHelp(text: string, tokens: readonly WordToken[], match: PhraseMatch): boolean {
  const keys = phraseKeys(match.phrase);
  if (keys.length !== 1 || !HELP_WORDS.has(keys[0]!)) return false;
  // A word of degree between («de mucha», «una gran»): «lo que pedí fue ayuda» is a cry.
  if (match.first === 0 || BEING_WORDS.has(tokens[match.first - 1]!.key)) return false;
  if (!matchLedBy(text, tokens, match, { heads: PRAISE_WORDS, links: PRAISE_LINKS, reach: THANKS_REACH })) return false;
  return !ledBy(match.first, (at) => tokens[at]!.key, (at) => startsClause(text, tokens, at), { heads: NEGATION_WORDS, reach: PRAISE_NEGATION_REACH });
}

/** {@link ledBy} over her message's words, before the match's first word. */
function matchLedBy(text: string, tokens: readonly WordToken[], match: PhraseMatch, words: { heads: ReadonlySet<string>; links: ReadonlySet<string>; reach: number }): boolean {
  return ledBy(match.first, (at) => tokens[at]!.key, (at) => startsClause(text, tokens, at), words);
}
