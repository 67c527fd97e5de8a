import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { reassignOpenCases } from '../../app/console/reassign-cases.js';
import { authorize, wantsJson } from '../authorize.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest } from '../request-error.js';
import { staffOf } from './route-helpers.js';

const reassignBody = z.object({
  de: z.uuid('debe ser el identificador de una psicóloga'),
  // Empty: the cases are left unassigned.
  staffId: z.union([z.literal(''), z.uuid('debe ser el identificador de una psicóloga')]),
});

/**
 * `POST /asignaciones`: coordination moves every open case of the psychologist `de` to the active
 * psychologist `staffId` (empty: unassigned), one by one, each audited `case.assigned`. 303 to the
 * inbox filtered by who has them now, with how many moved (`?hecho=reasignados&movidos=N`); JSON
 * `{ moved }`. 404 `psychologist_not_found` (field `de`), 400 `invalid_assignee` (field `staffId`).
 */
export const reassignRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  app.post('/asignaciones', { preHandler: authorize(['coordinator']) }, async (request, reply) => {
    const { de, staffId } = parseRequest(reassignBody, request.body, 'body', 'es');
    const { moved } = await reassignOpenCases(deps, staffOf(request), de, staffId === '' ? null : staffId);
    if (wantsJson(request)) return reply.send({ moved });
    return reply.redirect(`/?psicologa=${staffId === '' ? 'none' : staffId}&hecho=reasignados&movidos=${moved}`, 303);
  });
};
