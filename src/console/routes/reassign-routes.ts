import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { distributeUnassignedCases, reassignOpenCases } from '../../app/console/reassign-cases.js';
import { authorize, wantsJson } from '../authorize.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest } from '../request-error.js';
import { staffOf, tickedBox } from './route-helpers.js';

const reassignBody = z.object({
  de: z.uuid('debe ser el identificador de una psicóloga'),
  // Empty: the cases are left unassigned.
  staffId: z.union([z.literal(''), z.uuid('debe ser el identificador de una psicóloga')]),
  // Ticked: her video-call sessions of those cases go with them.
  sesiones: tickedBox,
});

const psychologistId = z.uuid('debe ser el identificador de una psicóloga');
const distributeBody = z.object({
  // One box ticked arrives as a value, several as a list.
  psicologas: z
    .union([psychologistId, z.array(psychologistId)], 'elige al menos una psicóloga')
    .transform((ids) => (Array.isArray(ids) ? ids : [ids]))
    .pipe(z.array(z.string()).min(1, 'elige al menos una psicóloga').max(500)),
});

/**
 * `POST /asignaciones`: coordination moves every open case of the psychologist `de` to the active
 * psychologist `staffId` (empty: unassigned), one by one, each audited `case.assigned`; with `sesiones`
 * ticked, their video-call sessions still to happen that she holds go too. 303 to the inbox filtered
 * by who has them now, with how many moved and how many sessions went and stayed
 * (`?hecho=reasignados&movidos=N&sesiones=G&quedan=K`); JSON `{ moved, sessionsGiven, sessionsKept }`.
 * 404 `psychologist_not_found` (field `de`), 400 `invalid_assignee` (field `staffId`).
 *
 * `POST /asignaciones/repartir`: coordination shares out every open unassigned case among the chosen
 * active psychologists (`psicologas`, one or more), each to whoever has fewest open cases then. 303 to
 * the unassigned cases with how many moved (`?psicologa=none&hecho=repartidos&movidos=N`); JSON
 * `{ moved, given: { <staffId>: N } }`; 400 naming `psicologas` (none chosen) or `staffId` (one is no
 * active psychologist).
 */
export const reassignRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  app.post('/asignaciones', { preHandler: authorize(['coordinator']) }, async (request, reply) => {
    const { de, staffId, sesiones } = parseRequest(reassignBody, request.body, 'body', 'es');
    const result = await reassignOpenCases(deps, staffOf(request), de, staffId === '' ? null : staffId, { withSessions: sesiones === 'si' });
    if (wantsJson(request)) return reply.send(result);
    const sessions = `&sesiones=${result.sessionsGiven}&quedan=${result.sessionsKept}`;
    return reply.redirect(`/?psicologa=${staffId === '' ? 'none' : staffId}&hecho=reasignados&movidos=${result.moved}${sessions}`, 303);
  });

  app.post('/asignaciones/repartir', { preHandler: authorize(['coordinator']) }, async (request, reply) => {
    const { psicologas } = parseRequest(distributeBody, request.body, 'body', 'es');
    const { moved, given } = await distributeUnassignedCases(deps, staffOf(request), psicologas);
    if (wantsJson(request)) return reply.send({ moved, given: Object.fromEntries(given) });
    return reply.redirect(`/?psicologa=none&hecho=repartidos&movidos=${moved}`, 303);
  });
};
