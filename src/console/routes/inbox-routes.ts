import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { INBOX_GROUPS, inboxRowOf } from '../../app/console/inbox.js';
import { searchInbox, SEARCH_MAX_LENGTH, urgentCount, type InboxResult, type InboxSearch } from '../../app/console/inbox-search.js';
import { CASE_ROLES } from '../../app/console/policy.js';
import { STAFF_ROLES } from '../../app/console/ports.js';
import { authorize } from '../authorize.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest } from '../request-error.js';
import { inboxPage, inboxRowView, inboxSections, type InboxFilterChoices } from '../views/inbox-view.js';
import { caseParams, homeOf, sendHtml, staffOf, viewerOf } from './route-helpers.js';

/** `?q=&seccion=&psicologa=&pagina=` of the inbox page and API (empty values are absent ones). */
const inboxQuery = z.object({
  q: z.string('debe ser un texto').max(SEARCH_MAX_LENGTH, `debe tener como máximo ${SEARCH_MAX_LENGTH} caracteres`).optional(),
  seccion: z.union([z.literal(''), z.enum(INBOX_GROUPS, { error: `debe ser una de: ${INBOX_GROUPS.join(', ')}` })]).optional(),
  psicologa: z.union([z.literal(''), z.literal('none'), z.uuid({ error: 'debe ser el identificador de una psicóloga, o none' })]).optional(),
  pagina: z.coerce.number({ error: 'debe ser un número de página' }).int('debe ser un número de página').min(1, 'debe ser 1 o más').max(100_000, 'debe ser un número de página').optional(),
});
const count = z.coerce.number().int().min(0).max(1_000_000).optional().catch(undefined);
/** `?hecho=reasignados&movidos=N&sesiones=G&quedan=K`: the notice after coordination moved a psychologist's cases. */
const noticeQuery = z.object({
  hecho: z.enum(['reasignados', 'repartidos']).optional().catch(undefined),
  movidos: count,
  sesiones: count,
  quedan: count,
});

/** «N sesiones por videollamada», singular or plural. */
const sessionsCount = (n: number) => (n === 1 ? '1 sesión por videollamada' : `${n.toLocaleString('es-MX')} sesiones por videollamada`);

/** The notice after moving a psychologist's open cases, or sharing out the unassigned ones; or none. */
function reassignedNotice(query: z.output<typeof noticeQuery>): string | undefined {
  const n = query.movidos;
  if (query.hecho === undefined || n === undefined) return undefined;
  if (query.hecho === 'repartidos') {
    if (n === 0) return 'No había casos sin asignar que repartir.';
    return n === 1 ? 'Se asignó 1 caso.' : `Se repartieron ${n.toLocaleString('es-MX')} casos.`;
  }
  if (n === 0) return 'No había casos abiertos que pasar.';
  const lines = [n === 1 ? 'Se pasó 1 caso abierto.' : `Se pasaron ${n.toLocaleString('es-MX')} casos abiertos.`];
  if (query.sesiones) lines.push(`Con ${n === 1 ? 'él' : 'ellos'} ${query.sesiones === 1 ? 'se pasó' : 'se pasaron'} ${sessionsCount(query.sesiones)}.`);
  if (query.quedan) {
    const verb = query.quedan === 1 ? 'sigue' : 'siguen';
    lines.push(`${sessionsCount(query.quedan)} de ${n === 1 ? 'ese caso' : 'esos casos'} ${verb} con la psicóloga anterior: pásala${query.quedan === 1 ? '' : 's'} a otra en Calendario.`);
  }
  return lines.join(' ');
}

/**
 * The psychologists a coordinator filters by and moves cases to: the active ones, then those whose
 * account is disabled and who still have open cases (to move them); with how many open cases each has
 * only when the unassigned ones are shown (`withOpenCases`), the one view that shares them out by it.
 */
