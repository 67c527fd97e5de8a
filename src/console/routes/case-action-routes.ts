import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { addNote } from '../../app/console/add-note.js';
import { assignCase } from '../../app/console/assign-case.js';
import { handBack, type HandBackChoice } from '../../app/console/hand-back.js';
import { FOLLOW_UP_OUTCOME_CODES } from '../../app/console/outcomes.js';
import { CASE_ROLES } from '../../app/console/policy.js';
import { reopenCase } from '../../app/console/reopen-case.js';
import { resolveAlert } from '../../app/console/resolve-alert.js';
import { revealPhone } from '../../app/console/reveal-phone.js';
import { sendStaffMessage } from '../../app/console/send-staff-message.js';
import { sendStaffTemplate } from '../../app/console/send-staff-template.js';
import { takeOver } from '../../app/console/take-over.js';
import { authorize, wantsJson } from '../authorize.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest } from '../request-error.js';
import { phoneRevealPage } from '../views/phone-page.js';
import { casePageFor } from './case-routes.js';
import { caseParams, formRefusedForWord, sendHtml, staffOf, tickedBox, typedText, viewerOf } from './route-helpers.js';

// The checkboxes «Enviar aunque esté fuera de su horario seguro» and «Enviar aunque diga esa palabra».
const messageBody = z.object({ texto: typedText(4096), fuera_de_horario: tickedBox, palabra_prohibida: tickedBox });
const templateBody = z.object({
  plantilla: z.string('es obligatorio').regex(/^[a-z0-9_]{1,512}$/, 'debe ser el nombre de una plantilla aprobada'),
  fuera_de_horario: tickedBox,
});
const noteBody = z.object({ texto: typedText(4000) });
const revealBody = z.object({ motivo: typedText(200) });
const assignBody = z.object({ staffId: z.union([z.literal(''), z.uuid('debe ser el identificador de una persona del personal')]) });
const alertParams = caseParams.extend({ alertId: z.uuid('debe ser el identificador de una alerta') });
/** The open alerts the page handed back from showed, ids separated by commas (empty: none): any other refuses the hand-back. */
const alertsShown = z
  .string()
  .max(37 * 200)
  .regex(/^([0-9a-f-]{36}(,[0-9a-f-]{36})*)?$/, 'deben ser los identificadores de las alertas que se mostraron')
  .optional();
const handBackBody = z.discriminatedUnion(
  'modo',
  [
    z.object({ modo: z.literal('reanudar'), vista: alertsShown }),
    z.object({ modo: z.literal('flujo'), flujo: z.string('elige un flujo').min(1, 'elige un flujo').max(100, 'elige un flujo de la lista'), vista: alertsShown }),
    z.object({ modo: z.literal('terminar'), resultado: z.enum(FOLLOW_UP_OUTCOME_CODES, 'elige el resultado del seguimiento'), vista: alertsShown }),
  ],
  { error: 'elige qué hace el bot después' },
);

function handBackChoice(body: z.output<typeof handBackBody>): HandBackChoice {
  switch (body.modo) {
    case 'reanudar':
      return { kind: 'resume' };
    case 'flujo':
      return { kind: 'start_flow', flowId: body.flujo };
    case 'terminar':
      return { kind: 'end', outcome: body.resultado };
  }
}

/**
 * What staff do on a case; each is a form POST (CSRF-checked) that redirects back to the case (303), or
 * answers JSON to the page's script (`Accept: application/json`):
 * - `POST /casos/:caseId/tomar`: take the chat over (409 `held_by_other` with `heldBy` if someone has it);
 * - `POST /casos/:caseId/devolver`: hand it back (`modo` = `reanudar` | `flujo` + `flujo` | `terminar` + `resultado`);
 * - `POST /casos/:caseId/mensajes`: send `texto` to her (holder only; 201 `{ contactId }` as JSON); a
 *   text holding a word of the deny list only with `palabra_prohibida=si` (409 `denied_word` naming
 *   it otherwise: JSON `{ word }`, or the case page again with her text and the checkbox);
 * - `POST /casos/:caseId/plantilla`: send her the approved template `plantilla` (holder only; for the Cloud
 *   API once 24 hours have passed since her last message; 201 `{ contactId }` as JSON);
 * - `POST /casos/:caseId/reabrir`: open an ended follow-up again, waiting for a person (409 `case_open`
 *   if it was not closed; JSON `{ checkInsPlanned }`);
 * - `POST /casos/:caseId/notas`: add a private note;
 * - `POST /casos/:caseId/telefono`: reveal her number for a `motivo` (audited; never cached);
 * - `POST /casos/:caseId/asignar`: assign to a psychologist (coordinators);
 * - `POST /casos/:caseId/alertas/:alertId/atendida`: mark one of its open alerts attended (an alert
 *   already resolved: nothing changes, `?hecho=ya-atendida`; JSON `{ alreadyResolved, backToBot }`).
 */
