import { DateTime } from 'luxon';
import type { CalendarEntry, CalendarPsychologist } from '../../app/appointments/calendar.js';
import type { AppointmentStatus } from '../../app/appointments/ports.js';
import { UNIT_TIME_ZONE } from '../../engine/index.js';
import type { ContactPolicy, WeeklyWindow } from '../../app/safe-hours/policy.js';
import { calendarGrid, herHoursText, localValue, windowsText } from './calendar-grid.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, layout, type PageViewer } from './layout.js';
import { weeklyWindowsFields } from './weekly-windows-fields.js';

/** The statuses in the coordinator's words. */
export const APPOINTMENT_STATUS_LABELS: Record<AppointmentStatus, string> = {
  proposed: 'Propuesta, sin confirmar',
  confirmed: 'Confirmada',
  rescheduled: 'Movida, sin confirmar',
  cancelled: 'Cancelada',
  done: 'Realizada',
  no_show: 'No se conectó',
};

/** A refused booking: the rule in the coordinator's words and the next times that satisfy everything. */
export interface BookingRefusal {
  message: string;
  alternatives: { startsAt: Date; endsAt: Date }[];
}

/** What the calendar shows. */
export interface CalendarPageOptions {
  viewer: PageViewer;
  csrfToken: string;
  psychologists: CalendarPsychologist[];
  /** The psychologist shown, or null when there is none yet. */
  staffId: string | null;
  /** The week (from Monday) or the day shown. */
  view: 'semana' | 'dia';
  /** Monday of the week shown, or the day shown (America/Cancun, local midnight). */
  start: DateTime;
  entries: CalendarEntry[];
  cases: { caseId: string; alias: string; folio: string | null }[];
  /** Her weekly hours. */
  working: readonly WeeklyWindow[];
  /** Whether those hours are her own (else the deployment's `WORKING_HOURS`). */
  ownWorkingHours: boolean;
  /** The person chosen in the booking form, with her safe hours when they could be read. */
  chosen: { caseId: string; alias: string; her: ContactPolicy | null } | null;
  /** What the booking form holds (kept after a refusal). */
  form: { caseId?: string | undefined; inicio?: string | undefined };
  sessionMinutes: number;
  now: Date;
  notice?: string | undefined;
  error?: string | undefined;
  refusal?: BookingRefusal | undefined;
  /** A feed address just issued, shown once. */
  feedUrl?: string | undefined;
}

/**
 * The psychologist's weekly hours for sessions, and the forms that change them (folded under
 * "Cambiar su horario de videollamadas"): one window per day, or the deployment's hours.
 */
function workingHoursSection(options: CalendarPageOptions, current: { id: string; displayName: string }): SafeHtml {
  return html`<section class="bloque" aria-labelledby="titulo-horario-psicologa">
  <h2 id="titulo-horario-psicologa">Horario de videollamadas</h2>
  <p>${windowsText(options.working)}${options.ownWorkingHours ? '' : ' (el horario general del servicio)'}.</p>
  <details class="horario-editar">
  <summary>Cambiar su horario de videollamadas</summary>
  <form method="post" action="/calendario/${current.id}/horario" class="formulario" id="horario-psicologa">
    ${csrfField(options.csrfToken)}
    <p class="ayuda">Las horas (de Cancún) en que ${current.displayName} atiende videollamadas. Deja vacío un día en que no atiende. Las sesiones ya agendadas no cambian.</p>
    ${weeklyWindowsFields(options.working, 'psicologa-')}
    <button type="submit" class="boton">Guardar horario</button>
  </form>
  ${
    options.ownWorkingHours &&
    html`<form method="post" action="/calendario/${current.id}/horario" class="formulario">
    ${csrfField(options.csrfToken)}
    <input type="hidden" name="general" value="si">
    <button type="submit" class="boton">Usar el horario general del servicio</button>
  </form>`
  }
  </details>
</section>`;
}

