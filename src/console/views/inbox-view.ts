import { INBOX_GROUPS, type InboxGroup, type InboxRow } from '../../app/console/inbox.js';
import { timeAgo } from '../../shared/time-ago.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageViewer } from './layout.js';

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
    <span class="fila__alias">${row.alias}</span>
    <span class="fila__motivo">${row.reason}</span>
    <span class="fila__tiempo"><time datetime="${row.since.toISOString()}" data-since="${row.since.toISOString()}">${timeAgo(row.since, now)}</time></span>
    <span class="fila__quien">${who ?? (row.assignedName ? `Asignada a ${row.assignedName}` : 'Sin asignar')}</span>
  </a>
</li>`;
}

/** The inbox's sections with their rows (the part the live script re-renders after reconnecting). */
export function inboxSections(rows: readonly InboxRow[], now: Date): SafeHtml {
  return html`${INBOX_GROUPS.map((group) => {
    const inGroup = rows.filter((r) => r.group === group);
    return html`<section class="grupo grupo--${group}" aria-labelledby="titulo-${group}" data-group="${group}">
  <h2 id="titulo-${group}">${GROUP_TITLES[group]} <span class="grupo__cuenta" data-count data-n="${inGroup.length}">${inGroup.length}</span></h2>
  <ol class="filas" id="filas-${group}">${inGroup.map((r) => inboxRowView(r, now))}</ol>
  <p class="grupo__vacio"${inGroup.length > 0 ? html` hidden` : ''}>${GROUP_EMPTY[group]}</p>
</section>`;
  })}`;
}

/** The inbox page: urgent first, then waiting for a person, with a person, with the bot; live. */
export function inboxPage(options: { viewer: PageViewer; csrfToken: string; rows: readonly InboxRow[]; now: Date }): SafeHtml {
  return layout({
    title: 'Bandeja',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    page: 'inbox',
    body: html`<div class="encabezado">
  <h1>Bandeja</h1>
  <p class="en-vivo" id="en-vivo" role="status" data-state="connecting">Conectando…</p>
</div>
<div id="bandeja" class="bandeja">${inboxSections(options.rows, options.now)}</div>`,
  });
}
