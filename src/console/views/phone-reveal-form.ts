import { html, type SafeHtml } from './html.js';
import { csrfField } from './layout.js';

/**
 * The section that shows a number only for a reason (audited by the route at `action`): "Motivo para
 * ver el número" and its button, with the number once shown (`phone`), or an empty live output the
 * case page's script fills in.
 */
export function phoneRevealForm(options: { action: string; csrfToken: string; title: string; phone?: string | undefined }): SafeHtml {
  return html`<section class="bloque" aria-labelledby="titulo-telefono">
  <h2 id="titulo-telefono">${options.title}</h2>
  <form method="post" action="${options.action}" class="formulario" id="revelar">
    ${csrfField(options.csrfToken)}
    <label for="motivo">Motivo para ver el número</label>
    <input id="motivo" name="motivo" required maxlength="200" aria-describedby="ayuda-motivo">
    <p class="ayuda" id="ayuda-motivo">Queda registrado quién lo vio, cuándo y por qué.</p>
    <button type="submit" class="boton">Mostrar número</button>
    <output id="telefono" class="telefono" for="motivo" aria-live="polite">${options.phone ?? ''}</output>
  </form>
</section>`;
}
