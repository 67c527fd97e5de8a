import { html, type SafeHtml } from './html.js';

/**
 * Atop a form that writes to her while she is outside her safe hours: why to wait, and the checkbox
 * without which the message is refused (`fuera_de_horario`).
 */
export function outsideHoursConfirmation(outside: boolean | undefined, idSuffix: string): SafeHtml | false {
  if (!outside) return false;
  return html`<p class="aviso" id="aviso-horario-${idSuffix}">Ahora está fuera de su horario seguro: puede que no esté sola o que otra persona vea su teléfono. Mejor espera a su horario, salvo que sea necesario escribirle ahora.</p>
  <p class="casilla"><input type="checkbox" id="fuera-de-horario-${idSuffix}" name="fuera_de_horario" value="si"> <label for="fuera-de-horario-${idSuffix}">Enviar aunque esté fuera de su horario seguro</label></p>`;
}
