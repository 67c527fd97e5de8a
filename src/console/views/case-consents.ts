import type { ConsentPurpose, ConversationRecord } from '../../app/console/ports.js';
import { dateTime } from './format.js';
import { html, type SafeHtml } from './html.js';
import { CONSENT_LABELS, CONSENT_SOURCE_LABELS, label } from './labels.js';
import { csrfField } from './layout.js';

/** The purposes in the order the panel lists them, with the value the form sends for each. */
const PURPOSES: readonly { purpose: ConsentPurpose; field: string }[] = [
  { purpose: 'follow_up', field: 'seguimiento' },
  { purpose: 'video_call', field: 'videollamada' },
  { purpose: 'banavim', field: 'banavim' },
];

/**
 * Her consent per purpose (the decision in force, where and when it was given, or none recorded) and,
 * folded under "Registrar su decisión", the form that records a new one, saying what a withdrawal stops.
 */
export function consentSection(record: ConversationRecord, csrfToken: string): SafeHtml {
  const inForce = new Map(record.consents.map((c) => [c.purpose, c]));
  return html`<section class="bloque" aria-labelledby="titulo-consentimientos">
  <h2 id="titulo-consentimientos">Consentimientos</h2>
  ${inForce.get('follow_up')?.granted === true ? '' : html`<p class="aviso">Sin consentimiento de seguimiento: el bot no le escribe.</p>`}
  <ul class="lista">${PURPOSES.map(({ purpose }) => {
    const c = inForce.get(purpose);
    return html`<li><strong>${label(CONSENT_LABELS, purpose)}</strong>: ${
      c ? html`${c.granted ? 'sí' : 'no'} <span class="tenue">(${label(CONSENT_SOURCE_LABELS, c.source)}, ${dateTime(c.recordedAt)})</span>` : html`<span class="tenue">sin registrar</span>`
    }</li>`;
  })}</ul>
  <details class="consentimiento-editar">
  <summary>Registrar su decisión</summary>
  <form method="post" action="/casos/${record.id}/consentimientos" class="formulario" id="consentimiento">
    ${csrfField(csrfToken)}
    <p class="ayuda" id="ayuda-consentimiento">Registra lo que ella decidió, con la fecha y hora de ahora. Si retira el de seguimiento, el bot deja de escribirle y se retiran los mensajes pendientes. Si retira el de videollamadas, se cancelan sus sesiones agendadas (a ella no se le avisa).</p>
    <label for="consentimiento-proposito">Para qué</label>
    <select id="consentimiento-proposito" name="proposito" required aria-describedby="ayuda-consentimiento">
      ${PURPOSES.map(({ purpose, field }) => html`<option value="${field}">${label(CONSENT_LABELS, purpose)}</option>`)}
    </select>
    <fieldset><legend>Su decisión</legend>
      <input type="radio" id="consentimiento-si" name="decision" value="si" required> <label for="consentimiento-si">Sí, acepta</label>
      <input type="radio" id="consentimiento-no" name="decision" value="no"> <label for="consentimiento-no">No acepta, o lo retira</label>
    </fieldset>
    <button type="submit" class="boton">Registrar decisión</button>
  </form>
  </details>
</section>`;
}
