import { html, type SafeHtml } from './html.js';
import { layout, type PageViewer } from './layout.js';

/** The page that shows her number once, after an audited reveal (without the page script, the form lands here). */
export function phoneRevealPage(options: { viewer: PageViewer; csrfToken: string; caseId: string; phone: string }): SafeHtml {
  return layout({
    title: 'Número de teléfono',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    body: html`<section class="tarjeta tarjeta--angosta" aria-labelledby="titulo">
  <h1 id="titulo">Número de teléfono</h1>
  <p class="telefono">${options.phone}</p>
  <p class="ayuda">Quedó registrado que lo viste. No lo copies fuera del expediente.</p>
  <p><a href="/casos/${options.caseId}">Volver al caso</a></p>
</section>`,
  });
}
