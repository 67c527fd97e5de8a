import { formatCount, periodPhrase, reportBulletin } from '../../app/records/report-bulletin.js';
import type { ReportFigures } from '../../app/records/report-figures.js';
import { embeddedJson, html, SafeHtml } from './html.js';
import { dayOf } from './format.js';
import { reportCharts } from './report-charts-data.js';

/** The rows of the bulletin's figures table: what it counts, and how many. */
export function bulletinRows(f: ReportFigures): [string, number][] {
  return [
    ['Intervenciones', f.total],
    ['Jurídicas', f.servicio.juridica],
    ['Psicológicas', f.servicio.psicologica],
    ['Acompañamiento previo', f.vertiente.acompanamiento_previo],
    ['Intervención de 12 a 48 horas', f.vertiente.intervencion_12_48h],
    ['Atención subsecuente', f.vertiente.atencion_subsecuente],
    ['Seguimiento por WhatsApp o videollamada', f.vertiente.seguimiento],
    ['Llegaron por el 911', f.canal.telefono_911],
    ['Por WhatsApp', f.canal.whatsapp],
    ['Por videollamada', f.canal.videollamada],
    ['Casos registrados en el BANAVIM', f.banavim_registradas],
    ['Mensajes de seguimiento enviados', f.seguimiento.checkins_enviados],
    ['Mensajes de seguimiento respondidos', f.seguimiento.checkins_respondidos],
    ['Conversaciones que pasaron a una persona', f.seguimiento.pases_a_persona],
    ['Videollamadas realizadas', f.seguimiento.videollamadas_realizadas],
  ];
}

/** What the printable bulletin shows, and where its "back" link goes. */
export interface BulletinPageModel {
  figures: ReportFigures;
  /** `Boletín mensual` for a kept bulletin, `Boletín` for any period. */
  heading: string;
  back: { href: string; label: string };
  /** When a kept bulletin was computed. */
  computedAt?: Date | undefined;
}

/**
 * The bulletin as a coordinator attaches it to an official letter: one A4 page with the paragraph, the
 * figures table and the four charts (drawn by `/assets/report-charts.js`; each also described in
 * words). The print stylesheet (`/static/bulletin.css`, `@media print`) hides the screen's links and
 * fits the page to A4; the "Imprimir" button is wired by `/static/bulletin.js` (no inline script).
 */
export function renderBulletinPage(model: BulletinPageModel): string {
  const f = model.figures;
  const charts = reportCharts(f);
  const when = periodPhrase(f.periodo.desde, f.periodo.hasta);
  const body: SafeHtml = html`<!doctype html>
<html lang="es-MX">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${model.heading} · ${when} · Acompaña</title>
<link rel="stylesheet" href="/static/bulletin.css">
</head>
<body>
<nav class="solo-pantalla" aria-label="Acciones">
  <a href="${model.back.href}">← ${model.back.label}</a>
  <button type="button" id="imprimir">Imprimir o guardar como PDF</button>
</nav>
<main class="hoja">
<header>
  <p class="unidad">Unidad de atención · Seguimiento a intervenciones del 911</p>
  <h1>${model.heading}</h1>
  <p class="periodo">${when} <span class="zona">(días en hora de Quintana Roo)</span></p>
</header>
<p class="parrafo">${reportBulletin(f)}</p>
<div class="cuerpo">
<table class="cifras">
  <caption>Cifras del periodo</caption>
  <thead><tr><th scope="col">Concepto</th><th scope="col">Número</th></tr></thead>
  <tbody>${bulletinRows(f).map(([label, n]) => html`<tr><th scope="row">${label}</th><td>${formatCount(n)}</td></tr>`)}</tbody>
</table>
<div class="graficas">
${charts.map(
  (c) => html`<figure>
  <figcaption id="titulo-${c.id}">${c.title}</figcaption>
  <div class="lienzo"><canvas id="grafica-${c.id}" role="img" aria-labelledby="titulo-${c.id}">${c.description}</canvas></div>
  <p class="descripcion">${c.description}</p>
</figure>`,
)}
</div>
</div>
<footer>${model.computedAt ? html`Calculado el ${dayOf(model.computedAt)}. ` : ''}Cifras sin datos personales.</footer>
</main>
<script type="application/json" id="datos-informe">${new SafeHtml(embeddedJson({ charts }))}</script>
<script src="/assets/chart.js" defer></script>
<script src="/assets/report-charts.js" defer></script>
<script src="/static/bulletin.js" defer></script>
</body>
</html>
`;
  return body.toString();
}
