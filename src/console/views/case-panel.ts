import type { ConversationRecord, StaffIdentity, StaffMember } from '../../app/console/ports.js';
import { dateTime } from './format.js';
import { html, type SafeHtml } from './html.js';
import { ALERT_LABELS, LANGUAGE_LABELS, label, RISK_LABELS } from './labels.js';
import { consentSection } from './case-consents.js';
import { phoneRevealForm } from './phone-reveal-form.js';
import { csrfField } from './layout.js';
import { checkInSection } from './case-checkins.js';
import { locationView } from './message-attachment.js';
import { safeHoursSchema, safeHoursUnreadable } from '../../app/safe-hours/policy.js';
import { NO_ALIAS } from '../../app/no-alias.js';
import { weeklyWindowsFields } from './weekly-windows-fields.js';

/** What the side panel needs besides the case. */
export interface PanelContext {
  viewer: StaffIdentity;
  csrfToken: string;
  /** Psychologists a coordinator can assign the case to. */
  psychologists: StaffMember[];
  /** Flow names by id, for the conversation under way. */
  flows: { id: string; name: string }[];
  now: Date;
  /** The word of the deny list her alias holds (as written there), which keeps her messages from using it. */
  aliasDeniedWord?: string | undefined;
}

/** The case summary, alerts, consents, safe hours, code word, upcoming check-ins, number reveal, assignment and notes. */
export function casePanel(record: ConversationRecord, ctx: PanelContext): SafeHtml {
  return html`<aside class="panel" aria-label="Datos del caso">
  ${summary(record, ctx)}
  ${alerts(record, ctx.csrfToken)}
  ${consentSection(record, ctx.csrfToken)}
  ${safeHours(record, ctx)}
  ${codeWord(record, ctx)}
  ${checkInSection(record, ctx)}
  ${record.survivor.hasPhone && phoneReveal(record, ctx)}
  ${ctx.viewer.role === 'coordinator' && assignment(record, ctx)}
  ${notes(record, ctx)}
</aside>`;
}

function summary(record: ConversationRecord, ctx: PanelContext): SafeHtml {
  const flowName = (id: string) => ctx.flows.find((f) => f.id === id)?.name ?? id;
  return html`<section class="bloque" aria-labelledby="titulo-resumen">
  <h2 id="titulo-resumen">Resumen</h2>
  <dl class="datos">
    ${record.folio && html`<dt>Folio</dt><dd>${record.folio}</dd>`}
    <dt>Riesgo</dt><dd>${label(RISK_LABELS, record.risk)}</dd>
    <dt>Asignada a</dt><dd>${record.assigned?.name ?? 'Sin asignar'}</dd>
    <dt>Idioma</dt><dd>${label(LANGUAGE_LABELS, record.survivor.language)}</dd>
    <dt>Abierto</dt><dd>${dateTime(record.createdAt)}</dd>
    <dt>Flujo en curso</dt><dd>${record.activeSession ? `${flowName(record.activeSession.flowId)}, desde ${dateTime(record.activeSession.since)}` : 'Ninguno'}</dd>
    ${record.missedInARow > 0 && html`<dt>Seguimientos sin respuesta</dt><dd>${record.missedInARow} seguidos</dd>`}
    ${record.survivor.optedOutAt && html`<dt>Baja</dt><dd>Pidió no recibir mensajes el ${dateTime(record.survivor.optedOutAt)}</dd>`}
    ${ctx.aliasDeniedWord && html`<dt>Su alias en los mensajes</dt><dd class="aviso" id="alias-sin-usar">No se usa: dice «${ctx.aliasDeniedWord}», una de las palabras que no deben verse en su teléfono, así que sus mensajes no la llaman por su nombre. Puedes cambiarlo en «Cambiar sus datos».</dd>`}
  </dl>
  ${detailsForm(record, ctx)}
</section>`;
}

