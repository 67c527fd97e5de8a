import { DENIED_WORD_CHECKBOX } from '../../app/console/denied-words.js';
import { html, type SafeHtml } from './html.js';

/**
 * A message a person wrote that was refused for a word of the deny list (`denied_word`), given back
 * to her form so nothing she typed is lost: its text and the refusal's words.
 */
export interface RefusedDraft {
  text: string;
  refusal: string;
}

/**
 * The checkbox «Enviar aunque diga esa palabra» (`palabra_prohibida`) of a form that writes to her:
 * shown with a refused draft; otherwise present but hidden, for the page's script to show when its
 * request is refused with `denied_word`.
 */
export function deniedWordConfirmation(draft: RefusedDraft | undefined, idSuffix: string): SafeHtml {
  return html`<p class="casilla" id="casilla-palabra-${idSuffix}"${draft ? '' : ' hidden'}><input type="checkbox" id="palabra-prohibida-${idSuffix}" name="palabra_prohibida" value="si"> <label for="palabra-prohibida-${idSuffix}">${DENIED_WORD_CHECKBOX}</label></p>`;
}
