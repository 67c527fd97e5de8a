import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import { z } from 'zod';
import type { Bulletins } from '../../app/records/bulletins.js';
import { parseReportPeriod } from '../../app/records/report-period.js';
import type { Reports } from '../../app/records/reports.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import { RequestError, parseRequest } from '../request-error.js';
import { actorOf } from '../staff-request.js';
import { renderBulletinPage } from '../views/bulletin-page.js';
import { bulletinsPage } from '../views/bulletins-page.js';
import { answerRequestErrors } from './invalid-request.js';
import { sendHtml, viewerOf } from './route-helpers.js';

/** What the bulletin routes need. */
export interface BulletinRoutesOptions {
  bulletins: Bulletins;
  reports: Reports;
  /** The console's sign-in and role check (coordinators and admins, as for reports). */
  authorize: preHandlerHookHandler;
}

const bulletinParams = z.object({ bulletinId: z.uuid({ error: 'debe ser el identificador de un boletín' }) });
const periodQuery = z.object({ from: z.string().optional(), to: z.string().optional(), mes: z.string().optional(), anio: z.string().optional() });

/**
 * The bulletins, as a Fastify plugin:
 * - `GET /boletines`: the monthly bulletins kept (*Boletines*), newest first;
 * - `GET /boletines/:bulletinId`: one of them as its printable A4 page, audited as `bulletin.view`;
 * - `GET /reports/boletin?from=…&to=…` (or `mes`, `anio`): the printable page of any period (both days
 *   included), audited as `report.view`; a wrong date answers 400 naming the field.
 */
export const bulletinRoutes: FastifyPluginAsync<BulletinRoutesOptions> = async (app, options) => {
  app.addHook('preHandler', options.authorize);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  answerRequestErrors(app);

  app.get('/boletines', async (request, reply) =>
    sendHtml(reply, bulletinsPage({ viewer: viewerOf(request)!, csrfToken: csrfTokenFor(request, reply), bulletins: await options.bulletins.list() })),
  );

  app.get('/boletines/:bulletinId', async (request, reply) => {
    const { bulletinId } = parseRequest(bulletinParams, request.params, 'params', 'es');
    const bulletin = await options.bulletins.open(bulletinId, actorOf(request));
    if (!bulletin) throw new RequestError(404, 'not_found', 'bulletinId', 'bulletinId: no hay un boletín con ese id');
    return reply
      .type('text/html; charset=utf-8')
      .send(renderBulletinPage({ figures: bulletin.figures, heading: 'Boletín mensual', back: { href: '/boletines', label: 'Boletines' }, computedAt: bulletin.createdAt }));
  });

  app.get('/reports/boletin', async (request, reply) => {
    const query = parseRequest(periodQuery, request.query, 'query', 'es');
    const parsed = parseReportPeriod(query);
    if (!parsed.ok) throw new RequestError(400, 'invalid_request', parsed.field, parsed.message);
    const figures = await options.reports.figures(parsed.period, { actor: actorOf(request), use: 'view' });
    const back = `/reports?from=${parsed.period.from}&to=${parsed.period.to}`;
    return reply.type('text/html; charset=utf-8').send(renderBulletinPage({ figures, heading: 'Boletín', back: { href: back, label: 'Informe' } }));
  });
};
