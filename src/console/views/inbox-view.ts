import { INBOX_GROUPS, type InboxGroup, type InboxRow } from '../../app/console/inbox.js';
import { SEARCH_MAX_LENGTH, type InboxResult, type InboxSearch, type InboxSectionPage } from '../../app/console/inbox-search.js';
import { timeAgo } from '../../shared/time-ago.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, layout, type PageViewer } from './layout.js';

const GROUP_TITLES: Record<InboxGroup, string> = {
  urgent: 'Urgente',
  waiting: 'Esperan a una persona',
  held: 'Con una persona',
  bot: 'Con el bot',
};

const GROUP_EMPTY: Record<InboxGroup, string> = {
  urgent: 'Nada urgente.',
  waiting: 'Nadie espera.',
  held: 'Nadie en conversación con una persona.',
  bot: 'Ningún caso con el bot.',
};

/**
 * One inbox row: a link to the case with her alias, why she is there and for how long. `data-group`
 * and `data-sort` let the live script put a refreshed row in its place without reloading.
 */
export function inboxRowView(row: InboxRow, now: Date): SafeHtml {
  const who = row.heldByMe ? 'La atiendes tú' : row.heldByName ? `La atiende ${row.heldByName}` : null;
  return html`<li class="fila fila--${row.group}" id="caso-${row.caseId}" data-case-id="${row.caseId}" data-group="${row.group}" data-sort="${row.sortKey}">
  <a href="/casos/${row.caseId}" class="fila__enlace">
    <span class="fila__alias">${row.alias}<span class="fila__folio">${row.folio ? `Folio ${row.folio}` : 'Sin folio'}</span></span>
    <span class="fila__motivo">${row.reason}</span>
    <span class="fila__tiempo"><time datetime="${row.since.toISOString()}" data-since="${row.since.toISOString()}">${timeAgo(row.since, now)}</time></span>
    <span class="fila__quien">${who ?? (row.assignedName ? `Asignada a ${row.assignedName}` : 'Sin asignar')}</span>
  </a>
</li>`;
}

/** What the inbox page's search form offers: the psychologists to filter by (coordinators only). */
export interface InboxFilterChoices {
  /** Coordinators only: the active psychologists, then those disabled who still have open cases (`disabled`). */
  psychologists: { id: string; displayName: string; disabled?: boolean; openCases?: number }[] | null;
}

/** The query string of a search, with `patch` applied (empty parts left out). */
export function inboxQuery(search: InboxSearch, patch: Partial<InboxSearch> = {}): string {
  const merged = { ...search, ...patch };
  const params = new URLSearchParams();
  if (merged.text) params.set('q', merged.text);
  if (merged.section) params.set('seccion', merged.section);
  if (merged.psychologistId) params.set('psicologa', merged.psychologistId);
  if (merged.page && merged.page > 1) params.set('pagina', String(merged.page));
  const query = params.toString();
  return query ? `?${query}` : '';
}

function sectionView(section: InboxSectionPage, result: InboxResult, now: Date): SafeHtml {
  const { group } = section;
  const search = result.search;
  const pager =
    section.pages > 1
      ? html`<nav class="paginas" aria-label="Páginas de ${GROUP_TITLES[group]}">
  ${section.page > 1 ? html`<a href="/${inboxQuery(search, { page: section.page - 1 })}" rel="prev">Anterior</a>` : ''}
  <span>Página ${section.page} de ${section.pages}</span>
  ${section.page < section.pages ? html`<a href="/${inboxQuery(search, { page: section.page + 1 })}" rel="next">Siguiente</a>` : ''}
</nav>`
      : '';
  return html`<section class="grupo grupo--${group}" aria-labelledby="titulo-${group}" data-group="${group}">
  <h2 id="titulo-${group}">${GROUP_TITLES[group]} <span class="grupo__cuenta" data-count data-n="${section.total}">${section.total}</span></h2>
  <ol class="filas" id="filas-${group}">${section.rows.map((r) => inboxRowView(r, now))}</ol>
  <p class="grupo__vacio"${section.total > 0 ? html` hidden` : ''}>${search.text || search.psychologistId ? 'Nada con esta búsqueda.' : GROUP_EMPTY[group]}</p>
  ${section.truncated ? html`<p class="grupo__mas"><a href="/${inboxQuery(search, { section: group, page: 1 })}">Ver los ${section.total} de «${GROUP_TITLES[group]}»</a></p>` : ''}
  ${pager}
</section>`;
}

