import { html, type SafeHtml } from './html.js';
import { layout, type PageViewer } from './layout.js';

/** A page saying what went wrong, in Spanish, with a way back. */
export function errorPage(options: {
  title: string;
  message: string;
  viewer: PageViewer | null;
  csrfToken: string;
  back?: { href: string; label: string };
}): SafeHtml {
  const back = options.back ?? { href: '/', label: 'Ir al inicio' };
  return layout({
    title: options.title,
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    page: 'error',
    body: html`<section class="tarjeta tarjeta--angosta" aria-labelledby="titulo">
  <h1 id="titulo">${options.title}</h1>
  <p role="alert">${options.message}</p>
  <p><a href="${back.href}">${back.label}</a></p>
</section>`,
  });
}
