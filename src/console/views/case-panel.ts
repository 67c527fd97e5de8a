import type { ConversationRecord, StaffIdentity, StaffMember } from '../../app/console/ports.js';
import { dateTime } from './format.js';
import { html, type SafeHtml } from './html.js';
import { ALERT_LABELS, CONSENT_LABELS, CONSENT_SOURCE_LABELS, LANGUAGE_LABELS, label, RISK_LABELS } from './labels.js';
import { csrfField } from './layout.js';

/** What the side panel needs besides the case. */
export interface PanelContext {
  viewer: StaffIdentity;
  csrfToken: string;
  /** Psychologists a coordinator can assign the case to. */
  psychologists: StaffMember[];
}

/** The case summary, alerts, consents, safe hours, upcoming check-ins, number reveal, assignment and notes. */
export function casePanel(record: ConversationRecord, ctx: PanelContext): SafeHtml {
  return html`<aside class="panel" aria-label="Datos del caso">
  ${summary(record)}
  ${record.openAlerts.length > 0 && alerts(record)}
  ${consents(record)}
  ${safeHours(record.survivor.safeHours)}
  ${checkIns(record)}
  ${record.survivor.hasPhone && phoneReveal(record, ctx)}
  ${ctx.viewer.role === 'coordinator' && assignment(record, ctx)}
  ${notes(record, ctx)}
</aside>`;
}

function summary(record: ConversationRecord): SafeHtml {
  return html`<section class="bloque" aria-labelledby="titulo-resumen">
  <h2 id="titulo-resumen">Resumen</h2>
  <dl class="datos">
    ${record.folio && html`<dt>Folio</dt><dd>${record.folio}</dd>`}
    <dt>Riesgo</dt><dd>${label(RISK_LABELS, record.risk)}</dd>
    <dt>Asignada a</dt><dd>${record.assigned?.name ?? 'Sin asignar'}</dd>
    <dt>Idioma</dt><dd>${label(LANGUAGE_LABELS, record.survivor.language)}</dd>
    <dt>Abierto</dt><dd>${dateTime(record.createdAt)}</dd>
    <dt>Flujo en curso</dt><dd>${record.activeSession ? `${record.activeSession.flowId}, desde ${dateTime(record.activeSession.since)}` : 'Ninguno'}</dd>
    ${record.missedInARow > 0 && html`<dt>Seguimientos sin respuesta</dt><dd>${record.missedInARow} seguidos</dd>`}
    ${record.survivor.optedOutAt && html`<dt>Baja</dt><dd>Pidió no recibir mensajes el ${dateTime(record.survivor.optedOutAt)}</dd>`}
  </dl>
</section>`;
}

function alerts(record: ConversationRecord): SafeHtml {
  return html`<section class="bloque bloque--alertas" aria-labelledby="titulo-alertas">
  <h2 id="titulo-alertas">Alertas abiertas</h2>
  <ul class="lista">${record.openAlerts.map(
    (a) => html`<li class="${a.urgency === 'urgent' ? 'urgente' : ''}"><strong>${label(ALERT_LABELS, a.kind)}</strong>: ${a.reason} <span class="tenue">(${dateTime(a.createdAt)})</span></li>`,
  )}</ul>
</section>`;
}

function consents(record: ConversationRecord): SafeHtml {
  return html`<section class="bloque" aria-labelledby="titulo-consentimientos">
  <h2 id="titulo-consentimientos">Consentimientos</h2>
  ${
    record.consents.length === 0
      ? html`<p class="aviso">Sin consentimientos registrados: no se le envía nada.</p>`
      : html`<ul class="lista">${record.consents.map(
          (c) => html`<li><strong>${label(CONSENT_LABELS, c.purpose)}</strong>: ${c.granted ? 'sí' : 'no'} <span class="tenue">(${label(CONSENT_SOURCE_LABELS, c.source)}, ${dateTime(c.recordedAt)})</span></li>`,
        )}</ul>`
  }
</section>`;
}

/**
 * Her safe hours as stored. The schema of `Survivor.safeHours` belongs to the check-in scheduler; until
 * it settles, the console shows its entries as plain lines rather than guessing their meaning.
 */