/**
 * The inbox's counts per section (links that show one section) and its sections with their rows: the
 * part the live script re-renders after each change.
 */
export function inboxSections(result: InboxResult, now: Date): SafeHtml {
  const search = result.search;
  return html`<nav class="secciones" aria-label="Secciones de la bandeja"><ul>
  <li><a href="/${inboxQuery(search, { section: undefined, page: undefined })}"${!search.section ? html` aria-current="page"` : ''}>Todas <span class="grupo__cuenta">${INBOX_GROUPS.reduce((n, g) => n + result.counts[g], 0)}</span></a></li>
  ${INBOX_GROUPS.map(
    (g) => html`<li><a href="/${inboxQuery(search, { section: g, page: undefined })}" data-section-count="${g}" data-n="${result.counts[g]}"${search.section === g ? html` aria-current="page"` : ''}>${GROUP_TITLES[g]} <span class="grupo__cuenta">${result.counts[g]}</span></a></li>`,
  )}
</ul></nav>
${result.sections.map((section) => sectionView(section, result, now))}`;
}

function searchForm(result: InboxResult, choices: InboxFilterChoices): SafeHtml {
  const search = result.search;
  return html`<form method="get" action="/" class="filtros buscador" role="search">
  <label for="buscar">Buscar por folio, nombre o número de caso</label>
  <input type="search" id="buscar" name="q" value="${search.text ?? ''}" maxlength="${SEARCH_MAX_LENGTH}" autocomplete="off" aria-keyshortcuts="/">
  <label for="seccion">Sección</label>
  <select id="seccion" name="seccion">
    <option value="">Todas</option>
    ${INBOX_GROUPS.map((g) => html`<option value="${g}"${search.section === g ? html` selected` : ''}>${GROUP_TITLES[g]}</option>`)}
  </select>
  ${
    choices.psychologists &&
    html`<label for="filtro-psicologa">Psicóloga</label>
  <select id="filtro-psicologa" name="psicologa">
    <option value="">Todas</option>
    <option value="none"${search.psychologistId === 'none' ? html` selected` : ''}>Sin asignar</option>
    ${choices.psychologists.map((p) => html`<option value="${p.id}"${search.psychologistId === p.id ? html` selected` : ''}>${p.displayName}${p.disabled ? ' (cuenta desactivada)' : ''}</option>`)}
  </select>`
  }
  <button type="submit" class="boton">Buscar</button>
  ${search.text || search.section || search.psychologistId ? html`<a href="/">Quitar filtros</a>` : ''}
</form>`;
}

/**
 * For a coordinator looking at one psychologist's cases (the filter, nothing else): the form that
 * moves all her open cases to another active psychologist, or leaves them unassigned, with their
 * video-call sessions still to happen unless unticked (`POST /asignaciones`). The count is the
 * inbox's, which holds only open cases.
 */
function reassignForm(result: InboxResult, choices: InboxFilterChoices, csrfToken: string): SafeHtml | '' {
  const fromId = result.search.psychologistId;
  if (fromId === 'none') return distributeForm(result, choices, csrfToken);
  const from = choices.psychologists?.find((p) => p.id === fromId);
  if (!choices.psychologists || !from || result.search.text) return '';
  const open = INBOX_GROUPS.reduce((n, g) => n + result.counts[g], 0);
  if (open === 0) return '';
  const others = choices.psychologists.filter((p) => !p.disabled && p.id !== from.id);
  return html`<form method="post" action="/asignaciones" class="formulario reasignar" id="reasignar">
  ${csrfField(csrfToken)}
  <input type="hidden" name="de" value="${from.id}">
  <label for="reasignar-a">Pasar ${open === 1 ? 'su caso abierto' : `sus ${open} casos abiertos`} a</label>
  <select id="reasignar-a" name="staffId">
    ${others.map((p) => html`<option value="${p.id}">${p.displayName}</option>`)}
    <option value="">Nadie (quedan sin asignar)</option>
  </select>
  <p class="casilla"><input type="checkbox" id="reasignar-sesiones" name="sesiones" value="si" checked> <label for="reasignar-sesiones">Con sus sesiones por videollamada pendientes de ${open === 1 ? 'ese caso' : 'esos casos'} (misma hora y enlace; a ella no se le avisa)</label></p>
  <button type="submit" class="boton">Pasar ${open === 1 ? 'el caso' : 'los casos'}</button>
  <p class="ayuda">Para cuando ${from.displayName} deja la unidad, sale de vacaciones o tiene demasiados casos. Cada cambio queda en el registro; una conversación que alguien tiene tomada sigue con esa persona. Una sesión que la otra psicóloga no pueda atender a esa hora, o todas si los casos quedan sin asignar, sigue con ${from.displayName} y se pasa desde Calendario.</p>
</form>`;
}

