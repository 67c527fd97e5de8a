import type { FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { readAuditLog, type AuditLogFilter } from '../../app/console/read-audit-log.js';
import { UNIT_TIME_ZONE } from '../../engine/index.js';
import { authorize, wantsJson } from '../authorize.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest, RequestError } from '../request-error.js';
import { auditPage } from '../views/audit-page.js';
import { sendHtml, staffOf, viewerOf } from './route-helpers.js';

/** A day of the filter (`YYYY-MM-DD`, Cancún), or empty. */
const day = z.union([z.literal(''), z.iso.date('debe ser una fecha como 2026-12-01')]).optional();

const auditQuery = z.object({
  persona: z.union([z.literal(''), z.uuid('debe ser una persona del personal')]).optional(),
  caso: z.string().trim().max(80, 'debe ser un folio o el identificador de un caso').optional(),
  desde: day,
  hasta: day,
  // Where the previous page ended: `<ISO moment>~<entry id>`.
  antes: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z~[0-9a-f-]{36}$/, 'debe ser el final de una página del registro')
    .optional(),
});

/** The start of a Cancún day, `plusDays` later. */
const dayStart = (isoDay: string, plusDays = 0) => DateTime.fromISO(isoDay, { zone: UNIT_TIME_ZONE }).plus({ days: plusDays }).toJSDate();

/**
 * `GET /admin/registro`: the audit log for admins, newest first, 100 entries a page: who did what, on
 * what, when (Cancún time), with the entry's ids; never what was sealed (a reveal's reason). Filters:
 * `persona` (a staff id), `caso` (a folio or a case id), `desde`/`hasta` (days, both included); `antes`
 * goes on from where a page ended. Reading it is audited (`audit.viewed`). JSON with
 * `accept: application/json`. A bad filter is a 400 naming it.
 */
export const auditRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  app.get('/admin/registro', { preHandler: authorize(['admin']) }, async (request, reply) => {
    const query = parseRequest(auditQuery, request.query, 'query', 'es');
    const filter: AuditLogFilter = {
      staffId: query.persona || undefined,
      from: query.desde ? dayStart(query.desde) : undefined,
      to: query.hasta ? dayStart(query.hasta, 1) : undefined,
    };
    if (query.caso) {
      const caseId = z.uuid().safeParse(query.caso).success ? query.caso : await deps.auditLog.caseIdOfFolio(query.caso);
      if (!caseId) throw new RequestError(400, 'invalid_request', 'caso', 'caso: no hay un caso con ese folio');
      filter.subject = `case:${caseId}`;
    }
    if (query.antes) {
      const [at, id] = query.antes.split('~') as [string, string];
      filter.before = { at: new Date(at), id };
    }
    const page = await readAuditLog(deps, staffOf(request), filter);
    if (wantsJson(request)) return reply.send(page);
    const staff = await deps.staff.list();
    return sendHtml(reply, auditPage({ viewer: viewerOf(request)!, csrfToken: csrfTokenFor(request, reply), staff, query, ...page }));
  });
};
