import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { bookAppointment, cancelAppointment, moveAppointment } from '../../app/appointments/book-appointment.js';
import { feedTokenHash, issueFeedToken, revokeFeedToken, type CalendarQueries } from '../../app/appointments/calendar.js';
import type { AppointmentDeps } from '../../app/appointments/deps.js';
import { AppointmentError } from '../../app/appointments/errors.js';
import { UNIT_TIME_ZONE } from '../../app/safe-hours/policy.js';
import { authorize } from '../authorize.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import { parseRequest } from '../request-error.js';
import { actorOf } from '../staff-request.js';
import { calendarPage } from '../views/calendar-page.js';
import { mySessionsPage } from '../views/my-sessions-page.js';
import { closeAppointment } from '../../app/appointments/close-appointment.js';
import { icsFeed } from '../views/ics-feed.js';
import { sendHtml, viewerOf } from './route-helpers.js';

/** What the calendar pages need. */
export interface CalendarRoutesOptions {
  appointments: AppointmentDeps;
  queries: CalendarQueries;
}

/** Refusals in the coordinator's words, with the status each answers. */
const REFUSALS: Record<AppointmentError['code'], { status: number; message: string }> = {
  NOT_FOUND: { status: 404, message: 'Esa sesión no existe.' },
  CASE_NOT_FOUND: { status: 404, message: 'Ese caso no existe.' },
  NOT_A_PSYCHOLOGIST: { status: 422, message: 'Elige una psicóloga activa.' },
  NOT_REACHABLE: { status: 409, message: 'No se le puede escribir: el caso está cerrado, sin consentimiento, o pidió no recibir mensajes.' },
  INVALID_TIME: { status: 422, message: 'Revisa el horario: debe ser en el futuro.' },
  OUTSIDE_HOURS: { status: 422, message: 'Ese horario queda fuera del horario de la psicóloga o del horario seguro de la persona.' },
  SLOT_TAKEN: { status: 409, message: 'La psicóloga ya tiene una sesión a esa hora.' },
  WRONG_STATUS: { status: 409, message: 'Esa sesión ya no se puede cambiar.' },
  NOT_YET: { status: 409, message: 'La sesión todavía no empieza.' },
};

const NOTICES: Record<string, string> = {
  agendada: 'Sesión agendada: se le invita por WhatsApp en su siguiente horario seguro.',
  movida: 'Sesión movida: se le invita de nuevo a confirmar.',
  cancelada: 'Sesión cancelada.',
  revocada: 'La dirección privada del calendario dejó de funcionar.',
};

const localTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Escribe fecha y hora.')
  .transform((value, ctx) => {
    const at = DateTime.fromISO(value, { zone: UNIT_TIME_ZONE });
    if (!at.isValid) {
      ctx.addIssue({ code: 'custom', message: 'Escribe una fecha y hora válidas.' });
      return z.NEVER;
    }
    return at.toJSDate();
  });
const pageQuery = z.object({
  psicologa: z.uuid().optional().catch(undefined),
  semana: z.iso.date().optional().catch(undefined),
  hecho: z.string().max(20).optional(),
});
const bookBody = z.object({ staffId: z.uuid('Elige una psicóloga.'), caseId: z.uuid('Elige a la persona.'), inicio: localTime });
const moveBody = z.object({ inicio: localTime });
const idParams = z.object({ appointmentId: z.uuid('must be a session id') });
const staffParams = z.object({ staffId: z.uuid('must be a staff id') });
const closeForm = z.object({
  status: z.enum(['done', 'no_show'], 'Elige cómo fue la sesión.'),
  outcome: z.string().trim().min(1, 'Escribe el resultado.').max(2000, 'El resultado es demasiado largo.'),
});
const feedParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}(\.ics)?$/) });

/** Monday of the week holding `date` (or today), in Cancún. */
function mondayOf(date: string | undefined, now: Date): DateTime {
  const day = date ? DateTime.fromISO(date, { zone: UNIT_TIME_ZONE }) : DateTime.fromJSDate(now, { zone: UNIT_TIME_ZONE });
  return day.startOf('week');
}