/**
 * For a coordinator looking at the unassigned cases: the form that shares them out among the active
 * psychologists she ticks (all ticked at first), each case to whoever has fewest open cases then
 * (`POST /asignaciones/repartir`). Each psychologist is shown with her open cases now.
 */
function distributeForm(result: InboxResult, choices: InboxFilterChoices, csrfToken: string): SafeHtml | '' {
  const open = INBOX_GROUPS.reduce((n, g) => n + result.counts[g], 0);
  const active = (choices.psychologists ?? []).filter((p) => !p.disabled);
  if (!choices.psychologists || result.search.text || open === 0 || active.length === 0) return '';
  return html`<form method="post" action="/asignaciones/repartir" class="formulario reasignar" id="repartir">
  ${csrfField(csrfToken)}
  <fieldset>
    <legend>Repartir ${open === 1 ? 'el caso sin asignar' : `los ${open} casos sin asignar`} entre</legend>
    ${active.map(
      (p) => html`<p class="casilla"><input type="checkbox" id="repartir-${p.id}" name="psicologas" value="${p.id}" checked> <label for="repartir-${p.id}">${p.displayName} (${p.openCases === 1 ? '1 caso abierto' : `${p.openCases ?? 0} casos abiertos`})</label></p>`,
    )}
  </fieldset>
  <button type="submit" class="boton">Repartir</button>
  <p class="ayuda">Del más antiguo al más reciente, cada caso va a quien tenga menos casos abiertos en ese momento. Cada asignación queda en el registro.</p>
</form>`;
}

/**
 * The inbox page: a search (folio, alias, case number; never phone numbers or messages), filters by
 * section and psychologist, the count of each section, then urgent first, waiting for a person, with a
 * person, with the bot, each shortened or paged; live.
 */
export function inboxPage(options: {
  viewer: PageViewer;
  csrfToken: string;
  result: InboxResult;
  choices: InboxFilterChoices;
  now: Date;
  /** For coordinators: numbers without a case waiting for review, and how many wrote an emergency word. */
  unknownNumbers?: { pending: number; emergency: number; risk: number } | undefined;
  /** A one-line confirmation of what was just done (after a redirect). */
  notice?: string | undefined;
}): SafeHtml {
  return layout({
    title: 'Bandeja',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    page: 'inbox',
    body: html`<div class="encabezado">
  <h1>Bandeja</h1>
  <p class="en-vivo" id="en-vivo" role="status" data-state="connecting">Conectando…</p>
</div>
${options.unknownNumbers ? html`<div id="aviso-desconocidos" aria-live="polite">${unknownNumbersNotice(options.unknownNumbers)}</div>` : ''}
${options.notice && html`<p class="aviso aviso--ok" role="status">${options.notice}</p>`}
${searchForm(options.result, options.choices)}
${reassignForm(options.result, options.choices, options.csrfToken)}
<div id="bandeja" class="bandeja">${inboxSections(options.result, options.now)}</div>`,
  });
}

/** The coordinators' reminder of numbers without a case to review, the emergency and risk ones named; nothing when none wait. */
export function unknownNumbersNotice(counts: { pending: number; emergency: number; risk: number } | undefined): SafeHtml | '' {
  if (!counts || counts.pending === 0) return '';
  const numbers = counts.pending === 1 ? '1 número sin caso' : `${counts.pending} números sin caso`;
  const named = [
    counts.emergency === 0 ? '' : counts.emergency === 1 ? '1 escribió una palabra de emergencia' : `${counts.emergency} escribieron una palabra de emergencia`,
    counts.risk === 0 ? '' : counts.risk === 1 ? '1 puede hablar de un riesgo' : `${counts.risk} pueden hablar de un riesgo`,
  ].filter(Boolean);
  const alarming = counts.emergency + counts.risk > 0;
  return html`<p class="${alarming ? 'aviso aviso--error' : 'aviso'}"><a href="/desconocidos">${numbers} por revisar${named.length ? ` (${named.join('; ')})` : ''}</a></p>`;
}