/** How a person is named in a picker: alias and folio, or a short case number when there is no folio. */
export function personLabel(c: { caseId: string; alias: string; folio: string | null }): string {
  return c.folio ? `${c.alias} · folio ${c.folio}` : `${c.alias} · sin folio · caso ${c.caseId.slice(0, 8)}`;
}

const localInput = (at: Date) => DateTime.fromJSDate(at, { zone: UNIT_TIME_ZONE }).toFormat("yyyy-MM-dd'T'HH:mm");

function entry(e: CalendarEntry, options: CalendarPageOptions): SafeHtml {
  const pending = e.status === 'proposed' || e.status === 'rescheduled';
  const active = pending || e.status === 'confirmed';
  const start = DateTime.fromJSDate(e.startsAt, { zone: UNIT_TIME_ZONE });
  const end = DateTime.fromJSDate(e.endsAt, { zone: UNIT_TIME_ZONE });
  const label = `${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')} ${e.alias}`;
  return html`<li class="cita cita--${e.status}${pending ? ' cita--pendiente' : ''}" data-appointment-id="${e.id}" data-status="${e.status}">
  <p class="cita-hora">${start.setLocale('es-MX').toFormat('cccc d')}, ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}</p>
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
  ${reassignForm(e, options, label)}
  <form method="post" action="/calendario/citas/${e.id}/cancelar" class="cita-accion">
    ${csrfField(options.csrfToken)}
    <button type="submit" class="boton boton--peligro" aria-label="Cancelar la sesión de ${label}">Cancelar</button>
  </form>`
      : ''
  }
</li>`;
}

/**
 * Gives the session to another active psychologist at the same time (`POST …/psicologa`): she is told
 * nothing, the link stays the same. Nothing when there is no one else to give it to.
 */
function reassignForm(e: CalendarEntry, options: CalendarPageOptions, label: string): SafeHtml | '' {
  const others = options.psychologists.filter((p) => p.active && p.id !== e.staffId);
  if (others.length === 0) return '';
  return html`<form method="post" action="/calendario/citas/${e.id}/psicologa" class="cita-accion">
    ${csrfField(options.csrfToken)}
    <label for="pasar-${e.id}">Pasar a otra psicóloga (${label})</label>
    <select id="pasar-${e.id}" name="staffId">${others.map((p) => html`<option value="${p.id}">${p.displayName}</option>`)}</select>
    <button type="submit" class="boton">Pasar</button>
  </form>`;
}

/** The address of the calendar showing `start` in `view`, for a psychologist and a chosen person. */
export function calendarUrl(o: { staffId: string | null; view: 'semana' | 'dia'; start: DateTime; caseId?: string | undefined }): string {
  const params = new URLSearchParams({ psicologa: o.staffId ?? '', vista: o.view, [o.view === 'dia' ? 'dia' : 'semana']: o.start.toISODate() ?? '' });
  if (o.caseId) params.set('caso', o.caseId);
  return `/calendario?${params.toString()}`;
}

function refusalView(refusal: BookingRefusal): SafeHtml {
  const when = (at: Date) => DateTime.fromJSDate(at, { zone: UNIT_TIME_ZONE }).setLocale('es-MX').toFormat("cccc d 'de' LLLL, HH:mm");
  return html`<section class="aviso aviso--error rechazo" role="alert" aria-labelledby="titulo-rechazo">
  <h2 id="titulo-rechazo">No se agendó</h2>
  <p>${refusal.message}</p>
  ${
    refusal.alternatives.length > 0
      ? html`<p>Horarios que cumplen todo:</p><ul>${refusal.alternatives.map(
          (a) => html`<li><button type="submit" class="boton" form="agendar" name="hueco" value="${localValue(a.startsAt)}">${when(a.startsAt)}</button></li>`,
        )}</ul>`
      : html`<p>No hay horarios que cumplan todo en las próximas cuatro semanas.</p>`
  }
