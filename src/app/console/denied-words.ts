import type { DeniedWord, DenyList } from '../../engine/index.js';
import { ConsoleError } from './errors.js';

/** The checkbox that sends a message although it holds a word of the deny list, as the page words it. */
export const DENIED_WORD_CHECKBOX = 'Enviar aunque diga esa palabra';

/**
 * The check of a message a person writes her (or to a number without a case) against the deployment's
 * `deny_words`: the words the flows may never say, because whoever holds her phone reads a message's
 * first line on its lock screen without opening the chat (safety rule 3). A person may have a reason
 * to write one (she named it herself, minutes ago), so it is not forbidden: it is refused with the word
 * named until the person confirms (`confirmed`), and then returned so the caller audits the choice.
 *
 * @example
 * checkDeniedWords(denyList, '¿Cómo sigues después de lo de la violencia?', false)
 * // throws ConsoleError 'denied_word' naming «violencia»
 * checkDeniedWords(denyList, '¿Cómo sigues?', false) // null
 *
 * @throws ConsoleError `denied_word` (detail `word`: the piece of her text that matched).
 */
export function checkDeniedWords(deniedWords: Pick<DenyList, 'find'>, text: string, confirmed: boolean): DeniedWord | null {
  const [denied] = deniedWords.find(text);
  if (!denied || confirmed) return denied ?? null;
  throw new ConsoleError(
    'denied_word',
    `Tu mensaje dice «${denied.found}», una de las palabras que no deben verse en su teléfono: quien lo tenga puede leer el inicio del mensaje en la pantalla bloqueada sin abrir el chat. Cámbiala, o marca «${DENIED_WORD_CHECKBOX}» si ella misma la usa y es necesario.`,
    { word: denied.found },
  );
}
