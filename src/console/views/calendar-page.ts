import { DateTime } from 'luxon';
import type { CalendarEntry } from '../../app/appointments/calendar.js';
import type { AppointmentStatus } from '../../app/appointments/ports.js';
import { UNIT_TIME_ZONE } from '../../engine/index.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, layout, type PageViewer } from './layout.js';

/** The statuses in the coordinator's words. */
export const APPOINTMENT_STATUS_LABELS: Record<AppointmentStatus, string> = {
  proposed: 'Propuesta, sin confirmar',
  confirmed: 'Confirmada',
  rescheduled: 'Movida, sin confirmar',
  cancelled: 'Cancelada',
  done: 'Realizada',
  no_show: 'No se conectó',
};

/** What the week calendar shows. */
export interface CalendarPageOptions {
  viewer: PageViewer;
  csrfToken: string;
  psychologists: { id: string; displayName: string; hasFeed: boolean }[];
  /** The psychologist shown, or null when there is none yet. */
  staffId: string | null;
  /** Monday of the week shown (America/Cancun). */
  week: DateTime;
  entries: CalendarEntry[];
  cases: { caseId: string; alias: string }[];
  notice?: string | undefined;
  error?: string | undefined;
  /** A feed address just issued, shown once. */
  feedUrl?: string | undefined;
}

const localInput = (at: Date) => DateTime.fromJSDate(at, { zone: UNIT_TIME_ZONE }).toFormat("yyyy-MM-dd'T'HH:mm");

function entry(e: CalendarEntry, options: CalendarPageOptions): SafeHtml {
  const pending = e.status === 'proposed' || e.status === 'rescheduled';
  const active = pending || e.status === 'confirmed';
  const start = DateTime.fromJSDate(e.startsAt, { zone: UNIT_TIME_ZONE });
  const end = DateTime.fromJSDate(e.endsAt, { zone: UNIT_TIME_ZONE });
  const label = `${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')} ${e.alias}`;
  return html`<li class="cita cita--${e.status}${pending ? ' cita--pendiente' : ''}" data-appointment-id="${e.id}" data-status="${e.status}">
  <p class="cita-hora">${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}</p>
  <p class="cita-quien"><a href="/casos/${e.caseId}">${e.alias}</a></p>
  <p class="cita-estado">${pending ? html`<strong>${APPOINTMENT_STATUS_LABELS[e.status]}</strong>` : APPOINTMENT_STATUS_LABELS[e.status]}</p>
  ${
    active
      ? html`<form method="post" action="/calendario/citas/${e.id}/mover" class="cita-accion">
    ${csrfField(options.csrfToken)}
    <label for="mover-${e.id}">Nuevo horario (${label})</label>
    <input type="datetime-local" id="mover-${e.id}" name="inicio" value="${localInput(e.startsAt)}" required>
    <button type="submit" class="boton">Mover</button>
  </form>
  <form method="post" action="/calendario/citas/${e.id}/cancelar" class="cita-accion">
    ${csrfField(options.csrfToken)}
    <button type="submit" class="boton boton--peligro" aria-label="Cancelar la sesión de ${label}">Cancelar</button>
  </form>`
      : ''
  }
</li>`;
}

/**
 * A coordinator's week calendar of one psychologist: the seven days with their sessions (proposed and
 * moved ones, not yet confirmed, stand out), a form to book one, and per session forms to move or
 * cancel it; the private ICS feed can be issued or revoked. Refreshed live on session changes.
 */
export function calendarPage(options: CalendarPageOptions): SafeHtml {
  const days = Array.from({ length: 7 }, (_, i) => options.week.plus({ days: i }));
  const current = options.psychologists.find((p) => p.id === options.staffId);
  const weekParam = (w: DateTime) => `/calendario?psicologa=${options.staffId ?? ''}&semana=${w.toISODate()}`;
  return layout({
    title: 'Calendario',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    page: 'calendar',
    body: html`<div class="encabezado"><h1>Calendario de sesiones</h1><p id="en-vivo" class="en-vivo" role="status" aria-live="polite"></p></div>
${options.notice && html`<p class="aviso aviso--ok" role="status">${options.notice}</p>`}
${options.error && html`<p class="aviso aviso--error" role="alert">${options.error}</p>`}
${options.feedUrl && html`<p class="aviso aviso--ok" role="status">Dirección privada del calendario (se muestra una sola vez): <code id="direccion-ics">${options.feedUrl}</code></p>`}
<form method="get" action="/calendario" class="filtros">
  <label for="psicologa">Psicóloga</label>
  <select id="psicologa" name="psicologa">${options.psychologists.map(
    (p) => html`<option value="${p.id}"${p.id === options.staffId ? html` selected` : ''}>${p.displayName}</option>`,
  )}</select>
  <label for="semana">Semana del</label>
  <input type="date" id="semana" name="semana" value="${options.week.toISODate() ?? ''}">
  <button type="submit" class="boton">Ver</button>
  <a href="${weekParam(options.week.minus({ weeks: 1 }))}">Semana anterior</a>
  <a href="${weekParam(options.week.plus({ weeks: 1 }))}">Semana siguiente</a>
</form>
${
  current
    ? html`<div id="calendario" class="calendario" data-staff-id="${current.id}">
<table class="tabla semana">
  <caption>Sesiones de ${current.displayName}, semana del ${options.week.setLocale('es-MX').toFormat("d 'de' LLLL")}</caption>
  <thead><tr>${days.map((d) => html`<th scope="col">${d.setLocale('es-MX').toFormat('cccc d')}</th>`)}</tr></thead>
  <tbody><tr>${days.map((d) => {
    const today = options.entries.filter((e) => DateTime.fromJSDate(e.startsAt, { zone: UNIT_TIME_ZONE }).hasSame(d, 'day'));
    return html`<td><ul class="citas">${today.map((e) => entry(e, options))}</ul></td>`;
  })}</tr></tbody>
</table>
</div>
<section class="bloque" aria-labelledby="titulo-agendar">
  <h2 id="titulo-agendar">Agendar una sesión con ${current.displayName}</h2>
  <form method="post" action="/calendario/citas" class="formulario">
    ${csrfField(options.csrfToken)}
    <input type="hidden" name="staffId" value="${current.id}">
    <label for="caso">Persona</label>
    <select id="caso" name="caseId" required>${options.cases.map((c) => html`<option value="${c.caseId}">${c.alias} · ${c.caseId.slice(-6)}</option>`)}</select>
    <label for="inicio">Inicio (hora de Cancún)</label>
    <input type="datetime-local" id="inicio" name="inicio" required>
    <button type="submit" class="boton boton--principal">Agendar</button>
  </form>
</section>
<section class="bloque" aria-labelledby="titulo-ics">
  <h2 id="titulo-ics">Calendario privado (ICS)</h2>
  <p>${current.hasFeed ? 'Tiene una dirección privada activa.' : 'No tiene dirección privada.'} Los eventos se llaman «Sesión» y no dicen nada de la persona.</p>
  <form method="post" action="/calendario/${current.id}/ics" class="cita-accion">${csrfField(options.csrfToken)}<button type="submit" class="boton">${current.hasFeed ? 'Crear una nueva (la anterior deja de funcionar)' : 'Crear dirección privada'}</button></form>
  ${current.hasFeed ? html`<form method="post" action="/calendario/${current.id}/ics/revocar" class="cita-accion">${csrfField(options.csrfToken)}<button type="submit" class="boton boton--peligro">Revocar</button></form>` : ''}
</section>`
    : html`<p>No hay psicólogas activas.</p>`
}`,
  });
}
