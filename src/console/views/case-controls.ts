import { FOLLOW_UP_OUTCOMES, outcomeLabel } from '../../app/console/outcomes.js';
import type { ConversationRecord, StaffIdentity } from '../../app/console/ports.js';
import { timeAgo } from '../../shared/time-ago.js';
import { dateTime } from './format.js';
import { html, type SafeHtml } from './html.js';
import { ATTENTION_LABELS, label } from './labels.js';
import { csrfField } from './layout.js';
import { deniedWordConfirmation, type RefusedDraft } from './denied-word-confirmation.js';
import { outsideHoursConfirmation } from './outside-hours-confirmation.js';
import type { ContactChannel } from '../../app/ports.js';
import type { TemplateOffer } from '../../app/console/send-staff-template.js';
import { replyWindowLine, templateOfferForm, windowOf } from './reply-window-view.js';
import { alerts } from './case-panel.js';

/** What the controls need besides the case. */
export interface ControlsContext {
  viewer: StaffIdentity;
  csrfToken: string;
  /** Flows a hand-back can start, by id and name. */
  flows: { id: string; name: string }[];
  now: Date;
  /** The channel she is reached on: on the Cloud API the page shows her 24-hour window. */
  channel?: ContactChannel | undefined;
  /** The approved templates a person may send her when the window is closed. */
  templates?: TemplateOffer[] | undefined;
  /** A message now would reach her outside her safe hours (see `needsOutsideHoursConfirmation`): the forms ask to confirm. */
  outsideHerHours?: boolean | undefined;
  /** Her message, refused for a word of the deny list, back in the text box with the refusal. */
  draft?: RefusedDraft | undefined;
}

/** Whether messages may be sent to her: follow-up consent in force and no opt-out. */
export function mayMessage(record: ConversationRecord): boolean {
  const followUp = record.consents.find((c) => c.purpose === 'follow_up');
  return followUp?.granted === true && record.survivor.optedOutAt === null;
}

/**
 * The live parts of the conversation page that depend on who holds the chat and on its open alerts,
 * as one fragment: {@link caseStateView} (above the history), {@link caseActionsView} (below it) and
 * both copies of the open alerts ({@link alerts}). The page's script replaces each by its id, where it
 * changed, after an `attention_changed` or `alert_raised` event: another person's "atendida" or a new
 * alert shows on every open page of the case.
 */
export function controlsView(record: ConversationRecord, ctx: ControlsContext): SafeHtml {
  return html`${caseStateView(record, ctx)}${caseActionsView(record, ctx)}${alerts(record, ctx.csrfToken, 'arriba')}${alerts(record, ctx.csrfToken, 'panel')}`;
}

/** Who has the chat, why and since when, and the button to take it when nobody does. */
export function caseStateView(record: ConversationRecord, ctx: ControlsContext): SafeHtml {
  const takeable = record.status === 'open' && !record.heldBy;
  const othersOnly = record.status === 'open' && record.heldBy && record.heldBy.id !== ctx.viewer.id && ctx.viewer.role !== 'coordinator';
  return html`<section class="controles" id="estado-caso" aria-labelledby="titulo-estado">
  <h2 id="titulo-estado" class="visualmente-oculto">Estado de la conversación</h2>
  ${stateLine(record, ctx)}
  ${ctx.channel && replyWindowLine(record, { channel: ctx.channel, now: ctx.now })}
  ${takeable &&
  html`<form method="post" action="/casos/${record.id}/tomar" class="accion-tomar">
    ${csrfField(ctx.csrfToken)}
    <button type="submit" class="boton boton--principal" id="tomar">Tomar la conversación</button>
    <p class="ayuda">El bot deja de responderle y los mensajes programados se detienen hasta que la devuelvas.</p>
  </form>`}
  ${othersOnly && html`<p class="ayuda">Solo quien tiene la conversación puede escribirle o devolverla.</p>`}
</section>`;
}

/** What the holder can do (write, hand back), or a coordinator releasing someone else's chat. */
export function caseActionsView(record: ConversationRecord, ctx: ControlsContext): SafeHtml {
  const mine = record.status === 'open' && record.heldBy?.id === ctx.viewer.id;
  const release = record.status === 'open' && record.heldBy && !mine && ctx.viewer.role === 'coordinator';
  return html`<section class="acciones" id="acciones-caso" aria-label="Responder y devolver"${mine || release ? '' : html` hidden`}>
  ${mine && composer(record, ctx)}
  ${mine && handBackForm(record, ctx, 'Devolver la conversación')}
  ${release && handBackForm(record, ctx, 'Liberar y devolver al bot')}
</section>`;
}

