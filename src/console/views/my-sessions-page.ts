import { DateTime } from 'luxon';
import type { CalendarEntry } from '../../app/appointments/calendar.js';
import { videoLink } from '../../app/appointments/video-link.js';
import { UNIT_TIME_ZONE } from '../../engine/index.js';
import { APPOINTMENT_STATUS_LABELS } from './calendar-page.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, layout, type PageViewer } from './layout.js';

const ACTIVE = ['proposed', 'confirmed', 'rescheduled'];

/** The video link of a session still to be held on the day it happens (Cancún), with a copy button. */
function todaysLink(e: CalendarEntry, now: Date, videoBaseUrl: string): SafeHtml | '' {
  const day = (at: Date) => DateTime.fromJSDate(at, { zone: UNIT_TIME_ZONE }).toISODate();
  if (!ACTIVE.includes(e.status) || day(e.startsAt) !== day(now)) return '';
  const link = videoLink(videoBaseUrl, e.videoRoom);
  return html`<div class="sesion-enlace">
    <label for="enlace-${e.id}">Enlace de la videollamada (hoy)</label>
    <input id="enlace-${e.id}" value="${link}" readonly>
    <button type="button" class="boton" data-copiar="enlace-${e.id}">Copiar enlace</button>
    <a class="boton" href="${link}" target="_blank" rel="noopener noreferrer">Abrir</a>
    <span class="tenue" role="status" data-copiado="enlace-${e.id}"></span>
  </div>`;
}

/**
 * A psychologist's own sessions (two weeks back, two weeks ahead): each with a link to the case, its
 * status, and on the day of the session its video link with a copy button. A session that has
 * started and is still open gets a form to record it as held or missed, with its outcome.
 */
export function mySessionsPage(options: {
  viewer: PageViewer;
  csrfToken: string;
  entries: CalendarEntry[];
  now: Date;
  /** Where video rooms are served (`VIDEO_BASE_URL`). */
  videoBaseUrl: string;
  notice?: string | undefined;
  error?: string | undefined;
}): SafeHtml {
  return layout({
    title: 'Mis sesiones',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    page: 'sessions',
    body: html`<div class="encabezado"><h1>Mis sesiones por videollamada</h1></div>
${options.notice && html`<p class="aviso aviso--ok" role="status">${options.notice}</p>`}
${options.error && html`<p class="aviso aviso--error" role="alert">${options.error}</p>`}
${options.entries.length === 0 ? html`<p>No hay sesiones en estas semanas.</p>` : ''}
<ul class="citas">${options.entries.map((e) => {
      const start = DateTime.fromJSDate(e.startsAt, { zone: UNIT_TIME_ZONE }).setLocale('es-MX');
      const end = DateTime.fromJSDate(e.endsAt, { zone: UNIT_TIME_ZONE });
      const label = `${start.toFormat("cccc d 'de' LLLL, HH:mm")} · ${e.alias}`;
      const closable = e.startsAt.getTime() <= options.now.getTime() && ACTIVE.includes(e.status);
      return html`<li class="cita cita--${e.status}" data-appointment-id="${e.id}" data-status="${e.status}">
  <p class="cita-hora">${start.toFormat("cccc d 'de' LLLL, HH:mm")}–${end.toFormat('HH:mm')}</p>
  <p class="cita-quien"><a href="/casos/${e.caseId}">${e.alias}</a></p>
  <p class="cita-estado">Estado: ${APPOINTMENT_STATUS_LABELS[e.status]}</p>
  ${todaysLink(e, options.now, options.videoBaseUrl)}
  ${
    closable
      ? html`<form method="post" action="/mis-sesiones/${e.id}/resultado" class="formulario">
    ${csrfField(options.csrfToken)}
    <label for="estado-${e.id}">¿Cómo fue la sesión de ${label}?</label>
    <select id="estado-${e.id}" name="status" required>
      <option value="done">Realizada</option>
      <option value="no_show">No se conectó</option>
    </select>
    <label for="resultado-${e.id}">Resultado (privado)</label>
    <textarea id="resultado-${e.id}" name="outcome" rows="3" maxlength="2000" required></textarea>
    <button type="submit" class="boton boton--principal">Guardar</button>
  </form>`
      : ''
  }
</li>`;
    })}</ul>`,
  });
}
