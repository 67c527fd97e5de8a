import type { StaffMember } from '../../app/console/ports.js';
import type { AuditLogEntry } from '../../app/console/read-audit-log.js';
import { auditDetailText } from './audit-detail.js';
import { AUDIT_ACTION_LABELS } from './audit-labels.js';
import { dateTime } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageViewer } from './layout.js';

/** What the audit page shows: a page of entries, whether older ones follow, and the filter as asked. */
export interface AuditPageOptions {
  viewer: PageViewer;
  csrfToken: string;
  /** Every account, for the person filter. */
  staff: StaffMember[];
  entries: AuditLogEntry[];
  more: boolean;
  query: { persona?: string | undefined; caso?: string | undefined; desde?: string | undefined; hasta?: string | undefined };
}

/** The parts of the service an entry can be about, as subjects without an id name them. */
const SUBJECT_LABELS: Record<string, string> = {
  audit: 'Registro de accesos',
  banavim: 'BANAVIM',
  calendar: 'Calendario',
  contacts: 'Mensajes guardados',
  'demo-data': 'Datos de demostración',
  interventions: 'Intervenciones',
  report: 'Reportes',
  session: 'Inicio de sesión',
  survivors: 'Números guardados',
};

/** What an entry was about, in words: a case by its folio (or the start of its id), an account, a number without a case, a bulletin, or the part of the service. */
function subjectText(entry: AuditLogEntry, staff: StaffMember[]): string {
  const [kind = '', id = ''] = entry.subject.split(':');
  if (kind === 'case') return entry.caseFolio ? `Caso ${entry.caseFolio}` : `Caso ${id.slice(0, 8)}`;
  if (kind === 'staff') return `Cuenta de ${staff.find((s) => s.id === id)?.displayName ?? id.slice(0, 8)}`;
  if (kind === 'unknown') return `Número sin caso ${id.slice(0, 8)}`;
  if (kind === 'bulletin') return 'Boletín';
  return SUBJECT_LABELS[kind] ?? entry.subject;
}

/**
 * The audit log for admins: a filter (person, case, days) and the entries newest first, each with
 * when, who, what and on what; "Ver anteriores" goes on where the page ends.
 */
export function auditPage(options: AuditPageOptions): SafeHtml {
  const q = options.query;
  const last = options.entries.at(-1);
  const older = new URLSearchParams(Object.entries({ ...q }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  if (last) older.set('antes', `${last.at.toISOString()}~${last.id}`);
  return layout({
    title: 'Registro de accesos',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    page: 'admin',
    body: html`<div class="encabezado"><h1>Registro de accesos</h1></div>
<p class="ayuda">Quién vio o hizo qué, y cuándo (hora de Cancún). Nunca muestra números, textos ni motivos escritos. Consultarlo también queda registrado.</p>
<form method="get" action="/admin/registro" class="formulario filtros" role="search" aria-label="Filtrar el registro">
  <label for="registro-persona">Persona</label>
  <select id="registro-persona" name="persona">
    <option value="">Todas</option>
    ${options.staff.map((s) => html`<option value="${s.id}"${q.persona === s.id ? ' selected' : ''}>${s.displayName}</option>`)}
  </select>
  <label for="registro-caso">Caso (folio)</label>
  <input type="search" id="registro-caso" name="caso" maxlength="80" value="${q.caso ?? ''}">
  <label for="registro-desde">Desde</label>
  <input type="date" id="registro-desde" name="desde" value="${q.desde ?? ''}">
  <label for="registro-hasta">Hasta</label>
  <input type="date" id="registro-hasta" name="hasta" value="${q.hasta ?? ''}">
  <button type="submit" class="boton">Filtrar</button>
</form>
${
  options.entries.length === 0
    ? html`<p>No hay entradas con ese filtro.</p>`
    : html`<table class="tabla registro">
  <caption class="visualmente-oculto">Entradas del registro, de la más reciente a la más antigua</caption>
  <thead><tr><th scope="col">Cuándo</th><th scope="col">Quién</th><th scope="col">Qué</th><th scope="col">Sobre</th><th scope="col">Detalle</th></tr></thead>
  <tbody>${options.entries.map(
    (e) => html`<tr>
    <td class="fecha">${dateTime(e.at)}</td>
    <td>${e.staffName ?? 'El servicio'}</td>
    <td>${AUDIT_ACTION_LABELS[e.action] ?? e.action}</td>
    <td>${subjectText(e, options.staff)}</td>
    <td class="detalle">${auditDetailText(e.detail, options.staff)}</td>
  </tr>`,
  )}</tbody>
</table>`
}
${options.more && html`<p><a href="/admin/registro?${older.toString()}">Ver anteriores</a></p>`}`,
  });
}