export const caseActionRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  const back = (caseId: string, done: string) => `/casos/${caseId}?hecho=${done}`;

  app.post('/casos/:caseId/tomar', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const result = await takeOver(deps, staffOf(request), caseId);
    if (wantsJson(request)) return reply.send(result);
    return reply.redirect(back(caseId, 'tomada'), 303);
  });

  app.post('/casos/:caseId/devolver', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const body = parseRequest(handBackBody, request.body, 'body', 'es');
    const choice = handBackChoice(body);
    const seen = body.vista === undefined ? {} : { alertsSeen: body.vista === '' ? [] : body.vista.split(',') };
    const result = await handBack(deps, staffOf(request), caseId, choice, seen);
    if (wantsJson(request)) return reply.send(result);
    return reply.redirect(back(caseId, choice.kind === 'end' ? 'terminada' : 'devuelta'), 303);
  });

  app.post('/casos/:caseId/reabrir', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const result = await reopenCase(deps, staffOf(request), caseId);
    if (wantsJson(request)) return reply.send(result);
    return reply.redirect(back(caseId, 'reabierto'), 303);
  });

  app.post('/casos/:caseId/mensajes', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const { texto, fuera_de_horario, palabra_prohibida } = parseRequest(messageBody, request.body, 'body', 'es');
    const options = { outsideHoursConfirmed: fuera_de_horario === 'si', deniedWordConfirmed: palabra_prohibida === 'si' };
    let result: { contactId: string };
    try {
      result = await sendStaffMessage(deps, staffOf(request), caseId, texto, options);
    } catch (error) {
      if (!formRefusedForWord(error, request)) throw error;
      // Without the page's script, the page again: her text in the box, the refusal and the checkbox.
      return sendHtml(reply, await casePageFor(deps, request, reply, caseId, { draft: { text: texto, refusal: error.message } }), 409);
    }
    if (wantsJson(request)) return reply.code(201).send(result);
    return reply.redirect(back(caseId, 'enviado'), 303);
  });

  app.post('/casos/:caseId/plantilla', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const { plantilla, fuera_de_horario } = parseRequest(templateBody, request.body, 'body', 'es');
    const result = await sendStaffTemplate(deps, staffOf(request), caseId, plantilla, { outsideHoursConfirmed: fuera_de_horario === 'si' });
    if (wantsJson(request)) return reply.code(201).send(result);
    return reply.redirect(back(caseId, 'plantilla'), 303);
  });

  app.post('/casos/:caseId/notas', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const { texto } = parseRequest(noteBody, request.body, 'body', 'es');
    const result = await addNote(deps, staffOf(request), caseId, texto);
    if (wantsJson(request)) return reply.code(201).send(result);
    return reply.redirect(back(caseId, 'nota'), 303);
  });

  app.post('/casos/:caseId/telefono', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const { motivo } = parseRequest(revealBody, request.body, 'body', 'es');
    const { phone } = await revealPhone(deps, staffOf(request), caseId, motivo);
    reply.header('cache-control', 'no-store');
    if (wantsJson(request)) return reply.send({ phone });
    return sendHtml(reply, phoneRevealPage({ viewer: viewerOf(request)!, csrfToken: csrfTokenFor(request, reply), caseId, phone }));
  });

  app.post('/casos/:caseId/alertas/:alertId/atendida', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId, alertId } = parseRequest(alertParams, request.params, 'params', 'es');
    const result = await resolveAlert(deps, staffOf(request), caseId, alertId);
    if (wantsJson(request)) return reply.send(result);
    return reply.redirect(back(caseId, result.alreadyResolved ? 'ya-atendida' : 'atendida'), 303);
  });

  app.post('/casos/:caseId/asignar', { preHandler: authorize(['coordinator']) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const { staffId } = parseRequest(assignBody, request.body, 'body', 'es');
    await assignCase(deps, staffOf(request), caseId, staffId === '' ? null : staffId);
    if (wantsJson(request)) return reply.send({ assigned: staffId || null });
    return reply.redirect(back(caseId, 'asignada'), 303);
  });
};
