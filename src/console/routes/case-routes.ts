import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CASE_ROLES } from '../../app/console/policy.js';
import { conversationParts, viewConversation } from '../../app/console/view-conversation.js';
import { authorize } from '../authorize.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest } from '../request-error.js';
import { noticeOf } from '../notice-of.js';
import { controlsView } from '../views/case-controls.js';
import { messagesView } from '../views/case-messages.js';
import { casePage } from '../views/case-page.js';
import type { RefusedDraft } from '../views/denied-word-confirmation.js';
import type { SafeHtml } from '../views/html.js';
import { templateOffers } from '../../app/console/send-staff-template.js';
import { needsOutsideHoursConfirmation } from '../../app/console/outside-her-hours.js';
import type { ConversationRecord } from '../../app/console/ports.js';
import { caseParams, flowChoices, sendHtml, staffOf, viewerOf } from './route-helpers.js';

/** Confirmations shown after an action redirects back to the case (`?hecho=`). */
const NOTICES: Record<string, string> = {
  tomada: 'Tomaste la conversación: el bot no le responderá mientras la tengas.',
  devuelta: 'Devolviste la conversación al bot.',
  terminada: 'El seguimiento terminó.',
  plantilla: 'Enviaste la plantilla. Cuando ella responda podrás escribirle libremente.',
  nota: 'Nota guardada.',
  asignada: 'Asignación guardada.',
  enviado: 'Mensaje en camino.',
  seguimiento: 'Seguimientos actualizados.',
  atendida: 'Marcaste la alerta como atendida.',
  horario: 'Horario seguro guardado: los seguimientos y recordatorios lo siguen desde ahora.',
  'palabra-clave': 'Palabra clave guardada. Si ella la escribe, el bot se detiene y se avisa con urgencia.',
  'palabra-quitada': 'Palabra clave quitada.',
  datos: 'Datos guardados: sus próximos mensajes usan su alias e idioma nuevos.',
  consentimiento: 'Decisión registrada.',
  'consentimiento-plan': 'Decisión registrada: se programaron sus mensajes de seguimiento.',
  'consentimiento-baja': 'Decisión registrada: el bot ya no le escribe y los mensajes pendientes se retiraron.',
  'consentimiento-citas': 'Decisión registrada: se cancelaron sus videollamadas agendadas. A ella no se le avisa.',
  reabierto: 'Seguimiento reabierto: el caso espera a una persona. El bot no le escribe hasta que alguien tome la conversación y la devuelva.',
  vinculado: 'Número vinculado: sus mensajes se agregaron a esta conversación y desde ahora se le escribe a ese número.',
  'ya-atendida': 'Esa alerta ya estaba marcada como atendida; no se cambió nada.',
};

/** `?hecho=` (a notice) and `?antes=<message id>` (show from 50 messages before it on). */
const pageQuery = z.object({ hecho: z.string().max(20).optional(), antes: z.uuid({ error: 'debe ser el identificador de un mensaje' }).optional() });

/**
 * The conversation view:
 * - `GET /casos/:caseId?antes=<message id>`: the page (audited as `case.viewed`), at her latest
 *   messages; `antes` adds the 50 before that message ("ver mensajes anteriores");
 * - `GET /api/casos/:caseId/mensajes` and `…/controles`: its history and its state-and-actions part,
 *   re-fetched by the page on live events (not audited again: the view is already open).
 */
export const caseRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  app.get('/casos/:caseId', { preHandler: authorize(CASE_ROLES) }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const { hecho, antes } = parseRequest(pageQuery, request.query, 'query', 'es');
    return sendHtml(reply, await casePageFor(deps, request, reply, caseId, { notice: noticeOf(NOTICES, hecho), before: antes }));
  });

  app.get('/api/casos/:caseId/mensajes', { preHandler: authorize(CASE_ROLES), config: { passive: true } }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const { record, history } = await conversationParts(deps, staffOf(request), caseId);
    return sendHtml(reply, messagesView(history, record.survivor.alias));
  });

  app.get('/api/casos/:caseId/controles', { preHandler: authorize(CASE_ROLES), config: { passive: true } }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const staff = staffOf(request);
    const { record } = await conversationParts(deps, staff, caseId);
    return sendHtml(
      reply,
      controlsView(record, {
        viewer: staff,
        csrfToken: csrfTokenFor(request, reply),
        flows: flowChoices(deps),
        now: deps.clock.now(),
        channel: deps.channel,
        templates: templateOffers(deps.flows, record.survivor, deps.interrupts.denyList),
        outsideHerHours: await outsideHerHoursNow(deps, record),
      }),
    );
  });
};

/**
 * The conversation page of `caseId` for the person asking (audited as `case.viewed`): with a notice
 * after a redirect, from 50 messages before `before`, or with her refused message back in the text
 * box (`draft`).
 */
export async function casePageFor(
  deps: ConsoleDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  caseId: string,
  options: { notice?: string | undefined; before?: string | undefined; draft?: RefusedDraft | undefined },
): Promise<SafeHtml> {
  const staff = staffOf(request);
  const view = await viewConversation(deps, staff, caseId, options.before);
  const psychologists = staff.role === 'coordinator' ? await deps.staff.activePsychologists() : [];
  return casePage({
    viewer: viewerOf(request)!,
    csrfToken: csrfTokenFor(request, reply),
    view,
    flows: flowChoices(deps),
    channel: deps.channel,
    templates: templateOffers(deps.flows, view.record.survivor, deps.interrupts.denyList),
    outsideHerHours: await outsideHerHoursNow(deps, view.record),
    draft: options.draft,
    aliasDeniedWord: deps.interrupts.denyList.find(view.record.survivor.alias)[0]?.found,
    psychologists,
    now: deps.clock.now(),
    notice: options.notice,
  });
}

/** Whether a person's message now would need confirming: outside her safe hours, and she has not just written. */
function outsideHerHoursNow(deps: ConsoleDeps, record: ConversationRecord): Promise<boolean> {
  const times = Object.values(record.lastInboundAt).map((at: Date) => at.getTime());
  const herLast = times.length > 0 ? new Date(Math.max(...times)) : null;
  return needsOutsideHoursConfirmation(deps.checkIns, record.id, herLast, deps.clock.now());
}