/** Her alias, the language of her texts and the case's risk, folded under "Cambiar sus datos". */
function detailsForm(record: ConversationRecord, ctx: PanelContext): SafeHtml {
  const alias = record.survivor.alias === NO_ALIAS ? '' : record.survivor.alias;
  const option = (value: string, text: string, current: string) => html`<option value="${value}"${value === current ? ' selected' : ''}>${text}</option>`;
  return html`<details class="datos-editar">
  <summary>Cambiar sus datos</summary>
  <form method="post" action="/casos/${record.id}/datos" class="formulario" id="sus-datos">
    ${csrfField(ctx.csrfToken)}
    <label for="datos-alias">Alias (como la llaman sus mensajes; vacío si no tiene)</label>
    <input type="text" id="datos-alias" name="alias" maxlength="60" autocomplete="off" value="${alias}">
    <label for="datos-idioma">Idioma de sus mensajes</label>
    <select id="datos-idioma" name="idioma">
      ${Object.entries(LANGUAGE_LABELS).map(([code, text]) => option(code, text, record.survivor.language))}
    </select>
    <p class="ayuda">Donde un flujo no tiene el texto en su idioma, se le envía en español.</p>
    <label for="datos-riesgo">Riesgo</label>
    <select id="datos-riesgo" name="riesgo">
      ${Object.entries(RISK_LABELS).map(([code, text]) => option(code, text, record.risk))}
    </select>
    <button type="submit" class="boton">Guardar datos</button>
  </form>
</details>`;
}

/**
 * The case's open alerts, each with its "Marcar como atendida" form; `where` names the copy: the
 * panel's (with the place she shared in danger), or the one narrow screens show above the
 * conversation (`arriba`), each with its own ids. With nothing to show, an empty element of the same
 * id (`alertas-panel`, `alertas-arriba`), so the page can put an alert raised while it is open in
 * its place (it fetches them with the controls on a live event).
 */
export function alerts(record: ConversationRecord, csrfToken: string, where: 'panel' | 'arriba' = 'panel'): SafeHtml {
  const id = `alertas-${where}`;
  if (record.openAlerts.length === 0 && (where === 'arriba' || !record.urgentLocation)) return html`<div id="${id}" hidden></div>`;
  const titleId = where === 'panel' ? 'titulo-alertas' : 'titulo-alertas-arriba';
  return html`<section class="bloque bloque--alertas${where === 'arriba' ? ' caso__alertas' : ''}" id="${id}" aria-labelledby="${titleId}">
  <h2 id="${titleId}">Alertas abiertas</h2>
  ${record.urgentLocation && urgentPlace(record.urgentLocation)}
  <ul class="lista">${record.openAlerts.map(
    (a) => {
      const kind = label(ALERT_LABELS, a.kind);
      return html`<li class="${a.urgency === 'urgent' ? 'urgente' : ''}"><strong>${kind}</strong>${a.reason === kind ? '' : `: ${a.reason}`} <span class="tenue">(${dateTime(a.createdAt)})</span>
    <form method="post" action="/casos/${record.id}/alertas/${a.id}/atendida" class="accion-atendida">
      ${csrfField(csrfToken)}
      <button type="submit" class="boton" id="atendida-${where}-${a.id}" aria-label="Marcar como atendida: ${kind}">Marcar como atendida</button>
    </form></li>`;
    },
  )}</ul>
  ${where === 'panel' && record.openAlerts.length > 0 && html`<p class="ayuda">Márcala como atendida cuando ya la hayas resuelto (por ejemplo, si ya le llamaste). Si era la última alerta y nadie tiene la conversación, el caso vuelve con el bot.</p>`}
</section>`;
}

/** Where she is (or was) in danger: first thing under the alerts' heading. */
function urgentPlace(place: NonNullable<ConversationRecord['urgentLocation']>): SafeHtml {
  return html`<div class="ubicacion-urgente" role="alert">
  <p><strong>Ubicación que compartió</strong> <span class="tenue">(${dateTime(place.at)})</span></p>
  ${locationView(place)}
</div>`;
}

