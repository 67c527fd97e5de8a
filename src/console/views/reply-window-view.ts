import type { ConversationRecord } from '../../app/console/ports.js';
import { replyWindow, type ReplyWindow } from '../../app/console/reply-window.js';
import type { TemplateOffer } from '../../app/console/send-staff-template.js';
import type { ContactChannel } from '../../app/ports.js';
import { timeAgo } from '../../shared/time-ago.js';
import { dateTime } from './format.js';
import { html, type SafeHtml } from './html.js';
import { csrfField } from './layout.js';
import { outsideHoursConfirmation } from './outside-hours-confirmation.js';

/** What the window views need: the deployment's channel, the clock, the templates to offer. */
export interface ReplyWindowContext {
  channel: ContactChannel;
  now: Date;
  csrfToken: string;
  templates: TemplateOffer[];
  /** A template now would reach her outside her safe hours: the form asks to confirm. */
  outsideHerHours?: boolean | undefined;
}

/** Her reply window on the deployment's channel. */
export function windowOf(record: ConversationRecord, ctx: Pick<ReplyWindowContext, 'channel' | 'now'>): ReplyWindow {
  return replyWindow(ctx.channel, record.lastInboundAt, ctx.now);
}

/**
 * One line under the case's state on the Cloud API: whether a person can write to her freely now
 * (until when), or only an approved template can be sent (and since when she has not written).
 * Nothing on channels without a window.
 */
export function replyWindowLine(record: ConversationRecord, ctx: Pick<ReplyWindowContext, 'channel' | 'now'>): SafeHtml | false {
  const window = windowOf(record, ctx);
  if (window.kind === 'always' || record.status === 'closed') return false;
  if (window.kind === 'open') {
    return html`<p class="ventana ventana--abierta" id="ventana" data-ventana="abierta">Puedes escribirle libremente hasta el <time datetime="${window.until.toISOString()}">${dateTime(window.until)}</time> (24 horas después de su último mensaje).</p>`;
  }
  const since = window.lastInboundAt
    ? html` Su último mensaje fue <time datetime="${window.lastInboundAt.toISOString()}">${timeAgo(window.lastInboundAt, ctx.now)}</time>.`
    : html` Ella no ha escrito por WhatsApp.`;
  return html`<p class="ventana ventana--cerrada" id="ventana" data-ventana="cerrada">Solo se le puede enviar una plantilla aprobada: pasaron más de 24 horas desde su último mensaje y WhatsApp no entrega mensajes libres.${since}</p>`;
}

/** For the person holding the chat while the window is closed: the approved templates she can send instead of a message. */
export function templateOfferForm(record: ConversationRecord, ctx: ReplyWindowContext): SafeHtml {
  if (ctx.templates.length === 0) {
    return html`<p class="aviso aviso--error" role="alert">Pasaron más de 24 horas desde su último mensaje y no hay plantillas aprobadas en los flujos: no se le puede escribir por WhatsApp hasta que ella escriba.</p>`;
  }
  return html`<form method="post" action="/casos/${record.id}/plantilla" class="redactor plantilla" id="plantilla">
  ${csrfField(ctx.csrfToken)}
  <fieldset>
    <legend>Enviar una plantilla aprobada</legend>
    <p class="ayuda">Pasaron más de 24 horas desde su último mensaje: WhatsApp solo entrega una plantilla aprobada. Cuando ella responda podrás escribirle libremente.</p>
    ${ctx.templates.map(
      (template, index) => html`<div class="opcion">
      <input type="radio" id="plantilla-${index}" name="plantilla" value="${template.name}"${index === 0 ? ' checked' : ''}>
      <div class="opcion__cuerpo"><label for="plantilla-${index}">${template.preview}</label></div>
    </div>`,
    )}
  </fieldset>
  ${outsideHoursConfirmation(ctx.outsideHerHours, 'plantilla')}
  <button type="submit" class="boton boton--principal">Enviar plantilla</button>
</form>`;
}