/**
 * The coordinators' calendar (each change audited by its use case; views audited too):
 * - `GET /calendario?psicologa=<staffId>&semana=<date>`: the week of one psychologist;
 * - `POST /calendario/citas` (`staffId`, `caseId`, `inicio`: Cancún local time): book;
 * - `POST /calendario/citas/:id/mover` (`inicio`), `POST /calendario/citas/:id/cancelar`;
 * - `POST /calendario/:staffId/ics`: a new private feed address (shown once), `…/ics/revocar`;
 * - `GET /calendario/ics/:token.ics`: the feed itself, for calendar apps (the token is the key): her
 *   sessions from 30 days back on.
 */
export const calendarRoutes: FastifyPluginAsync<CalendarRoutesOptions> = async (app, options) => {
  const { appointments: deps, queries } = options;
  const coordinator = authorize(['coordinator']);

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    where: { staffId?: string | undefined; week?: string | undefined },
    extra: { status?: number; notice?: string | undefined; error?: string | undefined; feedUrl?: string } = {},
  ) {
    const psychologists = await queries.psychologists();
    const staffId = psychologists.some((p) => p.id === where.staffId) ? where.staffId! : (psychologists[0]?.id ?? null);
    const week = mondayOf(where.week, deps.clock.now());
    const entries = staffId ? await queries.entries(staffId, week.toJSDate(), week.plus({ weeks: 1 }).toJSDate()) : [];
    await deps.audit.record({ ...actorOf(request), action: 'calendar.view', subject: staffId ? `staff:${staffId}` : 'calendar', detail: { week: week.toISODate() } });
    const page = calendarPage({
      viewer: viewerOf(request)!,
      csrfToken: csrfTokenFor(request, reply),
      psychologists,
      staffId,
      week,
      entries,
      cases: await queries.bookableCases(),
      notice: extra.notice,
      error: extra.error,
      feedUrl: extra.feedUrl,
    });
    return sendHtml(reply, page, extra.status ?? 200);
  }

  const backTo = (staffId: string, at: Date, done: string) =>
    `/calendario?psicologa=${staffId}&semana=${DateTime.fromJSDate(at, { zone: UNIT_TIME_ZONE }).toISODate()}&hecho=${done}`;

  async function act(request: FastifyRequest, reply: FastifyReply, where: { staffId?: string; week?: string }, work: () => Promise<string>) {
    try {
      return reply.code(303).redirect(await work());
    } catch (error) {
      if (!(error instanceof AppointmentError)) throw error;
      const refusal = REFUSALS[error.code];
      if (request.headers.accept?.includes('application/json')) {
        return reply.code(refusal.status).send({ error: error.code.toLowerCase(), field: 'inicio', message: refusal.message });
      }
      return render(request, reply, where, { status: refusal.status, error: refusal.message });
    }
  }

  app.get('/calendario', { preHandler: coordinator }, async (request, reply) => {
    const query = parseRequest(pageQuery, request.query, 'query');
    return render(request, reply, { staffId: query.psicologa, week: query.semana }, { notice: query.hecho ? NOTICES[query.hecho] : undefined });
  });

  app.post('/calendario/citas', { preHandler: coordinator }, async (request, reply) => {
    const body = parseRequest(bookBody, request.body ?? {}, 'body');
    return act(request, reply, { staffId: body.staffId }, async () => {
      const row = await bookAppointment(deps, { caseId: body.caseId, staffId: body.staffId, startsAt: body.inicio }, actorOf(request));
      return backTo(row.staffId, row.startsAt, 'agendada');
    });
  });

  app.post('/calendario/citas/:appointmentId/mover', { preHandler: coordinator }, async (request, reply) => {
    const { appointmentId } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(moveBody, request.body ?? {}, 'body');
    const current = await deps.store.find(appointmentId);
    return act(request, reply, { staffId: current?.staffId }, async () => {
      const row = await moveAppointment(deps, appointmentId, { startsAt: body.inicio }, actorOf(request));
      return backTo(row.staffId, row.startsAt, 'movida');
    });
  });

  app.post('/calendario/citas/:appointmentId/cancelar', { preHandler: coordinator }, async (request, reply) => {
    const { appointmentId } = parseRequest(idParams, request.params, 'params');
    const current = await deps.store.find(appointmentId);
    return act(request, reply, { staffId: current?.staffId }, async () => {
      const row = await cancelAppointment(deps, appointmentId, actorOf(request));
      return backTo(row.staffId, row.startsAt, 'cancelada');
    });
  });

  app.post('/calendario/:staffId/ics', { preHandler: coordinator }, async (request, reply) => {
    const { staffId } = parseRequest(staffParams, request.params, 'params');
    const token = await issueFeedToken(queries, deps.audit, staffId, actorOf(request));
    if (!token) return render(request, reply, {}, { status: 404, error: 'Esa psicóloga no existe.' });
    const feedUrl = `${request.protocol}://${request.headers.host ?? 'localhost'}/calendario/ics/${token}.ics`;
    return render(request, reply, { staffId }, { feedUrl });
  });

  app.post('/calendario/:staffId/ics/revocar', { preHandler: coordinator }, async (request, reply) => {
    const { staffId } = parseRequest(staffParams, request.params, 'params');
    if (!(await revokeFeedToken(queries, deps.audit, staffId, actorOf(request)))) {
      return render(request, reply, {}, { status: 404, error: 'Esa psicóloga no existe.' });
    }
    return reply.code(303).redirect(`/calendario?psicologa=${staffId}&hecho=revocada`);
  });

  const psychologist = authorize(['psychologist']);
  const DAY_MS = 86_400_000;

  async function renderMine(request: FastifyRequest, reply: FastifyReply, extra: { status?: number; notice?: string; error?: string } = {}) {
    const now = deps.clock.now();
    const staffId = request.staff!.id;
    const entries = await queries.entries(staffId, new Date(now.getTime() - 14 * DAY_MS), new Date(now.getTime() + 14 * DAY_MS));
    const page = mySessionsPage({
      viewer: viewerOf(request)!,
      csrfToken: csrfTokenFor(request, reply),
      entries,
      now,
      videoBaseUrl: deps.video.baseUrl,
      notice: extra.notice,
      error: extra.error,
    });
    return sendHtml(reply, page, extra.status ?? 200);
  }

  // A psychologist's own sessions; she records each one as held or missed with its outcome.
  app.get('/mis-sesiones', { preHandler: psychologist }, async (request, reply) => {
    const { hecho } = parseRequest(pageQuery, request.query, 'query');
    return renderMine(request, reply, { notice: hecho === 'guardada' ? 'Sesión registrada.' : undefined });
  });

  app.post('/mis-sesiones/:appointmentId/resultado', { preHandler: psychologist }, async (request, reply) => {
    const { appointmentId } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(closeForm, request.body ?? {}, 'body');
    try {
      await closeAppointment(deps, appointmentId, body, { ...actorOf(request), role: 'psychologist' });
      return reply.code(303).redirect('/mis-sesiones?hecho=guardada');
    } catch (error) {
      if (!(error instanceof AppointmentError)) throw error;
      const refusal = REFUSALS[error.code];
      return renderMine(request, reply, { status: refusal.status, error: refusal.message });
    }
  });

  // The token is the credential (calendar apps cannot sign in); a wrong or revoked one is a 404.
  app.get('/calendario/ics/:token', async (request, reply) => {
    const parsed = feedParams.safeParse(request.params);
    const staff = parsed.success ? await queries.staffByFeedTokenHash(feedTokenHash(parsed.data.token.replace(/\.ics$/, ''))) : null;
    if (!staff) return reply.code(404).send({ error: 'not_found', message: 'no such calendar' });
    const now = deps.clock.now();
    const rows = await deps.store.forStaff(staff.id, new Date(now.getTime() - 30 * 86_400_000), new Date(now.getTime() + 10 * 365 * 86_400_000));
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'no-store').send(icsFeed(rows, deps.video.baseUrl));
  });
};
