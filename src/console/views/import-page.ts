import { formatProblem, type ImportProblem } from '../../app/records/import-problem.js';
import type { ImportOutcome } from '../../app/records/ports.js';
import { formatCount } from '../../app/records/report-bulletin.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, layout, type PageViewer } from './layout.js';

/** At most this many problems are listed on the page; the count says how many there are in all. */
const SHOWN_PROBLEMS = 200;

/** What the *Importar* page shows: the upload form, a dry run's problems or summary, or the import done. */
export type ImportPageModel =
  | { kind: 'form'; message?: string }
  | { kind: 'problems'; problems: ImportProblem[] }
  | ({ kind: 'checked'; rows: number; outcome: ImportOutcome; token: string } & FileNotes)
  | ({ kind: 'imported'; rows: number; outcome: ImportOutcome } & FileNotes);

/** What the import left unread of the file: columns it does not use, rows of titles above the header. */
export interface FileNotes {
  ignoredColumns: readonly string[];
  headerBelowTitles?: { headerLine: number; titleRows: number } | undefined;
  sheetRead?: { position: number; count: number } | undefined;
}

function uploadForm(csrfToken: string): SafeHtml {
  return html`<form method="post" action="/importar" enctype="multipart/form-data" class="formulario">
  ${csrfField(csrfToken)}
  <p><label for="archivo">Archivo de intervenciones (.xlsx o .csv)</label><br>
  <input type="file" id="archivo" name="archivo" accept=".xlsx,.csv,.txt,.tsv" required aria-describedby="archivo-ayuda"></p>
  <p id="archivo-ayuda" class="ayuda">El libro de Excel o el CSV tal como lo da el sistema de la unidad: separado por comas, punto y coma o tabuladores. Primero se revisa; nada se importa hasta que confirmes.</p>
  <p><label for="hoja">Hoja del libro (vacío: la primera que tenga la tabla)</label><br>
  <input type="text" id="hoja" name="hoja" maxlength="100"></p>
  <p><label for="codificacion">Codificación del CSV</label><br>
  <select id="codificacion" name="codificacion">
    <option value="">Detectarla</option>
    <option value="utf-8">UTF-8</option>
    <option value="windows-1252">Windows-1252 (CSV de Excel)</option>
  </select></p>
  <p><button type="submit" class="boton">Revisar el archivo</button></p>
</form>`;
}

function summary(rows: number, o: ImportOutcome): SafeHtml {
  const n = formatCount;
  return html`<table class="tabla">
  <caption class="visualmente-oculto">Resumen</caption>
  <tbody>
    <tr><th scope="row">Filas del archivo</th><td>${n(rows)}</td></tr>
    <tr><th scope="row">Intervenciones nuevas</th><td>${n(o.created)}</td></tr>
    <tr><th scope="row">Ya importadas (se dejan como están)</th><td>${n(o.unchanged)}</td></tr>
    <tr><th scope="row">Casos nuevos</th><td>${n(o.casesCreated)}</td></tr>
    <tr><th scope="row">Personas nuevas</th><td>${n(o.survivorsCreated)}</td></tr>
    <tr><th scope="row">Registrados en el BANAVIM</th><td>${n(o.banavimRegistered)}</td></tr>
    <tr><th scope="row">Casos que entran a seguimiento</th><td>${n(o.enrollCaseIds.length)}</td></tr>
    <tr><th scope="row">Mensajes de seguimiento programados</th><td>${n(o.checkInsCreated)}</td></tr>
  </tbody>
</table>`;
}

/** Which sheet was read, when not the first; or nothing. */
function sheetNote(notes: FileNotes): SafeHtml | '' {
  const read = notes.sheetRead;
  if (!read) return '';
  return html`<p id="hoja-leida">Se leyó la hoja ${formatCount(read.position)} de ${formatCount(read.count)}: la primera no tiene la tabla de intervenciones.</p>`;
}

