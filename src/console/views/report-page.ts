import { formatCount, periodPhrase, reportBulletin } from '../../app/records/report-bulletin.js';
import { NO_CATEGORY, type ReportFigures } from '../../app/records/report-figures.js';
import { embeddedJson, escapeHtml } from './html.js';
import { reportCharts } from './report-charts-data.js';

/** A shortcut to a period, shown as a link above the report. */
export interface PeriodLink {
  label: string;
  from: string;
  to: string;
}

/** What the report page shows: the figures, or the form with a message when the dates were wrong. */
export type ReportPageModel =
  | { kind: 'report'; figures: ReportFigures; shortcuts: PeriodLink[] }
  | { kind: 'invalid'; from: string; to: string; field: string; message: string; shortcuts: PeriodLink[] };

/** The page's own stylesheet (a file: the console's Content-Security-Policy forbids inline styles). */
const STYLESHEET = '/static/report.css';

function shortcuts(links: PeriodLink[]): string {
  return `<nav class="atajos" aria-label="Periodos frecuentes">${links
    .map((l) => `<a href="/reports?from=${l.from}&amp;to=${l.to}">${escapeHtml(l.label)}</a>`)
    .join('')}</nav>`;
}

function dateForm(from: string, to: string, invalidField?: string): string {
  const input = (name: string, label: string, value: string, hint: string) =>
    `<label for="${name}">${label}<input type="date" id="${name}" name="${name}" value="${escapeHtml(value)}" required aria-describedby="${name}-ayuda"${
      invalidField === name ? ' aria-invalid="true"' : ''
    }><span id="${name}-ayuda">${hint}</span></label>`;
  return `<form class="fechas" method="get" action="/reports">
  ${input('from', 'Desde', from, 'día incluido')}
  ${input('to', 'Hasta (incluido)', to, 'último día que cuenta')}
  <button type="submit">Ver informe</button>
</form>`;
}

function figureCard(name: string, value: number): string {
  return `<li><span class="valor">${formatCount(value)}</span><span class="nombre">${escapeHtml(name)}</span></li>`;
}

function charts(figures: ReportFigures): string {
  return reportCharts(figures)
    .map(
      (c) => `<figure>
  <figcaption id="titulo-${c.id}">${escapeHtml(c.title)}</figcaption>
  <div class="lienzo"><canvas id="grafica-${c.id}" role="img" aria-labelledby="titulo-${c.id}" aria-describedby="datos-${c.id}">${escapeHtml(c.description)}</canvas></div>
  <details><summary>Ver los datos</summary>
    <table id="datos-${c.id}"><thead><tr><th scope="col">Concepto</th><th scope="col">Número</th></tr></thead><tbody>${c.labels
      .map((label, i) => `<tr><th scope="row">${escapeHtml(label)}</th><td class="numero">${formatCount(c.values[i]!)}</td></tr>`)
      .join('')}</tbody></table>
  </details>
</figure>`,
    )
    .join('\n');
}

/** A category as staff read it: the flow's own id, or what no category means. */
function categoryLabel(category: string): string {
  return category === NO_CATEGORY ? 'Sin categoría (texto libre, número o fecha)' : category;
}

function resultTables(resultados: ReportFigures['resultados']): string {
  const names = Object.keys(resultados);
  const body =
    names.length === 0
      ? '<p>No se guardaron respuestas en este periodo.</p>'
      : `<div class="resultados">${names
          .map((name) => {
            const rows = Object.entries(resultados[name]!);
            const total = rows.reduce((sum, [, n]) => sum + n, 0);
            return `<table>
  <caption>${escapeHtml(name)}</caption>
  <thead><tr><th scope="col">Respuesta</th><th scope="col">Número</th></tr></thead>
  <tbody>${rows.map(([category, n]) => `<tr><th scope="row">${escapeHtml(categoryLabel(category))}</th><td class="numero">${formatCount(n)}</td></tr>`).join('')}</tbody>
  <tfoot><tr><th scope="row">Total</th><td class="numero">${formatCount(total)}</td></tr></tfoot>
</table>`;
          })
          .join('\n')}</div>`;
  return `<section class="panel" aria-labelledby="titulo-resultados">
  <h2 id="titulo-resultados">Respuestas en las conversaciones</h2>
  <p class="nota">Cuántas veces se guardó cada respuesta de los flujos en el periodo, por resultado y por opción. Lo que ella escribe con sus propias palabras, un número o una fecha se cuenta como «sin categoría» y nunca se guarda aquí.</p>
  ${body}
</section>`;
}

function layout(title: string, body: string, data?: unknown): string {
  return `<!doctype html>
<html lang="es-MX">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Acompaña</title>
<link rel="stylesheet" href="${STYLESHEET}">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<header class="barra">Acompaña · Consola · <a href="/">Volver a la consola</a></header>
<main>
${body}
</main>
${data === undefined ? '' : `<script type="application/json" id="datos-informe">${embeddedJson(data)}</script>
<script src="/assets/chart.js" defer></script>
<script src="/assets/report-charts.js" defer></script>`}
</body>
</html>
`;
}

/**
 * The console's report page, in Spanish: the period form and shortcuts, the bulletin paragraph, the key
 * figures, four charts (each with a text description and its data table for screen readers), a table
 * per named result of the flows (categories and counts), and the CSV and JSON downloads. Server-rendered; the charts are drawn by `/assets/report-charts.js`.
 */
export function renderReportPage(model: ReportPageModel): string {
  if (model.kind === 'invalid') {
    return layout(
      'Informe de la unidad',
      `<h1>Informe de la unidad</h1>
${dateForm(model.from, model.to, model.field)}
<p class="aviso" role="alert">Revisa las fechas: ${escapeHtml(model.message)}</p>
${shortcuts(model.shortcuts)}`,
    );
  }
  const f = model.figures;
  const query = `from=${f.periodo.desde}&amp;to=${f.periodo.hasta}`;
  return layout(
    'Informe de la unidad',
    `<h1>Informe de la unidad</h1>
<p class="periodo">${escapeHtml(periodPhrase(f.periodo.desde, f.periodo.hasta))} · días en hora de Quintana Roo</p>
${dateForm(f.periodo.desde, f.periodo.hasta)}
${shortcuts(model.shortcuts)}
<section class="panel" aria-labelledby="titulo-boletin">
  <h2 id="titulo-boletin">Boletín</h2>
  <p>${escapeHtml(reportBulletin(f))}</p>
</section>
<h2>Cifras principales</h2>
<ul class="cifras">
  ${figureCard('Intervenciones', f.total)}
  ${figureCard('Jurídicas', f.servicio.juridica)}
  ${figureCard('Psicológicas', f.servicio.psicologica)}
  ${figureCard('Casos registrados en BANAVIM', f.banavim_registradas)}
</ul>
<div class="graficas">
${charts(f)}
</div>
${resultTables(f.resultados)}
<section class="panel" aria-labelledby="titulo-descargas">
  <h2 id="titulo-descargas">Descargas</h2>
  <div class="descargas">
    <a class="boton" href="/api/reports?${query}&amp;format=csv" download>Descargar CSV</a>
    <a class="boton secundario" href="/api/reports?${query}&amp;format=json" download>Descargar JSON</a>
    <a class="boton secundario" href="/reports/boletin?${query}">Versión para imprimir</a>
  </div>
</section>`,
    { charts: reportCharts(f) },
  );
}
