import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import { z } from 'zod';
import {
  linkUnknownSender,
  listUnknownSenders,
  markUnknownReviewed,
  previewLink,
  reopenClosedCase,
  revealUnknownNumber,
  viewUnknownSender,
  type UnknownSenderDeps,
  type UnknownSenderMessage,
} from '../../app/console/unknown-senders.js';
import { unknownSenderWriteRefusal, writeToUnknownSender, type WriteToUnknownSenderDeps } from '../../app/console/write-to-unknown-sender.js';
import { wantsJson } from '../authorize.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import { noticeOf } from '../notice-of.js';
import { parseRequest } from '../request-error.js';
import { UNKNOWN_NOTICES, UNKNOWN_SENDER_NOTICES, unknownSenderPage, unknownSendersPage } from '../views/unknown-senders-page.js';
import { formRefusedForWord, sendHtml, staffOf, tickedBox, typedText, viewerOf } from './route-helpers.js';
import { unknownNumbersNotice } from '../views/inbox-view.js';
import { html } from '../views/html.js';

/** What the review of numbers without a case needs. */
export interface UnknownSenderRoutesOptions extends UnknownSenderDeps, Omit<WriteToUnknownSenderDeps, 'unknownSenders'> {
  /** Lets coordinators through. */
  authorize: preHandlerHookHandler;
}

const idParams = z.object({ id: z.uuid('debe ser el identificador de un número sin caso') });
/** Which confirmation a page shows (`?hecho=`). */
const noticeQuery = z.object({ hecho: z.string().max(20).optional() });
const revealBody = z.object({ motivo: typedText(200) });
const linkBody = z.object({ caso: typedText(64), confirmar: tickedBox });
// The checkboxes «Enviar aunque no escribió hace poco» and «Enviar aunque diga esa palabra».
const writeBody = z.object({ texto: typedText(4096), sin_mensaje_reciente: tickedBox, palabra_prohibida: tickedBox });

/**
 * The coordinators' review of numbers that wrote without an open case:
 * - `GET /desconocidos`: those to review (an emergency word first) and the latest reviewed;
 * - `GET /api/desconocidos/aviso`: the inbox's count of those to review (HTML; what the live script
 *   re-renders when one writes);
 * - `GET /desconocidos/:id`: one number's messages (audited `unknown_sender.viewed`);
 * - `POST /desconocidos/:id/telefono`: the number, for a `motivo` (audited, never cached);
 * - `POST /desconocidos/:id/revisado`: marks it reviewed (303 back to the list);
 * - `POST /desconocidos/:id/vincular`: `caso` (folio or case id of an open case): first the page again
 *   naming her case's alias to confirm (JSON: 409 `confirmation_needed`, field `confirmar`); with
 *   `confirmar=si`, her new number: 303 to her case (JSON `{ caseId, checkInsPlanned }`);
 * - `POST /desconocidos/:id/reabrir`: the number is a woman's whose follow-up ended: her newest case
 *   opens again, waiting for a person (303 to her case; JSON `{ caseId }`);
 * - `POST /desconocidos/:id/mensaje`: a coordinator's `texto` to the number, within 24 hours of its last
 *   message and, after 15 minutes, only with `sin_mensaje_reciente=si` (409 otherwise); holding a word
 *   of the deny list, only with `palabra_prohibida=si` (409 `denied_word`: JSON `{ word }`, or the page
 *   again with the text and the checkbox); 303 back to the number (JSON 201 `{ contactId }`).
 */
