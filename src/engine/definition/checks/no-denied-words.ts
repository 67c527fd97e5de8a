import { DEFAULT_SETTINGS } from '../../interrupts/settings.js';
import type { FlowCheck } from './check.js';
import { flowTextVersions } from './node-texts.js';
import { staffText } from '../../staff-text.js';

/**
 * Discreet by construction: no outgoing text, in any language, contains a word or phrase of the
 * deny-list (`deny_words` in `ajustes.yaml`), as a whole word, whatever its accents or case. Reported
 * at the word itself.
 */
export const noDeniedWords: FlowCheck = function* ({ definition, options }) {
  const denyList = (options.settings ?? DEFAULT_SETTINGS).denyList;
  for (const { text, path } of flowTextVersions(definition)) {
    for (const { word, found } of denyList.find(text)) {
      yield {
        path,
        at: 'value',
        message: staffText(
          `"${found}" está en la lista de palabras prohibidas ("${word}" en deny_words): un texto que ella recibe debe leerse como un mensaje cualquiera`,
          `"${found}" is on the deny-list ("${word}" in deny_words): a text she receives must read like an ordinary message`,
        ),
        severity: 'error',
        needle: found,
      };
    }
  }
};