</section>`;
}

function bookingForm(options: CalendarPageOptions, current: { id: string; displayName: string }): SafeHtml {
  const chosen = options.form.caseId;
  const listed = options.cases.some((c) => c.caseId === chosen);
  return html`<section class="bloque" aria-labelledby="titulo-agendar">
  <h2 id="titulo-agendar">Agendar una sesión con ${current.displayName}</h2>
  <form method="post" action="/calendario/citas" class="formulario" id="agendar">
    ${csrfField(options.csrfToken)}
    <input type="hidden" name="staffId" value="${current.id}">
    <input type="hidden" name="vista" value="${options.view}">
    <label for="buscar-persona">Buscar a la persona (folio o nombre)</label>
    <input type="search" id="buscar-persona" data-filtra="caso" data-remoto="casos" autocomplete="off" aria-describedby="ayuda-persona">
    <p class="ayuda" id="ayuda-persona">Escribe parte del folio o del nombre para acortar la lista.</p>
    <label for="caso">Persona</label>
    <select id="caso" name="caseId" required>
      <option value="">Elige a la persona</option>
      ${!listed && chosen && options.chosen ? html`<option value="${chosen}" selected>${options.chosen.alias}</option>` : ''}
      ${options.cases.map((c) => html`<option value="${c.caseId}"${c.caseId === chosen ? html` selected` : ''}>${personLabel(c)}</option>`)}
    </select>
    <label for="inicio">Inicio (hora de Cancún)</label>
    <input type="datetime-local" id="inicio" name="inicio" value="${options.form.inicio ?? ''}" aria-describedby="ayuda-inicio">
    <p class="ayuda" id="ayuda-inicio">O haz clic en un hueco libre del calendario.</p>
    <button type="submit" class="boton boton--principal">Agendar</button>
  </form>
</section>`;
}

/**
 * A coordinator's calendar of one psychologist, by week or by day: a grid of her working hours with
 * her sessions and free slots (a click on one books it for the person chosen in the form), the list
 * of sessions with forms to move or cancel them, the booking form (which keeps what was chosen when a
 * booking is refused, with the rule that refused it and the next three times that fit), and the
 * private ICS feed. Refreshed live on session changes.
 */
export function calendarPage(options: CalendarPageOptions): SafeHtml {
  const days = Array.from({ length: options.view === 'semana' ? 7 : 1 }, (_, i) => options.start.plus({ days: i }));
  const current = options.psychologists.find((p) => p.id === options.staffId);
  const step = options.view === 'semana' ? { weeks: 1 } : { days: 1 };
  const url = (start: DateTime, view = options.view) => calendarUrl({ staffId: options.staffId, view, start, caseId: options.chosen?.caseId });
  const period =
    options.view === 'semana'
      ? `semana del ${options.start.setLocale('es-MX').toFormat("d 'de' LLLL")}`
      : options.start.setLocale('es-MX').toFormat("cccc d 'de' LLLL");
  return layout({
    title: 'Calendario',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    page: 'calendar',
    body: html`<div class="encabezado"><h1>Calendario de sesiones</h1><p id="en-vivo" class="en-vivo" role="status" aria-live="polite"></p></div>
