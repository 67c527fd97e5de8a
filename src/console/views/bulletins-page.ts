import type { BulletinSummary } from '../../app/records/bulletins.js';
import { periodPhrase } from '../../app/records/report-bulletin.js';
import { dayOf } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageViewer } from './layout.js';

/**
 * The *Boletines* page: the monthly bulletins the service computed (on the first day of each month, for
 * the month before), newest first, each a link to its printable page; and a link to print the bulletin
 * of any period from the report page.
 */
export function bulletinsPage(options: { viewer: PageViewer; csrfToken: string; bulletins: BulletinSummary[] }): SafeHtml {
  const rows = options.bulletins.map(
    (b) => html`<tr>
  <th scope="row"><a href="/boletines/${b.id}">${periodPhrase(b.from, b.to)}</a></th>
  <td>${dayOf(b.createdAt)}</td>
</tr>`,
  );
  return layout({
    title: 'Boletines',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    body: html`<h1>Boletines mensuales</h1>
<p class="ayuda">El primer día de cada mes se calcula el boletín del mes anterior. Ábrelo para imprimirlo o guardarlo como PDF y adjuntarlo a un oficio. Cada boletín abierto queda registrado.</p>
${options.bulletins.length === 0
  ? html`<p>Todavía no hay boletines. El primero se calculará el día 1 del próximo mes.</p>`
  : html`<table class="tabla">
  <caption class="visualmente-oculto">Boletines calculados</caption>
  <thead><tr><th scope="col">Periodo</th><th scope="col">Calculado el</th></tr></thead>
  <tbody>${rows}</tbody>
</table>`}
<p>Para el boletín de otro periodo, elige las fechas en el <a href="/reports">informe</a> y usa «Versión para imprimir».</p>`,
  });
}
