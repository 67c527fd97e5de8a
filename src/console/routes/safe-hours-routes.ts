import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { editSafeHours, type SafeHoursChange } from '../../app/console/edit-safe-hours.js';
import { CASE_ROLES } from '../../app/console/policy.js';
import type { WeeklyWindow } from '../../app/safe-hours/policy.js';
import { authorize, wantsJson } from '../authorize.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest, RequestError } from '../request-error.js';
import { parseLocalInput } from '../views/format.js';
import { caseParams, staffOf } from './route-helpers.js';

/** ISO weekdays, Monday first, as the form names its fields (`dia1_desde` … `dia7_hasta`). */
const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** A time of day as a `time` input sends it, or empty (no contact that day). */
const timeOfDay = z.union([z.literal(''), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'debe ser una hora como 09:30')]).default('');

const windowsBody = z.object({
  general: z.literal('si', 'debe ser «si» o no enviarse').optional(),
  ...Object.fromEntries(DAYS.flatMap((d) => [[`dia${d}_desde`, timeOfDay], [`dia${d}_hasta`, timeOfDay]])),
});

const localMoment = z.string('es obligatorio').max(40).transform((value, ctx) => {
  const at = parseLocalInput(value);
  if (!at) ctx.addIssue({ code: 'custom', message: 'debe ser una fecha y hora como 2026-12-24T18:00' });
  return at ?? new Date(NaN);
});
const blockBody = z.object({ desde: localMoment, hasta: localMoment });
const unblockBody = z.object({ desde: z.iso.datetime({ offset: true, error: 'debe ser el inicio de un periodo guardado' }) });

/** A 400 naming `field`, in the form every console refusal of a request takes (`campo: problema`). */
function refused(field: string, problem: string): RequestError {
  return new RequestError(400, 'invalid_request', field, `${field}: ${problem}`);
}

/** How far ahead a blocked period may end: as far as anything is scheduled. */
const BLOCK_HORIZON_MS = 2 * 366 * 24 * 3_600_000;

/**
 * Her weekly windows from the form: one per day with both times, grouped by equal times (`lun–vie,
 * 10:00 a 13:00`). A day with one time but not the other, or with the same time twice, is refused
 * naming its field; a form with no day at all too (she could never be written to: choose the
 * service's hours instead).
 */
function windowsOf(body: Record<string, string | undefined>): WeeklyWindow[] {
  const byTimes = new Map<string, WeeklyWindow>();
  for (const day of DAYS) {
    const from = body[`dia${day}_desde`] ?? '';
    // A time input cannot say 24:00: "hasta 00:00" is the end of the day.
    const to = body[`dia${day}_hasta`] === '00:00' && from !== '' ? '24:00' : (body[`dia${day}_hasta`] ?? '');
    if (from === '' && to === '') continue;
    if (from === '' || to === '') throw refused(from === '' ? `dia${day}_desde` : `dia${day}_hasta`, 'falta la otra hora de ese día');
    if (from === to) throw refused(`dia${day}_hasta`, 'debe ser distinta de la hora de inicio');
    const key = `${from}-${to}`;
    const window = byTimes.get(key) ?? { days: [], from, to };
    window.days.push(day);
    byTimes.set(key, window);
  }
  if (byTimes.size === 0) {
    throw refused('dia1_desde', 'elige al menos un día con horario, o usa el horario general del servicio');
  }
  return [...byTimes.values()];
}

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
    const body = parseRequest(windowsBody, request.body, 'body', 'es') as Record<string, string | undefined>;
    const windows = body['general'] === 'si' ? null : windowsOf(body);
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