async function psychologistChoices(deps: ConsoleDeps, withOpenCases: boolean): Promise<InboxFilterChoices['psychologists']> {
  const [active, disabled, counts] = await Promise.all([
    deps.staff.activePsychologists(),
    deps.staff.disabledPsychologistsWithOpenCases(),
    withOpenCases ? deps.cases.openCaseCountsByAssignee() : null,
  ]);
  const choice = (p: { id: string; displayName: string }) => ({ id: p.id, displayName: p.displayName, ...(counts ? { openCases: counts.get(p.id) ?? 0 } : {}) });
  return [...active.map(choice), ...disabled.map((p) => ({ ...choice(p), disabled: true }))];
}

/** The search a request asks for (`?q=&seccion=&psicologa=&pagina=`); a 400 names a bad field. */
function searchOf(request: FastifyRequest): InboxSearch {
  const query = parseRequest(inboxQuery, request.query, 'query', 'es');
  return { text: query.q, section: query.seccion || undefined, psychologistId: query.psicologa || undefined, page: query.pagina };
}

/** The search answer as JSON: what `GET /api/bandeja` sends to anything but the page's own script. */
function resultJson(result: InboxResult) {
  return {
    q: result.search.text ?? null,
    counts: result.counts,
    sections: result.sections.map((s) => ({
      section: s.group,
      total: s.total,
      page: s.page,
      pages: s.pages,
      rows: s.rows.map((r) => ({
        caseId: r.caseId,
        folio: r.folio,
        alias: r.alias,
        reason: r.reason,
        since: r.since.toISOString(),
        assignedName: r.assignedName,
        heldByName: r.heldByName,
      })),
    })),
  };
}

/**
 * The inbox:
 * - `GET /?q=&seccion=&psicologa=&pagina=`: the page, searched by folio, alias or case-id prefix and
 *   filtered by section and psychologist (admins, who see no conversations, go to their accounts page);
 * - `GET /api/bandeja` (same query): the same search as JSON `{ q, counts, sections: [{ section, total,
 *   page, pages, rows }] }`, or, asked with `Accept: text/html`, the sections as HTML (what the live
 *   script re-renders);
 * - `GET /api/bandeja/filas/:caseId`: one row, or 204 when the case is not (or no longer) in this
 *   person's inbox;
 * - `GET /api/bandeja/urgentes`: `{ urgent }`, how many of her cases are urgent now (the menu's count
 *   on every live page).
 */
export const inboxRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  app.get('/', { preHandler: authorize(STAFF_ROLES) }, async (request, reply) => {
    const staff = staffOf(request);
    if (staff.role === 'admin') return reply.redirect(homeOf('admin'), 303);
    const coordinator = staff.role === 'coordinator';
    const wanted = searchOf(request);
    const [result, psychologists, unknownNumbers] = await Promise.all([
      searchInbox(deps, staff, wanted),
      coordinator ? psychologistChoices(deps, wanted.psychologistId === 'none') : null,
      coordinator ? deps.unknownSenders.pendingCount() : undefined,
    ]);
    return sendHtml(
      reply,
      inboxPage({
        viewer: viewerOf(request)!,
        csrfToken: csrfTokenFor(request, reply),
        result,
        choices: { psychologists },
        now: deps.clock.now(),
        unknownNumbers,
        notice: reassignedNotice(noticeQuery.parse(request.query)),
      }),
    );
  });

  app.get('/api/bandeja', { preHandler: authorize(CASE_ROLES), config: { passive: true } }, async (request, reply) => {
    const result = await searchInbox(deps, staffOf(request), searchOf(request));
    if ((request.headers.accept ?? '').includes('text/html')) return sendHtml(reply, inboxSections(result, deps.clock.now()));
    return resultJson(result);
  });

  app.get('/api/bandeja/urgentes', { preHandler: authorize(CASE_ROLES), config: { passive: true } }, async (request) => {
    return { urgent: await urgentCount(deps, staffOf(request)) };
  });

  app.get('/api/bandeja/filas/:caseId', { preHandler: authorize(CASE_ROLES), config: { passive: true } }, async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params', 'es');
    const row = await inboxRowOf(deps, staffOf(request), caseId);
    if (!row) return reply.code(204).send();
    return sendHtml(reply, inboxRowView(row, deps.clock.now()));
  });
};