const DAY_NAMES = ['', 'lun', 'mar', 'mié', 'jue', 'vie', 'sáb', 'dom'];

/** ISO weekdays as short Spanish names, runs joined: `[1,2,3,4,5]` → `lun–vie`, `[1,3]` → `lun, mié`. */
export function weekdays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    runs.push(j - i >= 2 ? `${DAY_NAMES[sorted[i]!]}–${DAY_NAMES[sorted[j]!]}` : sorted.slice(i, j + 1).map((d) => DAY_NAMES[d]).join(', '));
    i = j + 1;
  }
  return runs.join(', ');
}

/**
 * Her safe hours in plain Spanish lines (windows, then blocked periods not yet over), or `null` when
 * none are stored (the deployment's default windows apply) or they cannot be read (nothing is
 * initiated to her then: src/app/safe-hours/policy.ts).
 */
export function safeHoursLines(value: unknown, now: Date): string[] | null {
  const parsed = value == null ? null : safeHoursSchema.safeParse(value);
  if (!parsed || !parsed.success) return null;
  const windows = parsed.data.windows?.map((w) => `${weekdays(w.days)}, de ${w.from} a ${w.to}`) ?? ['El horario general del servicio'];
  const blocked = parsed.data.blocked
    .filter((b) => new Date(b.to).getTime() > now.getTime())
    .map((b) => `Sin contacto del ${dateTime(new Date(b.from))} al ${dateTime(new Date(b.to))}${b.reason ? ` (${b.reason})` : ''}`);
  return [...windows, ...blocked];
}

function safeHours(record: ConversationRecord, ctx: PanelContext): SafeHtml {
  const lines = safeHoursLines(record.survivor.safeHours, ctx.now);
  return html`<section class="bloque" aria-labelledby="titulo-horario">
  <h2 id="titulo-horario">Horario seguro <span class="tenue">(hora de Cancún)</span></h2>
  ${
    safeHoursUnreadable(record.survivor.safeHours)
      ? html`<p class="aviso" role="alert">Su horario seguro guardado no se puede leer, así que no se le envía nada programado: ni seguimientos ni recordatorios. Regístralo de nuevo abajo, como lo acordaron con ella.</p>`
      : lines === null
        ? html`<p>El horario predeterminado del servicio.</p>`
        : html`<ul class="lista">${lines.map((l) => html`<li>${l}</li>`)}</ul>`
  }
  ${safeHoursForms(record, ctx)}
</section>`;
}

/**
 * The forms that change her safe hours, folded under "Cambiar su horario seguro": one window per day
 * (empty: not that day), the service's hours instead, a period of no contact to add, and each one
 * still to come with its button to remove it.
 */
