import { MIN_PASSWORD_LENGTH } from '../../app/console/staff-admin.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, layout, type PageViewer } from './layout.js';

/**
 * "Mi contraseña": the signed-in staff member chooses a new password, giving her current one. When
 * an admin gave her a temporary password (`required`), the page says she must do it before anything else.
 */
export function passwordPage(options: {
  viewer: PageViewer;
  csrfToken: string;
  required: boolean;
  error?: string | undefined;
  notice?: string | undefined;
}): SafeHtml {
  return layout({
    title: 'Mi contraseña',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    page: 'account',
    body: html`<section class="tarjeta tarjeta--angosta" aria-labelledby="titulo">
  <h1 id="titulo">Mi contraseña</h1>
  ${options.required && html`<p class="aviso" role="status">Entraste con una contraseña temporal. Elige tu propia contraseña para continuar.</p>`}
  ${options.notice && html`<p class="aviso aviso--ok" role="status">${options.notice}</p>`}
  ${options.error && html`<p class="aviso aviso--error" role="alert">${options.error}</p>`}
  <form method="post" action="/cuenta/contrasena" class="formulario">
    ${csrfField(options.csrfToken)}
    <label for="actual">${options.required ? 'Contraseña temporal' : 'Contraseña actual'}</label>
    <input id="actual" name="actual" type="password" autocomplete="current-password" required maxlength="256" autofocus>
    <label for="nueva">Contraseña nueva</label>
    <input id="nueva" name="nueva" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" maxlength="256" aria-describedby="ayuda-nueva">
    <p class="ayuda" id="ayuda-nueva">Al menos ${MIN_PASSWORD_LENGTH} caracteres; distinta de la actual.</p>
    <label for="confirmacion">Repite la contraseña nueva</label>
    <input id="confirmacion" name="confirmacion" type="password" autocomplete="new-password" required maxlength="256">
    <button type="submit" class="boton boton--principal">Guardar contraseña</button>
  </form>
</section>`,
  });
}
