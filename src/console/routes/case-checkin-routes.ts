import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { CheckInChangeError } from '../../app/checkins/staff-check-ins.js';
import { changeCaseCheckIn, type CheckInChange } from '../../app/console/case-check-ins.js';
import { sendCheckInNow } from '../../app/console/send-check-in-now.js';
import { CASE_ROLES } from '../../app/console/policy.js';
import { conversationRecord } from '../../app/console/view-conversation.js';
import { authorize, wantsJson } from '../authorize.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest, RequestError } from '../request-error.js';
import { checkInSection } from '../views/case-checkins.js';
import { dateTime, parseLocalInput } from '../views/format.js';
import { caseParams, flowChoices, sendHtml, staffOf } from './route-helpers.js';

const checkInParams = caseParams.extend({ checkInId: z.uuid('debe ser el identificador de un seguimiento') });
const reason = z
  .string('Escribe el motivo.')
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'Escribe el motivo.').max(200, 'El motivo es demasiado largo (200 caracteres como máximo).'));
const moment = z.string('Elige la fecha y la hora.').max(40).transform((value, ctx) => {
  const at = parseLocalInput(value);
  if (!at) {
    ctx.addIssue({ code: 'custom', message: 'Elige la fecha y la hora.' });
    return z.NEVER;
  }
  return at;
});
const addBody = z.object({ flujo: z.string('Elige la conversación.').min(1, 'Elige la conversación.').max(100), fecha: moment });
const moveBody = z.object({ fecha: moment, motivo: reason });
const cancelBody = z.object({ motivo: reason });

/** The check-in refusals, in the console's words. */
const REFUSALS: Record<CheckInChangeError['code'], { status: number; field: string; message: string }> = {
  CASE_NOT_FOUND: { status: 404, field: 'caseId', message: 'No existe ese caso.' },
  FLOW_NOT_FOUND: { status: 400, field: 'flujo', message: 'Esa conversación no existe.' },
  NOT_SCHEDULED: { status: 409, field: 'checkInId', message: 'Ese seguimiento ya no está programado.' },
  NO_SAFE_MOMENT: { status: 422, field: 'fecha', message: 'No hay un momento seguro para escribirle en los próximos 60 días.' },
  TOO_FAR: { status: 400, field: 'fecha', message: 'Elige una fecha dentro de los próximos dos años.' },
  NOT_REACHABLE: {
    status: 409,
    field: 'caseId',
    message: 'No se le puede escribir: el seguimiento terminó, no hay consentimiento vigente o pidió no recibir mensajes.',
  },
};

/**
 * Check-ins from the conversation page (coordinators schedule; the JSON API under `/api/cases/…`
 * does the same for other clients). Form posts, CSRF-checked and audited, that come back to the case
 * (303 `?hecho=seguimiento`), or answer JSON to the page's script:
 * - `POST /casos/:caseId/seguimientos`: `flujo`, `fecha` (`datetime-local`, Cancún) → 201 as JSON;
 * - `POST /casos/:caseId/seguimientos/:checkInId/mover`: `fecha`, `motivo`;
 * - `POST /casos/:caseId/seguimientos/:checkInId/cancelar`: `motivo`;
 * - `POST /casos/:caseId/seguimientos/:checkInId/enviar`: *Enviar ahora*, only inside her safe hours
 *   (outside them 409 `outside_safe_hours`, saying her next safe moment, nothing changed);
 * - `GET /api/casos/:caseId/seguimientos`: the page's check-in section, re-fetched after a change.
 * A time in the past is refused; one outside her safe hours moves to her next safe moment.
 */
