import type { StaffRole } from '../../app/console/ports.js';
import { html, type SafeHtml } from './html.js';
import { ROLE_LABELS } from './labels.js';

/** Who is signed in, as the page header shows it. */
export interface PageViewer {
  displayName: string;
  role: StaffRole;
}

/** What every console page is built from. */
export interface PageOptions {
  title: string;
  /** The signed-in staff member; `null` on the sign-in page. */
  viewer: PageViewer | null;
  /** A CSRF token for this session, put in a meta tag for scripts and in every form. */
  csrfToken: string;
  /** Which page script to run: `inbox`, `case`, or none. */
  page?: 'inbox' | 'case' | 'admin' | 'login' | 'error' | 'account' | 'calendar' | 'sessions';
  /** The case shown, for the live script. */
  caseId?: string;
  body: SafeHtml;
}

/**
 * The console's page frame: Spanish, a skip link, the header with navigation by role and sign-out,
 * and the stylesheet and script (served from /static, no inline script, so the CSP forbids them).
 */
export function layout(options: PageOptions): SafeHtml {
  const { viewer } = options;
  return html`<!doctype html>
<html lang="es-MX">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${options.csrfToken}">
<title>${options.title} · Acompaña</title>
<link rel="stylesheet" href="/static/console.css">
<link rel="stylesheet" href="/static/workload.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<script type="module" src="/static/console.js"></script>
</head>
<body data-page="${options.page ?? ''}"${options.caseId ? html` data-case-id="${options.caseId}"` : ''}>
<a class="saltar" href="#contenido">Saltar al contenido</a>
<header class="barra">
  <span class="marca">Acompaña</span>
  ${viewer && navigation(viewer.role)}
  ${viewer &&
  html`<div class="sesion">
    <span class="quien">${viewer.displayName} <span class="rol">· ${ROLE_LABELS[viewer.role]}</span></span>
    <form method="post" action="/logout">
      <input type="hidden" name="_csrf" value="${options.csrfToken}">
      <button type="submit" class="boton boton--discreto">Cerrar sesión</button>
    </form>
  </div>`}
</header>
<main id="contenido" tabindex="-1">
${options.body}
</main>
</body>
</html>
`;
}

/**
 * «Bandeja», with the count of urgent cases the page's script writes in (`#urgentes`): every page
 * that carries it listens live (error pages aside), so an emergency shows wherever she is working.
 */
const INBOX_LINK = html`<li><a href="/">Bandeja <span class="insignia-urgente" id="urgentes" hidden></span></a></li>`;

function navigation(role: StaffRole): SafeHtml {
  const links =
    role === 'admin'
      ? [html`<li><a href="/admin/personal">Personal</a></li>`, html`<li><a href="/admin/registro">Registro de accesos</a></li>`, html`<li><a href="/reports">Reportes</a></li>`]
      : role === 'coordinator'
        ? [
            INBOX_LINK,
            html`<li><a href="/calendario">Calendario</a></li>`,
            html`<li><a href="/no-entregados">No entregados</a></li>`,
            html`<li><a href="/desconocidos">Números sin caso</a></li>`,
            html`<li><a href="/importar">Importar</a></li>`,
            html`<li><a href="/reports">Reportes</a></li>`,
            html`<li><a href="/boletines">Boletines</a></li>`,
          ]
        : [INBOX_LINK, html`<li><a href="/mis-sesiones">Mis sesiones</a></li>`];
  links.push(html`<li><a href="/cuenta/contrasena">Mi contraseña</a></li>`);
  return html`<nav aria-label="Principal"><ul>${links}</ul></nav>`;
}

/** The hidden CSRF field every form carries. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}
