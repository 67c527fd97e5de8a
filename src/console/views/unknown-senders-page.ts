import type { CaseToLink, ClosedCaseOfNumber, UnknownSenderMessage, UnknownSenderSummary } from '../../app/console/unknown-senders.js';
import { herChanges } from './case-messages.js';
import { dateTime } from './format.js';
import { deniedWordConfirmation, type RefusedDraft } from './denied-word-confirmation.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, layout, type PageViewer } from './layout.js';
import { STATUS_LABELS } from './labels.js';
import { KIND_NAMES } from './message-attachment.js';
import { phoneRevealForm } from './phone-reveal-form.js';

/** Confirmations of the list page (`?hecho=`). */
export const UNKNOWN_NOTICES: Record<string, string> = {
  revisado: 'Marcaste el número como revisado. Si vuelve a escribir, aparecerá de nuevo aquí.',
};

/** Confirmations of one number's page (`?hecho=`). */
export const UNKNOWN_SENDER_NOTICES: Record<string, string> = {
  enviado: 'Tu mensaje quedó en cola para enviarse. Abajo ves si ya salió.',
};

function senderRows(senders: readonly UnknownSenderSummary[], caption: string): SafeHtml {
  return html`<table class="tabla desconocidos">
  <caption class="visualmente-oculto">${caption}</caption>
  <thead><tr><th scope="col">Número</th><th scope="col">Primer mensaje</th><th scope="col">Último mensaje</th><th scope="col">Mensajes</th><th scope="col">Emergencia o riesgo</th></tr></thead>
  <tbody>${senders.map(
    (s, index) => html`<tr${s.emergencyAt || s.riskAt ? html` class="desconocidos__emergencia"` : ''}>
    <th scope="row"><a href="/desconocidos/${s.id}">Número ${index + 1}</a></th>
    <td><time datetime="${s.firstSeenAt.toISOString()}">${dateTime(s.firstSeenAt)}</time></td>
    <td><time datetime="${s.lastSeenAt.toISOString()}">${dateTime(s.lastSeenAt)}</time></td>
    <td>${String(s.messageCount)}</td>
    <td>${
      s.emergencyAt
        ? html`<span class="etiqueta etiqueta--urgente">Palabra de emergencia, ${dateTime(s.emergencyAt)}</span>`
        : s.riskAt
          ? html`<span class="etiqueta etiqueta--urgente">Posible riesgo en su mensaje, ${dateTime(s.riskAt)}</span>`
          : '—'
    }</td>
  </tr>`,
  )}</tbody>
</table>`;
}

/**
 * The coordinators' review of numbers that wrote without an open case (a woman on a new phone, or
 * after her follow-up ended; or someone probing the number): those to review, an emergency word first,
 * then the latest reviewed. Numbers are never shown here.
 */
export function unknownSendersPage(options: {
  viewer: PageViewer;
  csrfToken: string;
  pending: readonly UnknownSenderSummary[];
  reviewed: readonly UnknownSenderSummary[];
  notice?: string | undefined;
}): SafeHtml {
  return layout({
    title: 'Números sin caso',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    body: html`<h1>Números sin caso</h1>
${options.notice ? html`<p class="aviso" role="status">${options.notice}</p>` : ''}
<p class="ayuda">Números que escribieron sin tener un caso abierto. Puede ser una mujer que cambió de teléfono o cuyo seguimiento terminó, o alguien que prueba el número. El bot solo les contestó la respuesta neutral (o, si escribieron una palabra de emergencia, qué hacer en una emergencia, que promete que una persona le escribe). Revisa sus mensajes; puedes escribirle hasta 24 horas después de su último mensaje. Si es una mujer con caso abierto, vincula el número a su caso; si es de una mujer cuyo seguimiento terminó, puedes reabrirlo.</p>
<h2>Por revisar</h2>
${options.pending.length === 0 ? html`<p class="vacio">No hay números por revisar.</p>` : senderRows(options.pending, 'Números por revisar, primero los que escribieron una palabra de emergencia')}
<h2>Revisados</h2>
${options.reviewed.length === 0 ? html`<p class="vacio">Todavía no hay números revisados.</p>` : senderRows(options.reviewed, 'Números revisados, del más reciente al más antiguo')}`,
  });
}