function stateLine(record: ConversationRecord, ctx: ControlsContext): SafeHtml {
  if (record.status === 'closed') {
    return html`<p class="estado estado--cerrado">Seguimiento terminado${record.closedAt ? ` el ${dateTime(record.closedAt)}` : ''}${
      record.outcome ? `: ${outcomeLabel(record.outcome)}` : ''
    }.</p>
<form method="post" action="/casos/${record.id}/reabrir" class="formulario" id="reabrir-caso">
  ${csrfField(ctx.csrfToken)}
  <p class="ayuda">Si se terminó por error, o ella necesita de nuevo el seguimiento, reábrelo: el caso espera a una persona y los seguimientos del plan que aún no pasan se programan otra vez.</p>
  <button type="submit" class="boton">Reabrir seguimiento</button>
</form>`;
  }
  const urgent = record.urgency === 'urgent' || record.openAlerts.some((a) => a.urgency === 'urgent');
  const who = record.heldBy
    ? record.heldBy.id === ctx.viewer.id
      ? 'La conversación la tienes tú'
      : `La conversación la tiene ${record.heldBy.name}`
    : label(ATTENTION_LABELS, record.attention);
  return html`<p class="estado${urgent ? ' estado--urgente' : ''}">
  ${urgent && html`<strong class="etiqueta etiqueta--urgente">Urgente</strong>`}
  <span class="estado__quien">${who}</span>
  ${record.attentionReason && html`<span class="estado__motivo">· ${record.attentionReason}</span>`}
  ${record.attentionSince && html`<span class="estado__tiempo">· <time datetime="${record.attentionSince.toISOString()}" data-since="${record.attentionSince.toISOString()}">${timeAgo(record.attentionSince, ctx.now)}</time></span>`}
</p>`;
}

function composer(record: ConversationRecord, ctx: ControlsContext): SafeHtml {
  if (!mayMessage(record)) {
    return html`<p class="aviso aviso--error" role="alert">${
      record.survivor.optedOutAt
        ? 'Ella pidió no recibir mensajes: no se le puede escribir hasta que ella escriba de nuevo.'
        : 'No hay consentimiento de seguimiento vigente: no se le pueden enviar mensajes.'
    }</p>`;
  }
  if (ctx.channel && windowOf(record, { channel: ctx.channel, now: ctx.now }).kind === 'closed') {
    return templateOfferForm(record, { channel: ctx.channel, now: ctx.now, csrfToken: ctx.csrfToken, templates: ctx.templates ?? [], outsideHerHours: ctx.outsideHerHours });
  }
  return html`<form method="post" action="/casos/${record.id}/mensajes" class="redactor" id="redactor">
  ${csrfField(ctx.csrfToken)}
  <label for="texto">Mensaje para ${record.survivor.alias}</label>
  <textarea id="texto" name="texto" rows="3" maxlength="4096" required>${ctx.draft?.text ?? ''}</textarea>
  <p class="ayuda" id="ayuda-texto">Se envía por WhatsApp como mensaje normal. No menciones la unidad, el 911 ni el caso.</p>
  ${outsideHoursConfirmation(ctx.outsideHerHours, 'mensaje')}
  <p class="aviso aviso--error" id="error-envio" role="alert"${ctx.draft ? '' : ' hidden'}>${ctx.draft?.refusal ?? ''}</p>
  ${deniedWordConfirmation(ctx.draft, 'mensaje')}
  <button type="submit" class="boton boton--principal">Enviar</button>
</form>`;
}

function handBackForm(record: ConversationRecord, ctx: ControlsContext, legend: string): SafeHtml {
  return html`<form method="post" action="/casos/${record.id}/devolver" class="devolver" id="devolver">
  ${csrfField(ctx.csrfToken)}
  <input type="hidden" name="vista" value="${record.openAlerts.map((a) => a.id).join(',')}">
  <fieldset>
    <legend>${legend}</legend>
    <div class="opcion">
      <input type="radio" id="modo-reanudar" name="modo" value="reanudar" checked>
      <div class="opcion__cuerpo"><label for="modo-reanudar">Que el bot retome la conversación donde se quedó${record.activeSession ? '' : ' (no hay una en curso: el bot responderá cuando ella escriba)'}</label></div>
    </div>
    <div class="opcion">
      <input type="radio" id="modo-flujo" name="modo" value="flujo"${ctx.flows.length === 0 ? ' disabled' : ''}>
      <div class="opcion__cuerpo">
        <label for="modo-flujo">Iniciar ahora un flujo:</label>
        <label for="flujo" class="visualmente-oculto">Flujo a iniciar</label>
        <select id="flujo" name="flujo">${ctx.flows.map((f) => html`<option value="${f.id}">${f.name}</option>`)}</select>
      </div>
    </div>
    <div class="opcion">
      <input type="radio" id="modo-terminar" name="modo" value="terminar">
      <div class="opcion__cuerpo">
        <label for="modo-terminar">Terminar el seguimiento, con el resultado:</label>
        <label for="resultado" class="visualmente-oculto">Resultado del seguimiento</label>
        <select id="resultado" name="resultado">${Object.entries(FOLLOW_UP_OUTCOMES).map(([code, text]) => html`<option value="${code}">${text}</option>`)}</select>
      </div>
    </div>
    <button type="submit" class="boton">Devolver</button>
  </fieldset>
</form>`;
}
