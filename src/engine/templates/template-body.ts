import type { Language } from '../language.js';
import type { SentMessage } from '../nodes/node-kind.js';
import type { PlaceholderName } from '../text/placeholders.js';
import { textVersions, type LocalizedText } from '../text/localized-text.js';

/**
 * The body of a node's WhatsApp template in one language, derived from the text the node sends
 * (so the registered template and the free text can never drift): each placeholder becomes `{{1}}`,
 * `{{2}}`… in order, and `placeholders` says which value fills each.
 *
 * @example
 * templateBodyOf(messageNode.sends(node), 'es-MX')
 * // { body: 'Hola {{1}}, soy Ana. 🙂', placeholders: ['alias'] }
 */
export function templateBodyOf(sent: SentMessage, language: Language): { body: string; placeholders: PlaceholderName[] } {
  let body = '';
  const placeholders: PlaceholderName[] = [];
  for (const part of sent.text[language].withAlias) {
    if (typeof part === 'string') body += part;
    else {
      placeholders.push(part.name);
      body += `{{${placeholders.length}}}`;
    }
  }
  return { body, placeholders };
}

/** The languages a node's text is written in (es-MX always; others where translated). */
export function languagesOf(text: LocalizedText): Language[] {
  return textVersions(text).map(([language]) => language);
}