export const caseCheckInRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  const coordinator = authorize(['coordinator']);

  const change = async (caseId: string, staff: ReturnType<typeof staffOf>, request: CheckInChange) => {
    if (request.kind !== 'cancel' && request.at.getTime() <= deps.clock.now().getTime()) {
      throw new RequestError(400, 'invalid_request', 'fecha', 'La fecha debe ser futura.');
    }
    try {
      return await changeCaseCheckIn(deps, staff, caseId, request);
    } catch (error) {
      if (!(error instanceof CheckInChangeError)) throw error;
      const refusal = REFUSALS[error.code];
      throw new RequestError(refusal.status, error.code.toLowerCase(), refusal.field, refusal.message);
    }
  };
  const answer = (caseId: string, status: number, changed: { id: string; dueAt: Date }) => ({
    status,
    json: { id: changed.id, caseId, dueAt: changed.dueAt.toISOString() },
    location: `/casos/${caseId}?hecho=seguimiento#seguimientos`,
  });

  app.post('/casos/:caseId/seguimientos', { preHandler: coordinator }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const body = parseRequest(addBody, request.body, 'body', 'es');
    const done = answer(caseId, 201, await change(caseId, staffOf(request), { kind: 'add', flowId: body.flujo, at: body.fecha }));
    return wantsJson(request) ? reply.code(done.status).send(done.json) : reply.redirect(done.location, 303);
  });

  app.post('/casos/:caseId/seguimientos/:checkInId/mover', { preHandler: coordinator }, async (request, reply) => {
    const { caseId, checkInId } = parseRequest(checkInParams, request.params, 'params', 'es');
    const body = parseRequest(moveBody, request.body, 'body', 'es');
    const done = answer(caseId, 200, await change(caseId, staffOf(request), { kind: 'move', checkInId, at: body.fecha, reason: body.motivo }));
    return wantsJson(request) ? reply.code(done.status).send(done.json) : reply.redirect(done.location, 303);
  });

  app.post('/casos/:caseId/seguimientos/:checkInId/cancelar', { preHandler: coordinator }, async (request, reply) => {
    const { caseId, checkInId } = parseRequest(checkInParams, request.params, 'params', 'es');
    const body = parseRequest(cancelBody, request.body, 'body', 'es');
    const done = answer(caseId, 200, await change(caseId, staffOf(request), { kind: 'cancel', checkInId, reason: body.motivo }));
    return wantsJson(request) ? reply.code(done.status).send(done.json) : reply.redirect(done.location, 303);
  });

  app.post('/casos/:caseId/seguimientos/:checkInId/enviar', { preHandler: coordinator }, async (request, reply) => {
    const { caseId, checkInId } = parseRequest(checkInParams, request.params, 'params', 'es');
    const outcome = await sendCheckInNow(deps, staffOf(request), caseId, checkInId).catch((error: unknown) => {
      if (!(error instanceof CheckInChangeError)) throw error;
      const refusal = REFUSALS[error.code];
      throw new RequestError(refusal.status, error.code.toLowerCase(), refusal.field, refusal.message);
    });
    if (!outcome.sent) {
      const when = outcome.nextSafeAt
        ? `Su siguiente momento seguro es el ${dateTime(outcome.nextSafeAt)}; el seguimiento sigue programado como estaba (puedes moverlo a esa hora).`
        : 'No tiene un momento seguro en los próximos 60 días.';
      throw new RequestError(409, 'outside_safe_hours', 'checkInId', `Ahora está fuera de su horario seguro, así que no se envía. ${when}`);
    }
    const done = { id: outcome.checkIn.id, caseId, dueAt: outcome.checkIn.dueAt.toISOString(), message: 'Enviándose ahora.' };
    return wantsJson(request) ? reply.send(done) : reply.redirect(`/casos/${caseId}?hecho=seguimiento#seguimientos`, 303);
  });

  app.get('/api/casos/:caseId/seguimientos', { preHandler: authorize(CASE_ROLES), config: { passive: true } }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const staff = staffOf(request);
    const record = await conversationRecord(deps, staff, caseId);
    return sendHtml(reply, checkInSection(record, { viewer: staff, csrfToken: csrfTokenFor(request, reply), flows: flowChoices(deps), now: deps.clock.now() }));
  });
};