export const unknownSenderRoutes: FastifyPluginAsync<UnknownSenderRoutesOptions> = async (app, options) => {
  const guarded = { preHandler: options.authorize };
  /** Whether the page offers to write now, from when the number last wrote among the messages shown. */
  const writingNow = (messages: readonly UnknownSenderMessage[]) =>
    unknownSenderWriteRefusal(messages.findLast((m) => m.direction === 'inbound')?.at ?? null, options.clock.now(), false);

  app.get('/desconocidos', guarded, async (request, reply) => {
    const { hecho } = parseRequest(noticeQuery, request.query, 'query', 'es');
    const { pending, reviewed } = await listUnknownSenders(options, staffOf(request));
    return sendHtml(reply, unknownSendersPage({ viewer: viewerOf(request)!, csrfToken: csrfTokenFor(request, reply), pending, reviewed, notice: noticeOf(UNKNOWN_NOTICES, hecho) }));
  });

  app.get('/api/desconocidos/aviso', { preHandler: options.authorize, config: { passive: true } }, async (request, reply) => {
    return sendHtml(reply, html`${unknownNumbersNotice(await options.unknownSenders.pendingCount())}`);
  });

  app.get('/desconocidos/:id', guarded, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params', 'es');
    const { hecho } = parseRequest(noticeQuery, request.query, 'query', 'es');
    const { sender, messages, closedCase } = await viewUnknownSender(options, staffOf(request), id);
    return sendHtml(
      reply,
      unknownSenderPage({ viewer: viewerOf(request)!, csrfToken: csrfTokenFor(request, reply), sender, messages, closedCase, writing: writingNow(messages), notice: noticeOf(UNKNOWN_SENDER_NOTICES, hecho) }),
    );
  });

  app.post('/desconocidos/:id/reabrir', guarded, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params', 'es');
    const { caseId } = await reopenClosedCase(options, staffOf(request), id);
    return wantsJson(request) ? reply.send({ caseId }) : reply.redirect(`/casos/${caseId}?hecho=reabierto`, 303);
  });

  app.post('/desconocidos/:id/mensaje', guarded, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params', 'es');
    const { texto, sin_mensaje_reciente, palabra_prohibida } = parseRequest(writeBody, request.body, 'body', 'es');
    const staff = staffOf(request);
    let sent: { contactId: string };
    try {
      sent = await writeToUnknownSender(options, staff, id, texto, { notRecentConfirmed: sin_mensaje_reciente === 'si', deniedWordConfirmed: palabra_prohibida === 'si' });
    } catch (error) {
      if (!formRefusedForWord(error, request)) throw error;
      const { sender, messages, closedCase } = await viewUnknownSender(options, staff, id);
      const page = unknownSenderPage({ viewer: viewerOf(request)!, csrfToken: csrfTokenFor(request, reply), sender, messages, closedCase, writing: writingNow(messages), draft: { text: texto, refusal: error.message } });
      return sendHtml(reply, page, 409);
    }
    return wantsJson(request) ? reply.code(201).send(sent) : reply.redirect(`/desconocidos/${id}?hecho=enviado`, 303);
  });

  app.post('/desconocidos/:id/telefono', guarded, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params', 'es');
    const { motivo } = parseRequest(revealBody, request.body, 'body', 'es');
    const staff = staffOf(request);
    const { phone } = await revealUnknownNumber(options, staff, id, motivo);
    reply.header('cache-control', 'no-store');
    if (wantsJson(request)) return reply.send({ phone });
    const { sender, messages, closedCase } = await viewUnknownSender(options, staff, id);
    return sendHtml(reply, unknownSenderPage({ viewer: viewerOf(request)!, csrfToken: csrfTokenFor(request, reply), sender, messages, closedCase, phone, writing: writingNow(messages) }));
  });

  app.post('/desconocidos/:id/revisado', guarded, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params', 'es');
    await markUnknownReviewed(options, staffOf(request), id, options.clock.now());
    return wantsJson(request) ? reply.code(204).send() : reply.redirect('/desconocidos?hecho=revisado', 303);
  });

  app.post('/desconocidos/:id/vincular', guarded, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params', 'es');
    const { caso, confirmar } = parseRequest(linkBody, request.body, 'body', 'es');
    const staff = staffOf(request);
    if (confirmar !== 'si') {
      // Linking the wrong number would send her messages to someone else: name the case first.
      const target = await previewLink(options, staff, id, caso);
      if (wantsJson(request)) {
        return reply.code(409).send({ error: 'confirmation_needed', field: 'confirmar', message: `confirmar: envía confirmar=si para vincular el número al caso de ${target.alias}`, caseId: target.caseId });
      }
      const { sender, messages, closedCase } = await viewUnknownSender(options, staff, id);
      return sendHtml(reply, unknownSenderPage({ viewer: viewerOf(request)!, csrfToken: csrfTokenFor(request, reply), sender, messages, closedCase, linking: { caseRef: caso, target }, writing: writingNow(messages) }));
    }
    const linked = await linkUnknownSender(options, staff, id, caso);
    return wantsJson(request) ? reply.send(linked) : reply.redirect(`/casos/${linked.caseId}?hecho=vinculado`, 303);
  });
};