/** Who wrote a message of the number's conversation, as the review names them. */
const AUTHOR_NAMES: Record<UnknownSenderMessage['author'], string> = {
  survivor: 'Número',
  staff: 'Coordinación',
  bot: 'Respuesta automática',
  system: 'Respuesta automática',
};

function messageLine(m: UnknownSenderMessage): SafeHtml {
  const who = AUTHOR_NAMES[m.author];
  const status = m.direction === 'outbound' ? html` <span class="tenue">(${STATUS_LABELS[m.status] ?? m.status})</span>` : '';
  const what = m.kind === 'text' ? (m.text ?? html`<span class="tenue">(texto borrado por antigüedad)</span>`) : html`<em>${KIND_NAMES[m.kind as keyof typeof KIND_NAMES] ?? 'Mensaje'}</em>${m.text ? html`: ${m.text}` : ''}`;
  return html`<li class="mensaje mensaje--${m.direction === 'inbound' ? 'in' : 'out'}"><strong>${who}</strong> <time datetime="${m.at.toISOString()}" class="tenue">${dateTime(m.at)}</time>${status}<p>${what}</p>${herChanges(m)}</li>`;
}

/**
 * One number's messages, with its actions: show the number (with a reason, audited), link it to her
 * open case (folio or case number), or mark it reviewed.
 */
export function unknownSenderPage(options: {
  viewer: PageViewer;
  csrfToken: string;
  sender: UnknownSenderSummary;
  messages: readonly UnknownSenderMessage[];
  phone?: string | undefined;
  /** A link asked for and not confirmed yet: what was typed and the case it names. */
  linking?: { caseRef: string; target: CaseToLink } | undefined;
  /** The case of the woman the number belongs to, when her follow-up ended; `null` otherwise. */
  closedCase: ClosedCaseOfNumber | null;
  /** Whether a coordinator may write now: `null` yes, or why not yet or no more (see `unknownSenderWriteRefusal`). */
  writing: 'reply_window_closed' | 'not_written_recently' | null;
  /** The coordinator's message, refused for a word of the deny list, back in the text box with the refusal. */
  draft?: RefusedDraft | undefined;
  notice?: string | undefined;
}): SafeHtml {
  const { sender } = options;
  const base = `/desconocidos/${sender.id}`;
  return layout({
    title: 'Número sin caso',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    body: html`<p><a href="/desconocidos">Volver a los números sin caso</a></p>
<h1>Número sin caso</h1>
<p>Escribió por primera vez el ${dateTime(sender.firstSeenAt)} y por última vez el ${dateTime(sender.lastSeenAt)} (${sender.messageCount === 1 ? '1 mensaje' : `${sender.messageCount} mensajes`}).${
      sender.emergencyAt ? html` <strong>Escribió una palabra de emergencia el ${dateTime(sender.emergencyAt)}.</strong>` : ''
    }${sender.riskAt ? html` <strong>Su mensaje del ${dateTime(sender.riskAt)} puede hablar de un riesgo o un daño: léelo.</strong>` : ''}${sender.reviewedAt ? html` Revisado el ${dateTime(sender.reviewedAt)}.` : ''}</p>
${options.notice ? html`<p class="aviso" role="status">${options.notice}</p>` : ''}
<h2>Mensajes</h2>
<ol class="mensajes">${options.messages.map(messageLine)}</ol>
${options.closedCase ? reopenForm(base, options.csrfToken, options.closedCase) : ''}
${writeForm(base, options.csrfToken, options.writing, options.draft)}
<section class="bloque" aria-labelledby="titulo-vincular">
  <h2 id="titulo-vincular">Es su nuevo número</h2>
  ${options.linking ? linkConfirmation(base, options.csrfToken, options.linking) : ''}
  <form method="post" action="${base}/vincular" class="formulario" id="vincular">
    ${csrfField(options.csrfToken)}
    <label for="caso">Folio o número de su caso abierto</label>
    <input id="caso" name="caso" required maxlength="64" aria-describedby="ayuda-vincular">
    <p class="ayuda" id="ayuda-vincular">Sus mensajes pasan a su caso y, desde ahora, el bot y el personal le escriben a este número. Su número anterior deja de estar registrado. Queda en la bitácora.</p>
    <button type="submit" class="boton">Vincular a su caso</button>
  </form>
</section>
${phoneRevealForm({ action: `${base}/telefono`, csrfToken: options.csrfToken, title: 'Ver el número', phone: options.phone })}
<form method="post" action="${base}/revisado" class="formulario">
  ${csrfField(options.csrfToken)}
  <button type="submit" class="boton">Marcar como revisado</button>
</form>`,
  });
}

