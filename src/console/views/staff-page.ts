import { STAFF_ROLES, type StaffMember } from '../../app/console/ports.js';
import { MIN_PASSWORD_LENGTH } from '../../app/console/staff-admin.js';
import { dateTime } from './format.js';
import { html, type SafeHtml } from './html.js';
import { ROLE_LABELS } from './labels.js';
import { csrfField, layout, type PageViewer } from './layout.js';

/** The admin's page: every account, a form to create one, a button to disable each active one. */
export function staffPage(options: {
  viewer: PageViewer & { id: string };
  csrfToken: string;
  staff: StaffMember[];
  notice?: string | undefined;
  error?: string | undefined;
  /** What was typed, to fill the form again after an error (never the password). */
  draft?: { email?: string; displayName?: string; role?: string } | undefined;
  /** A temporary password just set, shown this once. */
  temporary?: { displayName: string; email: string; password: string } | undefined;
}): SafeHtml {
  const temporary = options.temporary;
  const draft = options.draft ?? {};
  return layout({
    title: 'Personal',
    viewer: options.viewer,
    csrfToken: options.csrfToken,
    page: 'admin',
    body: html`<div class="encabezado"><h1>Personal</h1></div>
${options.notice && html`<p class="aviso aviso--ok" role="status">${options.notice}</p>`}
${options.error && html`<p class="aviso aviso--error" role="alert">${options.error}</p>`}
${
  temporary &&
  html`<div class="aviso aviso--ok" role="status" id="contrasena-temporal">
  <p>Contraseña temporal de ${temporary.displayName} (${temporary.email}): <code class="temporal">${temporary.password}</code></p>
  <p class="ayuda">Se muestra solo esta vez. Entrégala en persona; al iniciar sesión con ella deberá elegir su propia contraseña. Sus sesiones abiertas terminaron.</p>
</div>`
}
<div class="admin">
<section class="bloque" aria-labelledby="titulo-cuentas">
  <h2 id="titulo-cuentas">Cuentas</h2>
  <table class="tabla">
    <thead><tr><th scope="col">Nombre</th><th scope="col">Correo</th><th scope="col">Perfil</th><th scope="col">Estado</th><th scope="col">Alta</th><th scope="col"><span class="visualmente-oculto">Acciones</span></th></tr></thead>
    <tbody>${options.staff.map(
      (s) => html`<tr>
      <td>${s.displayName}</td><td>${s.email}</td><td>${ROLE_LABELS[s.role]}</td>
      <td>${s.active ? 'Activa' : 'Desactivada'}${s.mustChangePassword ? html` <span class="ayuda">(contraseña temporal)</span>` : ''}</td><td class="fecha">${dateTime(s.createdAt)}</td>
      <td class="acciones">${s.id === options.viewer.id ? '' : accountActions(s, options.csrfToken)}</td>
    </tr>`,
    )}</tbody>
  </table>
</section>
<section class="bloque" aria-labelledby="titulo-nueva">
  <h2 id="titulo-nueva">Nueva cuenta</h2>
  <form method="post" action="/admin/personal" class="formulario">
    ${csrfField(options.csrfToken)}
    <label for="displayName">Nombre</label>
    <input id="displayName" name="displayName" required maxlength="100" value="${draft.displayName ?? ''}">
    <label for="nuevo-email">Correo</label>
    <input id="nuevo-email" name="email" type="email" required maxlength="254" autocomplete="off" value="${draft.email ?? ''}">
    <label for="role">Perfil</label>
    <select id="role" name="role">${STAFF_ROLES.map((r) => html`<option value="${r}"${draft.role === r ? ' selected' : ''}>${ROLE_LABELS[r]}</option>`)}</select>
    <label for="nuevo-password">Contraseña inicial</label>
    <input id="nuevo-password" name="password" type="password" required minlength="${MIN_PASSWORD_LENGTH}" maxlength="256" autocomplete="new-password" aria-describedby="ayuda-password">
    <p class="ayuda" id="ayuda-password">Al menos ${MIN_PASSWORD_LENGTH} caracteres. Entrégala en persona.</p>
    <button type="submit" class="boton boton--principal">Crear cuenta</button>
  </form>
</section>
</div>`,
  });
}

/** The buttons of another staff member's row: disable or re-enable, and reset the password. */
function accountActions(s: StaffMember, csrfToken: string): SafeHtml {
  const toggle = s.active
    ? html`<form method="post" action="/admin/personal/${s.id}/desactivar">${csrfField(csrfToken)}<button type="submit" class="boton boton--peligro" aria-label="Desactivar la cuenta de ${s.displayName}">Desactivar</button></form>`
    : html`<form method="post" action="/admin/personal/${s.id}/reactivar">${csrfField(csrfToken)}<button type="submit" class="boton" aria-label="Reactivar la cuenta de ${s.displayName}">Reactivar</button></form>`;
  return html`${toggle}<form method="post" action="/admin/personal/${s.id}/restablecer">${csrfField(csrfToken)}<button type="submit" class="boton" aria-label="Restablecer contraseña de ${s.displayName}">Restablecer contraseña</button></form>`;
}
