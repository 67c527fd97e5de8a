import type { HistoryMessage } from '../../app/console/ports.js';
import { dateTime, timeOfDay } from './format.js';
import { html, type SafeHtml } from './html.js';
import { label, STATUS_LABELS } from './labels.js';
import { attachmentView } from './message-attachment.js';

/** Who wrote a message, as the history shows it. */
function authorOf(message: HistoryMessage, alias: string): string {
  switch (message.author) {
    case 'survivor':
      return alias;
    case 'bot':
      return 'Bot';
    case 'staff':
      return message.staffName ?? 'Personal';
    case 'system':
      return 'Sistema';
  }
}

/** Her words: the text, a caption under a file, or the honest note that retention removed the text. */
function messageText(message: HistoryMessage): SafeHtml | string {
  if (message.text !== null) return html`<p class="mensaje__texto">${message.text}</p>`;
  // A file or a place without a caption has no text to remove: only a text message can lose one.
  return message.kind === 'text' ? html`<p class="mensaje__texto mensaje__texto--borrado">(texto eliminado por la política de retención)</p>` : '';
}

/**
 * What she did to her message on her phone: edited it (with the new text), or deleted it for
 * everyone; nothing when neither. The case's history and a number's messages on *Números sin caso*
 * show it alike.
 */
export function herChanges(message: Pick<HistoryMessage, 'edited' | 'deletedAt'>): SafeHtml | '' {
  const at = (when: Date) => html`<time datetime="${when.toISOString()}" title="${dateTime(when)}">${timeOfDay(when)}</time>`;
  const edited = message.edited
    ? html`<p class="mensaje__cambio">Ella lo editó en su teléfono (${at(message.edited.at)}):</p>${
        message.edited.text === null
          ? html`<p class="mensaje__texto mensaje__texto--borrado">(texto eliminado por la política de retención)</p>`
          : html`<p class="mensaje__texto">${message.edited.text}</p>`
      }`
    : '';
  const deleted = message.deletedAt ? html`<p class="mensaje__cambio mensaje__cambio--borrado">Ella lo borró para todos en su teléfono (${at(message.deletedAt)}).</p>` : '';
  return edited || deleted ? html`${edited}${deleted}` : '';
}

/** One message of the history, with its author, time and (outgoing) delivery state. */
export function messageView(message: HistoryMessage, alias: string): SafeHtml {
  const side = message.direction === 'inbound' ? 'in' : 'out';
  return html`<li class="mensaje mensaje--${side} mensaje--${message.author}" id="m-${message.id}" data-contact-id="${message.id}">
  <p class="mensaje__autor">${authorOf(message, alias)}</p>
  ${message.kind === 'text' ? '' : attachmentView(message, alias)}
  ${messageText(message)}
  ${herChanges(message)}
  <p class="mensaje__meta"><time datetime="${message.at.toISOString()}" title="${dateTime(message.at)}">${timeOfDay(message.at)}</time>${side === 'out' ? html` · <span class="mensaje__estado">${label(STATUS_LABELS, message.status)}</span>` : ''}</p>
</li>`;
}

/**
 * The history shown, oldest first (the part the live script merges in after each event); when there
 * are earlier messages, a link first that adds them (`?antes=` the first shown, and back to it).
 */
export function messagesView(history: readonly HistoryMessage[], alias: string, earlier: { caseId: string } | null = null): SafeHtml {
  const first = history[0];
  return html`<ol class="mensajes" id="mensajes" tabindex="0" aria-label="Historial de mensajes" aria-live="polite" aria-relevant="additions">${
    earlier && first
      ? html`<li class="mensajes__anteriores" id="m-anteriores"><a href="/casos/${earlier.caseId}?antes=${first.id}#m-${first.id}">Ver mensajes anteriores</a></li>`
      : ''
  }${history.length === 0 ? html`<li class="mensajes__vacio" id="m-vacio">Todavía no hay mensajes.</li>` : history.map((m) => messageView(m, alias))}</ol>`;
}
