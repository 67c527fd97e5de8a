import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import { listUndelivered, type UndeliveredQueries } from '../../app/console/undelivered.js';
import type { Clock } from '../../app/ports.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import { undeliveredPage } from '../views/undelivered-page.js';
import { sendHtml, viewerOf } from './route-helpers.js';

/** What the *No entregados* page needs. */
export interface UndeliveredRoutesOptions {
  undelivered: UndeliveredQueries;
  /** Lets coordinators through. */
  authorize: preHandlerHookHandler;
  clock: Clock;
}

/** `GET /no-entregados`: the coordinators' list of messages WhatsApp did not deliver, each explained. */
export const undeliveredRoutes: FastifyPluginAsync<UndeliveredRoutesOptions> = async (app, options) => {
  app.get('/no-entregados', { preHandler: options.authorize }, async (request, reply) => {
    const rows = await listUndelivered(options, options.clock.now());
    return sendHtml(reply, undeliveredPage({ viewer: viewerOf(request)!, csrfToken: csrfTokenFor(request, reply), rows }));
  });
};
