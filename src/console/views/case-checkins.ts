import type { ConversationRecord, StaffIdentity } from '../../app/console/ports.js';
import { dateTime, localInputValue } from './format.js';
import { html, type SafeHtml } from './html.js';
import { csrfField } from './layout.js';

/** What the check-in section needs besides the case. */
export interface CheckInSectionContext {
  viewer: StaffIdentity;
  csrfToken: string;
  /** Flows a check-in can start, by id and name. */
  flows: { id: string; name: string }[];
  now: Date;
}

/**
 * The case's upcoming check-ins (`#seguimientos`). Coordinators also get the forms to add one and,
 * per check-in, to move or cancel it: plain forms that post and come back to the case; the page's
 * script sends them in place and re-fetches this section (`GET /api/casos/:caseId/seguimientos`).
 * Times are Cancún's; one outside her safe hours moves to her next safe moment.
 */
export function checkInSection(record: ConversationRecord, ctx: CheckInSectionContext): SafeHtml {
  const schedules = ctx.viewer.role === 'coordinator' && record.status === 'open';
  const flowName = (id: string) => ctx.flows.find((f) => f.id === id)?.name ?? id;
  return html`<section class="bloque" aria-labelledby="titulo-seguimientos" id="seguimientos">
  <h2 id="titulo-seguimientos" tabindex="-1">Próximos seguimientos</h2>
  <p class="aviso aviso--error" role="alert" id="error-seguimientos" hidden></p>
  ${
    record.upcomingCheckIns.length === 0
      ? html`<p>Ninguno programado.</p>`
      : html`<ul class="lista">${record.upcomingCheckIns.map(
          (c) => html`<li id="seguimiento-${c.id}">${dateTime(c.dueAt)}: ${flowName(c.flowId)}${c.movedReason ? html` <span class="tenue">(movido: ${c.movedReason})</span>` : ''}
          ${schedules && changeForms(record.id, c, ctx)}
          ${schedules && sendNowForm(record.id, c, ctx)}</li>`,
        )}</ul>
        ${record.attention !== 'bot' && html`<p class="ayuda">En pausa mientras una persona atiende el caso.</p>`}`
  }
  ${schedules && addForm(record.id, ctx)}
</section>`;
}

/** *Enviar ahora*: sends the check-in at once if now is inside her safe hours (else says when it can go). */
function sendNowForm(caseId: string, c: ConversationRecord['upcomingCheckIns'][number], ctx: CheckInSectionContext): SafeHtml {
  return html`<form method="post" action="/casos/${caseId}/seguimientos/${c.id}/enviar" class="cita-accion" data-seguimiento>
    ${csrfField(ctx.csrfToken)}
    <button type="submit" class="boton">Enviar ahora<span class="visualmente-oculto"> el seguimiento del ${dateTime(c.dueAt)}</span></button>
  </form>`;
}

function changeForms(caseId: string, c: ConversationRecord['upcomingCheckIns'][number], ctx: CheckInSectionContext): SafeHtml {
  const id = c.id;
  return html`<details class="cambiar-seguimiento">
  <summary>Mover o cancelar<span class="visualmente-oculto"> el seguimiento del ${dateTime(c.dueAt)}</span></summary>
  <form method="post" action="/casos/${caseId}/seguimientos/${id}/mover" class="formulario" data-seguimiento>
    ${csrfField(ctx.csrfToken)}
    <label for="fecha-${id}">Nueva fecha y hora</label>
    <input id="fecha-${id}" name="fecha" type="datetime-local" required value="${localInputValue(c.dueAt)}" min="${localInputValue(ctx.now)}">
    <label for="motivo-mover-${id}">Motivo</label>
    <input id="motivo-mover-${id}" name="motivo" required maxlength="200">
    <button type="submit" class="boton">Mover</button>
  </form>
  <form method="post" action="/casos/${caseId}/seguimientos/${id}/cancelar" class="formulario" data-seguimiento>
    ${csrfField(ctx.csrfToken)}
    <label for="motivo-cancelar-${id}">Motivo de la cancelación</label>
    <input id="motivo-cancelar-${id}" name="motivo" required maxlength="200">
    <button type="submit" class="boton boton--peligro">Cancelar seguimiento</button>
  </form>
</details>`;
}

function addForm(caseId: string, ctx: CheckInSectionContext): SafeHtml {
  return html`<form method="post" action="/casos/${caseId}/seguimientos" class="formulario" data-seguimiento>
  ${csrfField(ctx.csrfToken)}
  <h3 class="subtitulo">Agregar seguimiento</h3>
  <label for="seguimiento-flujo">Conversación</label>
  <select id="seguimiento-flujo" name="flujo" required>${ctx.flows.map((f) => html`<option value="${f.id}">${f.name}</option>`)}</select>
  <label for="seguimiento-fecha">Fecha y hora <span class="tenue">(hora de Cancún)</span></label>
  <input id="seguimiento-fecha" name="fecha" type="datetime-local" required min="${localInputValue(ctx.now)}" aria-describedby="ayuda-seguimiento">
  <p class="ayuda" id="ayuda-seguimiento">Si cae fuera de su horario seguro, pasa a su siguiente momento seguro.</p>
  <button type="submit" class="boton">Agregar</button>
</form>`;
}
