import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { editSafeHours, type SafeHoursChange } from '../../app/console/edit-safe-hours.js';
import { CASE_ROLES } from '../../app/console/policy.js';
import { authorize, wantsJson } from '../authorize.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest } from '../request-error.js';
import { refused, weeklyWindowsBody, windowsOf } from './weekly-windows-form.js';
import { parseLocalInput } from '../views/format.js';
import { caseParams, staffOf } from './route-helpers.js';

const localMoment = z.string('es obligatorio').max(40).transform((value, ctx) => {
  const at = parseLocalInput(value);
  if (!at) ctx.addIssue({ code: 'custom', message: 'debe ser una fecha y hora como 2026-12-24T18:00' });
  return at ?? new Date(NaN);
});
const blockBody = z.object({ desde: localMoment, hasta: localMoment });
const unblockBody = z.object({ desde: z.iso.datetime({ offset: true, error: 'debe ser el inicio de un periodo guardado' }) });

/** How far ahead a blocked period may end: as far as anything is scheduled. */
const BLOCK_HORIZON_MS = 2 * 366 * 24 * 3_600_000;

/**
 * Her safe hours, changed from the case page by whoever may see the case (psychologists, coordinators):
 * `POST /casos/:caseId/horario` (her weekly windows, `dia1_desde`…`dia7_hasta` in Cancún time, or
 * `general=si` for the service's), `…/horario/bloqueos` (a period of no contact: `desde`, `hasta`) and
 * `…/horario/bloqueos/quitar` (`desde`: the stored start of the period to remove). Each answers 303 back
 * to the case (204 for JSON); bad input is a 400 naming the field, and changes nothing.
 */
export const safeHoursRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  const finish = async (request: FastifyRequest, reply: FastifyReply, caseId: string, change: SafeHoursChange) => {
    await editSafeHours(deps, staffOf(request), caseId, change);
    return wantsJson(request) ? reply.code(204).send() : reply.redirect(`/casos/${caseId}?hecho=horario`, 303);
  };

  app.post('/casos/:caseId/horario', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const body = parseRequest(weeklyWindowsBody, request.body, 'body', 'es') as Record<string, string | undefined>;
    // A form with no day at all: she could never be written to.
    const windows = body['general'] === 'si' ? null : windowsOf(body, 'elige al menos un día con horario, o usa el horario general del servicio');
    return finish(request, reply, caseId, { kind: 'windows', windows });
  });

  app.post('/casos/:caseId/horario/bloqueos', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const { desde, hasta } = parseRequest(blockBody, request.body, 'body', 'es');
    const now = deps.clock.now();
    if (hasta.getTime() <= desde.getTime()) throw refused('hasta', 'debe ser después del inicio');
    if (hasta.getTime() <= now.getTime()) throw refused('hasta', 'ya pasó: el periodo debe terminar en el futuro');
    if (hasta.getTime() > now.getTime() + BLOCK_HORIZON_MS) throw refused('hasta', 'debe ser dentro de los próximos dos años');
    return finish(request, reply, caseId, { kind: 'block', from: desde, to: hasta });
  });

  app.post('/casos/:caseId/horario/bloqueos/quitar', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const { desde } = parseRequest(unblockBody, request.body, 'body', 'es');
    return finish(request, reply, caseId, { kind: 'unblock', from: desde });
  });
};