/** Where the header was found, when rows of titles above it were left unread; or nothing. */
function titlesNote(notes: FileNotes): SafeHtml | '' {
  const found = notes.headerBelowTitles;
  if (!found) return '';
  const rows = found.titleRows === 1 ? 'la fila de arriba (título del reporte) no se leyó' : `las ${formatCount(found.titleRows)} filas de arriba (títulos del reporte) no se leyeron`;
  return html`<p id="encabezado-en-linea">El encabezado está en la línea ${formatCount(found.headerLine)}; ${rows}.</p>`;
}

/** The file's columns the import does not read, named, so a coordinator sees what stays out; or nothing. */
function ignoredColumnsNote(labels: readonly string[], done: boolean): SafeHtml | '' {
  if (labels.length === 0) return '';
  return html`<section class="bloque" aria-labelledby="titulo-no-importadas" id="columnas-no-importadas">
  <h2 id="titulo-no-importadas">${labels.length === 1 ? 'Una columna no se importa' : `${formatCount(labels.length)} columnas no se importan`}</h2>
  <p>${done ? 'No se guardó' : 'No se guarda'} nada de ${labels.length === 1 ? 'esta columna' : 'estas columnas'} del archivo:</p>
  <ul>${labels.map((label) => html`<li>${label}</li>`)}</ul>
  <p class="ayuda">Si alguna es una de las que sí se importan (folio, fecha y hora, servicio, vertiente, canal, teléfono, alias, consentimientos, folio BANAVIM), cambia su encabezado y vuelve a subir el archivo.</p>
</section>`;
}

/**
 * The *Importar* page for coordinators, in Spanish: upload the 911 unit's file; its dry run lists the
 * problems by line (`línea N: columna: problema`, never a value from the file) or sums up what the
 * import will do and names the file's columns it does not read, with *Confirmar* to import it; then
 * what was imported.
 */
export function importPage(options: { viewer: PageViewer; csrfToken: string; model: ImportPageModel }): SafeHtml {
  const { model, csrfToken } = options;
  let body: SafeHtml;
  switch (model.kind) {
    case 'form':
      body = html`${model.message ? html`<p class="aviso" role="alert">${model.message}</p>` : ''}${uploadForm(csrfToken)}`;
      break;
    case 'problems': {
      const n = model.problems.length;
      body = html`<div role="alert">
  <h2>El archivo no se puede importar</h2>
  <p>Tiene ${formatCount(n)} ${n === 1 ? 'problema' : 'problemas'}. No se importó nada: corrige el archivo y vuelve a subirlo.</p>
</div>
<ol class="problemas">${model.problems.slice(0, SHOWN_PROBLEMS).map((p) => html`<li>${formatProblem(p)}</li>`)}</ol>
${n > SHOWN_PROBLEMS ? html`<p>… y ${formatCount(n - SHOWN_PROBLEMS)} más.</p>` : ''}
<h2>Subir el archivo corregido</h2>
${uploadForm(csrfToken)}`;
      break;
    }
    case 'checked':
      body = html`<h2>Revisado: sin problemas</h2>
<p>Todavía no se importó nada. Esto es lo que hará la importación:</p>
${summary(model.rows, model.outcome)}
${sheetNote(model)}${titlesNote(model)}
${ignoredColumnsNote(model.ignoredColumns, false)}
<form method="post" action="/importar/confirmar" class="formulario">
  ${csrfField(csrfToken)}
  <input type="hidden" name="revision" value="${model.token}">
  <p><button type="submit" class="boton">Confirmar</button> <a href="/importar">Cancelar</a></p>
</form>
<p>La revisión espera 30 minutos; después hay que volver a subir el archivo.</p>`;
      break;
    case 'imported':
      body = html`<h2 role="status">Importado</h2>
${summary(model.rows, model.outcome)}
${sheetNote(model)}${titlesNote(model)}
${ignoredColumnsNote(model.ignoredColumns, true)}
<p>Los mensajes de seguimiento se envían en su horario seguro. <a href="/importar">Importar otro archivo</a></p>`;
      break;
  }
  return layout({
    title: 'Importar intervenciones',
    viewer: options.viewer,
    csrfToken,
    body: html`<h1>Importar el archivo de intervenciones</h1>
${body}`,
  });
}