function safeHoursForms(record: ConversationRecord, ctx: PanelContext): SafeHtml {
  const parsed = record.survivor.safeHours == null ? null : safeHoursSchema.safeParse(record.survivor.safeHours);
  const stored = parsed?.success ? parsed.data : null;
  const upcoming = (stored?.blocked ?? []).filter((b) => new Date(b.to).getTime() > ctx.now.getTime());
  return html`<details class="horario-editar">
  <summary>Cambiar su horario seguro</summary>
  <form method="post" action="/casos/${record.id}/horario" class="formulario" id="horario-semanal">
    ${csrfField(ctx.csrfToken)}
    <p class="ayuda">Las horas en que se le puede escribir, como las acordó con ella. Deja vacío un día para no escribirle ese día. Hasta las 00:00 es hasta el final del día; si la hora final es menor que la inicial, el horario pasa de la medianoche.</p>
    ${weeklyWindowsFields(stored?.windows, '')}
    <button type="submit" class="boton">Guardar horario</button>
  </form>
  <form method="post" action="/casos/${record.id}/horario" class="formulario">
    ${csrfField(ctx.csrfToken)}
    <input type="hidden" name="general" value="si">
    <button type="submit" class="boton">Usar el horario general del servicio</button>
  </form>
  <form method="post" action="/casos/${record.id}/horario/bloqueos" class="formulario" id="horario-bloqueo">
    ${csrfField(ctx.csrfToken)}
    <p class="ayuda">Un periodo en que no se le escribe nada (por ejemplo, mientras él está en casa).</p>
    <label for="bloqueo-desde">Sin contacto desde</label>
    <input type="datetime-local" id="bloqueo-desde" name="desde" required>
    <label for="bloqueo-hasta">Hasta</label>
    <input type="datetime-local" id="bloqueo-hasta" name="hasta" required>
    <button type="submit" class="boton">Agregar periodo sin contacto</button>
  </form>
  ${upcoming.map(
    (b) => html`<form method="post" action="/casos/${record.id}/horario/bloqueos/quitar" class="formulario">
    ${csrfField(ctx.csrfToken)}
    <input type="hidden" name="desde" value="${b.from}">
    <button type="submit" class="boton">Quitar el periodo del ${dateTime(new Date(b.from))} al ${dateTime(new Date(b.to))}</button>
  </form>`,
  )}
</details>`;
}

/**
 * Whether she has a code word, and the forms to record one (it replaces the earlier) or remove it. The
 * word itself is never shown: only its keyed hash is stored.
 */
function codeWord(record: ConversationRecord, ctx: PanelContext): SafeHtml {
  return html`<section class="bloque" aria-labelledby="titulo-palabra-clave">
  <h2 id="titulo-palabra-clave">Palabra clave</h2>
  <p>${record.survivor.hasCodeWord ? 'Tiene una palabra clave acordada. No se muestra: solo se guarda de forma que se pueda reconocer.' : 'No tiene palabra clave acordada.'}</p>
  <details class="palabra-clave-editar">
  <summary>${record.survivor.hasCodeWord ? 'Cambiar su palabra clave' : 'Registrar su palabra clave'}</summary>
  <form method="post" action="/casos/${record.id}/palabra-clave" class="formulario" id="palabra-clave">
    ${csrfField(ctx.csrfToken)}
    <p class="ayuda">La que acordó con ella. Si la escribe sola en un mensaje (sin importar mayúsculas, acentos o signos), el bot le contesta algo sin importancia, se detiene, retira lo pendiente y avisa con urgencia. Elige una palabra que no escribiría sin querer: no «sí», «hola» ni una palabra de emergencia o de baja.</p>
    <label for="palabra-clave-texto">Palabra clave acordada</label>
    <input type="text" id="palabra-clave-texto" name="palabra_clave" maxlength="60" autocomplete="off" spellcheck="false" required>
    <button type="submit" class="boton">Guardar palabra clave</button>
  </form>
  ${
    record.survivor.hasCodeWord &&
    html`<form method="post" action="/casos/${record.id}/palabra-clave/quitar" class="formulario">
    ${csrfField(ctx.csrfToken)}
    <button type="submit" class="boton">Quitar su palabra clave</button>
  </form>`
  }
  </details>
</section>`;
}

function phoneReveal(record: ConversationRecord, ctx: PanelContext): SafeHtml {
  return phoneRevealForm({ action: `/casos/${record.id}/telefono`, csrfToken: ctx.csrfToken, title: 'Número de teléfono' });
}

function assignment(record: ConversationRecord, ctx: PanelContext): SafeHtml {
  return html`<section class="bloque" aria-labelledby="titulo-asignar">
  <h2 id="titulo-asignar">Asignación</h2>
  <form method="post" action="/casos/${record.id}/asignar" class="formulario">
    ${csrfField(ctx.csrfToken)}
    <label for="buscar-asignada">Buscar psicóloga/o (nombre)</label>
    <input type="search" id="buscar-asignada" data-filtra="asignada" autocomplete="off">
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
