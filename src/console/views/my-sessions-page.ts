import { DateTime } from 'luxon';
import type { CalendarEntry } from '../../app/appointments/calendar.js';
import { UNIT_TIME_ZONE } from '../../engine/index.js';
import { APPOINTMENT_STATUS_LABELS } from './calendar-page.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, layout, type PageViewer } from './layout.js';

/**
 * A psychologist's own sessions (two weeks back, two weeks ahead). A session that has started and is
 * still open gets a form to record it as held or missed, with its outcome.
 */
export function mySessionsPage(options: {
  viewer: PageViewer;
  csrfToken: string;
  entries: CalendarEntry[];
  now: Date;
  notice?: string | undefined;
  error?: string | undefined;
}): SafeHtml {
  return layout({
    title: 'Mis sesiones',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    body: html`<div class="encabezado"><h1>Mis sesiones por videollamada</h1></div>
${options.notice && html`<p class="aviso aviso--ok" role="status">${options.notice}</p>`}
${options.error && html`<p class="aviso aviso--error" role="alert">${options.error}</p>`}
${options.entries.length === 0 ? html`<p>No hay sesiones en estas semanas.</p>` : ''}
<ul class="citas">${options.entries.map((e) => {
      const start = DateTime.fromJSDate(e.startsAt, { zone: UNIT_TIME_ZONE }).setLocale('es-MX');
      const label = `${start.toFormat("cccc d 'de' LLLL, HH:mm")} · ${e.alias}`;
      const closable = e.startsAt.getTime() <= options.now.getTime() && ['proposed', 'confirmed', 'rescheduled'].includes(e.status);
      return html`<li class="cita cita--${e.status}" data-appointment-id="${e.id}" data-status="${e.status}">
  <p class="cita-hora">${label}</p>
  <p class="cita-estado">${APPOINTMENT_STATUS_LABELS[e.status]}</p>
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
