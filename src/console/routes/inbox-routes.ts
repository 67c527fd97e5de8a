import type { FastifyPluginAsync } from 'fastify';
import { inboxRowOf, listInbox } from '../../app/console/inbox.js';
import { CASE_ROLES } from '../../app/console/policy.js';
import { STAFF_ROLES } from '../../app/console/ports.js';
import { authorize } from '../authorize.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest } from '../request-error.js';
import { inboxPage, inboxRowView, inboxSections } from '../views/inbox-view.js';
import { caseParams, homeOf, sendHtml, staffOf, viewerOf } from './route-helpers.js';

/**
 * The inbox:
 * - `GET /`: the page (admins, who see no conversations, go to their accounts page);
 * - `GET /api/bandeja`: its sections, for catching up after the live stream reconnects;
 * - `GET /api/bandeja/filas/:caseId`: one row, or 204 when the case is not (or no longer) in this
 *   person's inbox: what the page fetches on each live event.
 */
export const inboxRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  app.get('/', { preHandler: authorize(STAFF_ROLES) }, async (request, reply) => {
    const staff = staffOf(request);
    if (staff.role === 'admin') return reply.redirect(homeOf('admin'), 303);
    const rows = await listInbox(deps, staff);
    return sendHtml(reply, inboxPage({ viewer: viewerOf(request)!, csrfToken: csrfTokenFor(request, reply), rows, now: deps.clock.now() }));
  });

  app.get('/api/bandeja', { preHandler: authorize(CASE_ROLES), config: { passive: true } }, async (request, reply) => {
    const rows = await listInbox(deps, staffOf(request));
    return sendHtml(reply, inboxSections(rows, deps.clock.now()));
  });

  app.get('/api/bandeja/filas/:caseId', { preHandler: authorize(CASE_ROLES), config: { passive: true } }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params');
    const row = await inboxRowOf(deps, staffOf(request), caseId);
    if (!row) return reply.code(204).send();
    return sendHtml(reply, inboxRowView(row, deps.clock.now()));
  });
};