export function safeHoursLines(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => safeHoursLines(v));
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.every(([, v]) => v === null || typeof v !== 'object')) return [entries.map(([k, v]) => `${k}: ${String(v)}`).join(', ')];
    return entries.flatMap(([k, v]) => safeHoursLines(v).map((line) => `${k} · ${line}`));
  }
  return [String(value)];
}

function safeHours(value: unknown): SafeHtml {
  const lines = safeHoursLines(value);
  return html`<section class="bloque" aria-labelledby="titulo-horario">
  <h2 id="titulo-horario">Horario seguro <span class="tenue">(hora de Cancún)</span></h2>
  ${lines.length === 0 ? html`<p>El horario predeterminado del servicio.</p>` : html`<ul class="lista">${lines.map((l) => html`<li>${l}</li>`)}</ul>`}
</section>`;
}

function checkIns(record: ConversationRecord): SafeHtml {
  return html`<section class="bloque" aria-labelledby="titulo-seguimientos">
  <h2 id="titulo-seguimientos">Próximos seguimientos</h2>
  ${
    record.upcomingCheckIns.length === 0
      ? html`<p>Ninguno programado.</p>`
      : html`<ul class="lista">${record.upcomingCheckIns.map(
          (c) => html`<li>${dateTime(c.dueAt)}: ${c.flowId}${c.movedReason ? html` <span class="tenue">(movido: ${c.movedReason})</span>` : ''}</li>`,
        )}</ul>
        ${record.attention !== 'bot' && html`<p class="ayuda">En pausa mientras una persona atiende el caso.</p>`}`
  }
</section>`;
}

function phoneReveal(record: ConversationRecord, ctx: PanelContext): SafeHtml {
  return html`<section class="bloque" aria-labelledby="titulo-telefono">
  <h2 id="titulo-telefono">Número de teléfono</h2>
  <form method="post" action="/casos/${record.id}/telefono" class="formulario" id="revelar">
    ${csrfField(ctx.csrfToken)}
    <label for="motivo">Motivo para ver el número</label>
    <input id="motivo" name="motivo" required maxlength="200" aria-describedby="ayuda-motivo">
    <p class="ayuda" id="ayuda-motivo">Queda registrado quién lo vio, cuándo y por qué.</p>
    <button type="submit" class="boton">Mostrar número</button>
    <output id="telefono" class="telefono" for="motivo" aria-live="polite"></output>
  </form>
</section>`;
}

function assignment(record: ConversationRecord, ctx: PanelContext): SafeHtml {
  return html`<section class="bloque" aria-labelledby="titulo-asignar">
  <h2 id="titulo-asignar">Asignación</h2>
  <form method="post" action="/casos/${record.id}/asignar" class="formulario">
    ${csrfField(ctx.csrfToken)}
    <label for="asignada">Psicóloga/o responsable</label>
    <select id="asignada" name="staffId">
      <option value="">Sin asignar</option>
      ${ctx.psychologists.map((p) => html`<option value="${p.id}"${record.assigned?.id === p.id ? ' selected' : ''}>${p.displayName}</option>`)}
    </select>
    <button type="submit" class="boton">Asignar</button>
  </form>
</section>`;
}

function notes(record: ConversationRecord, ctx: PanelContext): SafeHtml {
  return html`<section class="bloque" aria-labelledby="titulo-notas">
  <h2 id="titulo-notas">Notas privadas</h2>
  ${
    record.notes.length === 0
      ? html`<p>Sin notas.</p>`
      : html`<ul class="lista notas">${record.notes.map(
          (n) => html`<li><p class="nota__texto">${n.text}</p><p class="tenue">${n.staffName}, ${dateTime(n.at)}</p></li>`,
        )}</ul>`
  }
  <form method="post" action="/casos/${record.id}/notas" class="formulario">
    ${csrfField(ctx.csrfToken)}
    <label for="nota">Nueva nota (no se le envía)</label>
    <textarea id="nota" name="texto" rows="3" maxlength="4000" required></textarea>
    <button type="submit" class="boton">Guardar nota</button>
  </form>
</section>`;
}
