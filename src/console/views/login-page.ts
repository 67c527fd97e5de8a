import { html, type SafeHtml } from './html.js';
import { csrfField, layout } from './layout.js';

/** The sign-in page, with an optional error (always the same generic wording) and where to go after. */
export function loginPage(options: { csrfToken: string; error?: string; next?: string; email?: string }): SafeHtml {
  return layout({
    title: 'Iniciar sesión',
    viewer: null,
    csrfToken: options.csrfToken,
    page: 'login',
    body: html`<section class="tarjeta tarjeta--angosta" aria-labelledby="titulo">
  <h1 id="titulo">Iniciar sesión</h1>
  ${options.error && html`<p class="aviso aviso--error" role="alert">${options.error}</p>`}
  <form method="post" action="/login" class="formulario">
    ${csrfField(options.csrfToken)}
    ${options.next && html`<input type="hidden" name="siguiente" value="${options.next}">`}
    <label for="email">Correo</label>
    <input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="${options.email ?? ''}" autofocus>
    <label for="password">Contraseña</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
    <button type="submit" class="boton boton--principal">Entrar</button>
  </form>
</section>`,
  });
}