${options.notice && html`<p class="aviso aviso--ok" role="status">${options.notice}</p>`}
${options.error && html`<p class="aviso aviso--error" role="alert">${options.error}</p>`}
${options.refusal && refusalView(options.refusal)}
${options.feedUrl && html`<p class="aviso aviso--ok" role="status">Dirección privada del calendario (se muestra una sola vez): <code id="direccion-ics">${options.feedUrl}</code></p>`}
<form method="get" action="/calendario" class="filtros">
  <label for="psicologa">Psicóloga</label>
  <select id="psicologa" name="psicologa">${options.psychologists.map(
    (p) => html`<option value="${p.id}"${p.id === options.staffId ? html` selected` : ''}>${p.displayName}${p.active ? '' : ' (cuenta desactivada)'}</option>`,
  )}</select>
  <label for="vista">Vista</label>
  <select id="vista" name="vista"><option value="semana"${options.view === 'semana' ? html` selected` : ''}>Semana</option><option value="dia"${options.view === 'dia' ? html` selected` : ''}>Día</option></select>
  <label for="semana">Fecha</label>
  <input type="date" id="semana" name="${options.view === 'dia' ? 'dia' : 'semana'}" value="${options.start.toISODate() ?? ''}">
  ${options.chosen && html`<input type="hidden" name="caso" value="${options.chosen.caseId}">`}
  <button type="submit" class="boton">Ver</button>
  <a href="${url(options.start.minus(step))}">${options.view === 'semana' ? 'Semana anterior' : 'Día anterior'}</a>
  <a href="${url(options.start.plus(step))}">${options.view === 'semana' ? 'Semana siguiente' : 'Día siguiente'}</a>
  <a href="${url(DateTime.fromJSDate(options.now, { zone: UNIT_TIME_ZONE }).startOf(options.view === 'semana' ? 'week' : 'day'))}">Hoy</a>
  ${options.view === 'semana' ? html`<a href="${url(options.start, 'dia')}">Ver por día</a>` : html`<a href="${url(options.start.startOf('week'), 'semana')}">Ver la semana</a>`}
</form>
${
  current
    ? html`${
        current.active
          ? ''
          : html`<p class="aviso aviso--error" role="alert" id="cuenta-desactivada">La cuenta de ${current.displayName} está desactivada y aún tiene sesiones por venir: a cada persona le llegarán el recordatorio y el enlace, y nadie la atenderá. Pasa cada sesión a otra psicóloga (se queda la misma hora y el mismo enlace, y a ella no se le avisa nada) o cancélala.</p>`
      }<div id="calendario" class="calendario" data-staff-id="${current.id}" data-refresh="${url(options.start)}">
<p class="horarios">Horario de ${current.displayName}: ${windowsText(options.working)}.${
        options.chosen?.her ? ` Horario seguro de ${options.chosen.alias}: ${herHoursText(options.chosen.her, options.now)}.` : ''
      }</p>
${calendarGrid(
  {
    days,
    entries: options.entries,
    working: options.working,
    her: options.chosen?.her ?? null,
    herAlias: options.chosen?.alias ?? null,
    sessionMinutes: options.sessionMinutes,
    now: options.now,
    formId: 'agendar',
  },
  `Sesiones de ${current.displayName}, ${period} (hora de Cancún)`,
)}
<h2>Sesiones: mover, pasar a otra psicóloga o cancelar</h2>
${options.entries.length === 0 ? html`<p>No hay sesiones en este periodo.</p>` : ''}
<ul class="citas lista-citas">${options.entries.map((e) => entry(e, options))}</ul>
</div>
${current.active ? bookingForm(options, current) : ''}
<section class="bloque" aria-labelledby="titulo-ics">
  <h2 id="titulo-ics">Calendario privado (ICS)</h2>
  <p>${current.hasFeed ? 'Tiene una dirección privada activa.' : 'No tiene dirección privada.'} Los eventos se llaman «Sesión» y no dicen nada de la persona.</p>
  <form method="post" action="/calendario/${current.id}/ics" class="cita-accion">${csrfField(options.csrfToken)}<button type="submit" class="boton">${current.hasFeed ? 'Crear una nueva (la anterior deja de funcionar)' : 'Crear dirección privada'}</button></form>
  ${current.hasFeed ? html`<form method="post" action="/calendario/${current.id}/ics/revocar" class="cita-accion">${csrfField(options.csrfToken)}<button type="submit" class="boton boton--peligro">Revocar</button></form>` : ''}
</section>
${workingHoursSection(options, current)}`
    : html`<p>No hay psicólogas activas.</p>`
}`,
  });
}
