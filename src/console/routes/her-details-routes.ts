import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { LANGUAGES } from '../../engine/index.js';
import { aliasProblem } from '../../app/alias-rules.js';
import { IMPORT_TEXTS } from '../../app/records/import-texts.js';
import { editHerDetails } from '../../app/console/edit-her-details.js';
import { NO_ALIAS } from '../../app/no-alias.js';
import { CASE_ROLES } from '../../app/console/policy.js';
import { authorize, wantsJson } from '../authorize.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest, RequestError } from '../request-error.js';
import { caseParams, staffOf } from './route-helpers.js';

const detailsBody = z.object({
  // Empty: she has none, and her messages use their alias-free wording.
  alias: z
    .string('debe ser texto')
    .default('')
    .transform((value) => value.trim())
    .superRefine((value, ctx) => {
      const problem = aliasProblem(value);
      // The import's words for the same rule.
      if (problem) ctx.addIssue({ code: 'custom', message: IMPORT_TEXTS[problem].es });
    }),
  idioma: z.enum(LANGUAGES, 'debe ser es-MX, en o yua'),
  riesgo: z.enum(['low', 'medium', 'high'], 'debe ser low, medium o high'),
});

/**
 * `POST /casos/:caseId/datos`: her alias (`alias`, empty for none), the language of her texts
 * (`idioma`: `es-MX`, `en`, `yua`) and the case's risk (`riesgo`: `low`, `medium`, `high`), from the
 * case page, by whoever may see the case. 303 back to the case (204 for JSON); bad input (an alias
 * holding a word of the deny list among them) is a 400 naming the field, and changes nothing.
 */
export const herDetailsRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  app.post('/casos/:caseId/datos', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const body = parseRequest(detailsBody, request.body, 'body', 'es');
    // Her messages carry her alias onto her lock screen: it holds no word the flows may not say.
    const [denied] = deps.interrupts.denyList.find(body.alias);
    if (denied) throw new RequestError(400, 'invalid_request', 'alias', `alias: no debe contener «${denied.word}»: sus mensajes no pueden llevar esa palabra`);
    await editHerDetails(deps, staffOf(request), caseId, { alias: body.alias === '' ? NO_ALIAS : body.alias, language: body.idioma, risk: body.riesgo });
    return wantsJson(request) ? reply.code(204).send() : reply.redirect(`/casos/${caseId}?hecho=datos`, 303);
  });
};
