import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import { z } from 'zod';
import type { Banavim } from '../../app/records/banavim.js';
import type { Clock } from '../../app/ports.js';
import { systemClock } from '../../app/system-clock.js';
import { RequestError, parseRequest } from '../request-error.js';
import { actorOf } from '../staff-request.js';
import { answerRequestErrors } from './invalid-request.js';

/** What the BANAVIM routes need. */
export interface BanavimRoutesOptions {
  banavim: Banavim;
  /** The console's sign-in and role check, run before every route here. */
  authorize: preHandlerHookHandler;
  /** For the export's file name; the real clock unless a test fixes it. */
  clock?: Clock;
}

const exportQuery = z.object({ format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json') });
const caseParams = z.object({ caseId: z.uuid({ error: 'must be a case id' }) });
const registerBody = z.strictObject({ folio: z.string({ error: 'is required' }) });

/**
 * The BANAVIM routes of the console, as a Fastify plugin (all audited):
 * - `GET /api/banavim/pending?format=json|csv`: the cases pending registration, with the national
 *   record's fields only where she consented (`estado: lista`); CSV as a download.
 * - `POST /api/banavim/:caseId/register` `{ "folio": "…" }` → `200 { case_id, folio, status: 'registered', changed }`;
 *   404 no such case; 409 already registered with another folio, or the folio belongs to another case.
 * - `PUT /api/banavim/:caseId/detail` with the fields (see `banavimDetailSchema`) → `204`; 409 once registered.
 */
export const banavimRoutes: FastifyPluginAsync<BanavimRoutesOptions> = async (app, options) => {
  const clock = options.clock ?? systemClock;
  app.addHook('preHandler', options.authorize);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  answerRequestErrors(app);

  app.get('/api/banavim/pending', async (request, reply) => {
    const { format } = parseRequest(exportQuery, request.query, 'query');
    const { cases, body } = await options.banavim.exportPending(actorOf(request), format);
    if (format === 'json') return reply.send(cases);
    const day = clock.now().toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="banavim-pendientes-${day}.csv"`)
      .send(body);
  });

  app.post('/api/banavim/:caseId/register', async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params');
    const { folio } = parseRequest(registerBody, request.body ?? {}, 'body');
    const outcome = await options.banavim.register({ caseRef: caseId, folio, actor: actorOf(request) });
    switch (outcome.kind) {
      case 'invalid':
        throw new RequestError(400, 'invalid_request', outcome.field, outcome.message);
      case 'case_not_found':
        throw new RequestError(404, 'not_found', 'caseId', 'caseId: no such case');
      case 'registered_with_other_folio':
        throw new RequestError(409, 'already_registered', 'folio', 'folio: the case is already registered in BANAVIM with another folio');
      case 'folio_in_use':
        throw new RequestError(409, 'folio_in_use', 'folio', 'folio: that BANAVIM folio is registered for another case');
      case 'registered':
      case 'already_registered':
        return reply.send({ case_id: outcome.caseId, folio: outcome.folio, status: 'registered', changed: outcome.kind === 'registered' });
    }
  });

  app.put('/api/banavim/:caseId/detail', async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params');
    const outcome = await options.banavim.saveDetail({ caseId, detail: request.body, actor: actorOf(request) });
    if (outcome === 'saved') return reply.code(204).send();
    if (outcome === 'case_not_found') throw new RequestError(404, 'not_found', 'caseId', 'caseId: no such case');
    if (outcome === 'already_registered') throw new RequestError(409, 'already_registered', 'caseId', 'caseId: the case is already registered in BANAVIM');
    throw new RequestError(400, 'invalid_request', outcome.field, outcome.message);
  });
};
