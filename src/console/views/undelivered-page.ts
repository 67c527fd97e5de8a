import type { UndeliveredRow } from '../../app/console/undelivered.js';
import { UNDELIVERED_DAYS } from '../../app/console/undelivered.js';
import { dateTime } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageViewer } from './layout.js';

const AUTHORS: Record<UndeliveredRow['author'], string> = { bot: 'Bot', system: 'Sistema', staff: 'Personal', survivor: 'Ella' };

function whatMessage(row: UndeliveredRow): string {
  if (row.checkInFlowId) return `Seguimiento programado (${row.checkInFlowId})`;
  if (row.flowId) return `${AUTHORS[row.author]}: flujo ${row.flowId}`;
  return AUTHORS[row.author];
}

/** The coordinators' list of messages that did not reach her in the last days, each with what to do. */
export function undeliveredPage(options: { viewer: PageViewer; csrfToken: string; rows: UndeliveredRow[] }): SafeHtml {
  const { rows } = options;
  return layout({
    title: 'No entregados',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    body: html`<h1>No entregados</h1>
<p class="ayuda">Mensajes que WhatsApp no entregó en los últimos ${UNDELIVERED_DAYS} días. Cada uno generó una alerta en su caso; ábrelo para decidir qué hacer.</p>
${
  rows.length === 0
    ? html`<p class="vacio">No hay mensajes sin entregar.</p>`
    : html`<table class="tabla no-entregados">
  <caption class="visualmente-oculto">Mensajes no entregados, del más reciente al más antiguo</caption>
  <thead><tr><th scope="col">Cuándo</th><th scope="col">Caso</th><th scope="col">Mensaje</th><th scope="col">Qué pasó</th><th scope="col">Qué hacer</th><th scope="col">Código</th></tr></thead>
  <tbody>${rows.map(
    (row) => html`<tr${row.alertOpen ? html` class="no-entregados__pendiente"` : ''}>
    <td><time datetime="${row.at.toISOString()}">${dateTime(row.at)}</time></td>
    <th scope="row"><a href="/casos/${row.caseId}">${row.alias}</a>${row.alertOpen ? html` <span class="etiqueta">Alerta abierta</span>` : ''}</th>
    <td>${whatMessage(row)}</td>
    <td>${row.what}</td>
    <td>${row.todo}</td>
    <td><code>${row.errorCode}</code></td>
  </tr>`,
  )}</tbody>
</table>`
}`,
  });
}