/** The number is hers and her follow-up ended: who she is, and the button that opens her case again. */
function reopenForm(base: string, csrfToken: string, closed: ClosedCaseOfNumber): SafeHtml {
  return html`<section class="bloque aviso" aria-labelledby="titulo-reabrir">
  <h2 id="titulo-reabrir">Su seguimiento terminó</h2>
  <p>Este número es de <strong>${closed.alias}</strong>${closed.folio ? html` (folio ${closed.folio})` : ''}, cuyo seguimiento terminó${
    closed.closedAt ? html` el ${dateTime(closed.closedAt)}` : ''
  }. Si quiere volver a platicar, reabre su seguimiento: sus mensajes pasan a su caso y el caso espera a una persona. El bot no le escribe hasta que alguien tome la conversación y la devuelva.</p>
  <form method="post" action="${base}/reabrir" class="formulario" id="reabrir">
    ${csrfField(csrfToken)}
    <button type="submit" class="boton">Reabrir su seguimiento</button>
  </form>
</section>`;
}

/**
 * Writing to the number (the emergency reply promised her a person): while it wrote within 24 hours;
 * after 15 minutes only with the checkbox, since nobody knows her safe hours. A message refused for a
 * word of the deny list comes back in the box, with the refusal and its checkbox.
 */
function writeForm(base: string, csrfToken: string, writing: 'reply_window_closed' | 'not_written_recently' | null, draft: RefusedDraft | undefined): SafeHtml {
  const title = html`<h2 id="titulo-escribir">Escribirle</h2>`;
  if (writing === 'reply_window_closed') {
    return html`<section class="bloque" aria-labelledby="titulo-escribir">${title}
  <p class="ayuda">Pasaron más de 24 horas desde su último mensaje: ya no se le puede escribir desde aquí. Si es necesario buscarla, muestra el número con un motivo.</p>
</section>`;
  }
  return html`<section class="bloque" aria-labelledby="titulo-escribir">${title}
  <form method="post" action="${base}/mensaje" class="formulario" id="escribir">
    ${csrfField(csrfToken)}
    ${
      writing === 'not_written_recently'
        ? html`<p class="aviso" id="aviso-reciente">No escribió en los últimos 15 minutos y no conocemos su horario seguro: quizá otra persona tiene ahora el teléfono. Escribe solo lo necesario, sin nombrar la unidad ni lo que vive.</p>
    <p class="casilla"><input type="checkbox" id="sin-mensaje-reciente" name="sin_mensaje_reciente" value="si"> <label for="sin-mensaje-reciente">Enviar aunque no escribió hace poco</label></p>`
        : ''
    }
    <label for="texto-desconocido">Mensaje</label>
    <textarea id="texto-desconocido" name="texto" required maxlength="4096" rows="3" aria-describedby="ayuda-escribir">${draft?.text ?? ''}</textarea>
    <p class="ayuda" id="ayuda-escribir">Llega como un mensaje normal de este número. No nombres la unidad, el 911 ni lo que vive: quien lea su pantalla puede no ser ella. Queda en la bitácora.</p>
    ${draft && html`<p class="aviso aviso--error" id="error-escribir" role="alert">${draft.refusal}</p>
    ${deniedWordConfirmation(draft, 'desconocido')}`}
    <button type="submit" class="boton">Enviar</button>
  </form>
</section>`;
}

/** The second step of a link: the case the folio named, by her alias, and the button that links. */
function linkConfirmation(base: string, csrfToken: string, linking: { caseRef: string; target: CaseToLink }): SafeHtml {
  const { target } = linking;
  return html`<form method="post" action="${base}/vincular" class="formulario aviso" id="confirmar-vinculo" role="alert">
    ${csrfField(csrfToken)}
    <input type="hidden" name="caso" value="${linking.caseRef}">
    <input type="hidden" name="confirmar" value="si">
    <p>Vas a vincular este número al caso de <strong>${target.alias}</strong>${target.folio ? html` (folio ${target.folio})` : ''}. Desde ahora el bot y el personal le escribirán a este número. Confírmalo solo si estás segura de que es ella.</p>
    <button type="submit" class="boton">Sí, es ella: vincular</button>
    <a href="${base}">No, cancelar</a>
  </form>`;
}
