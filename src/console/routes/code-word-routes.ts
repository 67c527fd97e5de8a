import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CASE_ROLES } from '../../app/console/policy.js';
import { setCodeWord } from '../../app/console/set-code-word.js';
import { authorize, wantsJson } from '../authorize.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest } from '../request-error.js';
import { caseParams, staffOf } from './route-helpers.js';

/** The word as typed; its length and meaning are checked by the use case, which names this field. */
const codeWordBody = z.object({ palabra_clave: z.string('es obligatoria').trim().min(1, 'es obligatoria').max(200, 'es demasiado larga') });

/**
 * Her code word, recorded from the case page by whoever may see the case (psychologists,
 * coordinators): `POST /casos/:caseId/palabra-clave` (`palabra_clave`: the word she agreed; it replaces
 * any earlier one) and `…/palabra-clave/quitar`. Only its keyed hash is stored. Each answers 303 back
 * to the case (204 for JSON); an unsuitable word is a 400 naming `palabra_clave`, and changes nothing.
 */
export const codeWordRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  const finish = async (request: FastifyRequest, reply: FastifyReply, caseId: string, word: string | null) => {
    await setCodeWord(deps, staffOf(request), caseId, word);
    const notice = word === null ? 'palabra-quitada' : 'palabra-clave';
    return wantsJson(request) ? reply.code(204).send() : reply.redirect(`/casos/${caseId}?hecho=${notice}`, 303);
  };

  app.post('/casos/:caseId/palabra-clave', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const { palabra_clave } = parseRequest(codeWordBody, request.body, 'body', 'es');
    return finish(request, reply, caseId, palabra_clave);
  });

  app.post('/casos/:caseId/palabra-clave/quitar', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    return finish(request, reply, caseId, null);
  });
};
