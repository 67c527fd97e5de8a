import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { recordConsent, type ConsentEffects } from '../../app/console/record-consent.js';
import { CASE_ROLES } from '../../app/console/policy.js';
import type { ConsentPurpose } from '../../app/console/ports.js';
import { authorize, wantsJson } from '../authorize.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest } from '../request-error.js';
import { caseParams, staffOf } from './route-helpers.js';

/** The purposes as the form names them. */
const PURPOSE_OF: Record<string, ConsentPurpose> = { seguimiento: 'follow_up', videollamada: 'video_call', banavim: 'banavim' };

const consentBody = z.object({
  proposito: z.enum(['seguimiento', 'videollamada', 'banavim'], 'debe ser seguimiento, videollamada o banavim'),
  decision: z.enum(['si', 'no'], 'debe ser si o no'),
});

/** Which confirmation the case page shows (`?hecho=`, see case-routes) after a decision with these effects. */
function noticeKey(decision: { purpose: ConsentPurpose; granted: boolean }, effects: ConsentEffects): string {
  if (decision.granted) return decision.purpose === 'follow_up' && effects.checkInsPlanned > 0 ? 'consentimiento-plan' : 'consentimiento';
  if (decision.purpose === 'follow_up') return 'consentimiento-baja';
  if (decision.purpose === 'video_call' && effects.cancelledSessions > 0) return 'consentimiento-citas';
  return 'consentimiento';
}

/**
 * Her consent per purpose, recorded from the case page by whoever may see the case (psychologists,
 * coordinators): `POST /casos/:caseId/consentimientos` with `proposito` (`seguimiento`,
 * `videollamada`, `banavim`) and `decision` (`si`, `no`). Answers 303 back to the case with a notice
 * of what changed, or for JSON 200 `{ withdrawnMessages, cancelledSessions, checkInsPlanned }`; bad
 * input is a 400 naming the field, and records nothing.
 */
export const consentRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  app.post('/casos/:caseId/consentimientos', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const body = parseRequest(consentBody, request.body, 'body', 'es');
    const decision = { purpose: PURPOSE_OF[body.proposito]!, granted: body.decision === 'si' };
    const effects = await recordConsent(deps, staffOf(request), caseId, decision);
    return wantsJson(request) ? reply.send(effects) : reply.redirect(`/casos/${caseId}?hecho=${noticeKey(decision, effects)}`, 303);
  });
};
