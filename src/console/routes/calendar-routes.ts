import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { EARLIEST_YEAR, withinSchedulingHorizon } from '../../app/time/scheduling-horizon.js';
import { noticeOf } from '../notice-of.js';
import { availabilityFor, bookAppointment, cancelAppointment, freeSlotsAfter, moveAppointment, reassignAppointment, workingWindows } from '../../app/appointments/book-appointment.js';
import { feedTokenHash, issueFeedToken, revokeFeedToken, setWorkingHours, type CalendarQueries } from '../../app/appointments/calendar.js';
import type { AppointmentDeps } from '../../app/appointments/deps.js';
import { AppointmentError } from '../../app/appointments/errors.js';
import { UNIT_TIME_ZONE } from '../../engine/index.js';
import { authorize } from '../authorize.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import { parseRequest } from '../request-error.js';
import { actorOf } from '../staff-request.js';
import { calendarPage, type BookingRefusal } from '../views/calendar-page.js';
import { herHoursText, windowsText } from '../views/calendar-grid.js';
import { mySessionsPage } from '../views/my-sessions-page.js';
import { closeAppointment } from '../../app/appointments/close-appointment.js';
import { icsFeed } from '../views/ics-feed.js';
import { sendHtml, viewerOf } from './route-helpers.js';
import { weeklyWindowsBody, windowsOf } from './weekly-windows-form.js';

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
  NO_VIDEO_CONSENT: { status: 409, message: 'No tiene registrado su consentimiento para videollamadas. Regístralo en su caso antes de agendar.' },
  INVALID_TIME: { status: 422, message: 'Revisa el horario: debe ser en el futuro.' },
  OUTSIDE_HOURS: { status: 422, message: 'Ese horario queda fuera del horario de la psicóloga o del horario seguro de la persona.' },
  SLOT_TAKEN: { status: 409, message: 'Choca con otra sesión: la psicóloga ya tiene una sesión a esa hora.' },
  WRONG_STATUS: { status: 409, message: 'Esa sesión ya no se puede cambiar.' },
  NOT_YET: { status: 409, message: 'La sesión todavía no empieza.' },
};

const NOTICES: Record<string, string> = {
  agendada: 'Sesión agendada: se le invita por WhatsApp en su siguiente horario seguro.',
  movida: 'Sesión movida: se le invita de nuevo a confirmar.',
  cancelada: 'Sesión cancelada.',
  pasada: 'Sesión pasada a otra psicóloga: la misma hora y el mismo enlace; a ella no se le avisa nada.',
  revocada: 'La dirección privada del calendario dejó de funcionar.',
  horario: 'Horario de videollamadas guardado: los horarios libres y las sesiones nuevas lo siguen desde ahora. Las sesiones ya agendadas no cambian.',
};

const localTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Escribe fecha y hora.')
  .transform((value, ctx) => {
    const at = DateTime.fromISO(value, { zone: UNIT_TIME_ZONE });
    if (!at.isValid || at.year < EARLIEST_YEAR) {
      ctx.addIssue({ code: 'custom', message: 'Escribe una fecha y hora válidas.' });
      return z.NEVER;
    }
    return at.toJSDate();
  });
/** A day the calendar can show (`YYYY-MM-DD`, from {@link EARLIEST_YEAR}); a page given another shows today. */
const calendarDay = z.iso.date().refine((day) => Number(day.slice(0, 4)) >= EARLIEST_YEAR);
const pageQuery = z.object({
  psicologa: z.uuid().optional().catch(undefined),
  semana: calendarDay.optional().catch(undefined),
  dia: calendarDay.optional().catch(undefined),
  vista: z.enum(['semana', 'dia']).optional().catch(undefined),
  caso: z.uuid().optional().catch(undefined),
  hecho: z.string().max(20).optional(),
});
/** The booking form: a time typed (`inicio`) or a free slot clicked (`hueco`, which wins). */
const bookBody = z
  .object({
    staffId: z.uuid('Elige una psicóloga.'),
    caseId: z.uuid('Elige a la persona.'),
    inicio: z.string().max(40).optional(),
    hueco: z.string().max(40).optional(),
    vista: z.enum(['semana', 'dia']).optional().catch(undefined),
  })
  .transform((body, ctx) => {
    const chosen = body.hueco || body.inicio;
    const at = localTime.safeParse(chosen ?? '');
    if (!at.success) {
      ctx.addIssue({ code: 'custom', path: ['inicio'], message: chosen ? 'Escribe una fecha y hora válidas.' : 'Escribe fecha y hora, o haz clic en un hueco libre.' });
      return z.NEVER;
    }
    return { ...body, inicio: at.data, typed: chosen! };
  });
const moveBody = z.object({ inicio: localTime });
const reassignBody = z.object({ staffId: z.uuid('Elige una psicóloga.') });
const idParams = z.object({ appointmentId: z.uuid('debe ser el identificador de una sesión') });
const staffParams = z.object({ staffId: z.uuid('debe ser el identificador de una persona del personal') });
const closeForm = z.object({
  status: z.enum(['done', 'no_show'], 'Elige cómo fue la sesión.'),
  outcome: z.string().trim().min(1, 'Escribe el resultado.').max(2000, 'El resultado es demasiado largo.'),
});
const feedParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}(\.ics)?$/) });

/** Monday of the week holding `date` (or today), or that day itself in the day view, in Cancún. */
function startOf(view: 'semana' | 'dia', date: string | undefined, now: Date): DateTime {
  const day = date ? DateTime.fromISO(date, { zone: UNIT_TIME_ZONE }) : DateTime.fromJSDate(now, { zone: UNIT_TIME_ZONE });
  return day.startOf(view === 'semana' ? 'week' : 'day');
}

/** Where a calendar view is, and what the booking form holds. */
interface CalendarWhere {
  staffId?: string | undefined;
  view?: 'semana' | 'dia' | undefined;
  date?: string | undefined;
  caseId?: string | undefined;
  inicio?: string | undefined;
}

/**
 * The coordinators' calendar (each change audited by its use case; views audited too):
 * - `GET /calendario?psicologa=<staffId>&vista=semana|dia&semana=<date>|dia=<date>&caso=<caseId>`: the
 *   grid of one psychologist's week or day (free slots fit the chosen person's safe hours too);
 * - `POST /calendario/citas` (`staffId`, `caseId`, `inicio`: Cancún local time, or `hueco`: a free slot
 *   clicked): book; a refusal names the rule and the hours and offers the next three times that fit;
 * - `POST /calendario/citas/:id/mover` (`inicio`), `POST /calendario/citas/:id/cancelar`;
 * - `POST /calendario/citas/:id/psicologa` (`staffId`): the session to another active psychologist, same
 *   time and link (she is told nothing); back to the calendar it was on;
 * - `POST /calendario/:staffId/ics`: a new private feed address (shown once), `…/ics/revocar`;
 * - `POST /calendario/:staffId/horario`: her weekly hours for sessions (`dia1_desde`…`dia7_hasta`, Cancún
 *   time), or `general=si` for the deployment's `WORKING_HOURS`; a 400 names the field;
 * - `GET /calendario/ics/:token.ics`: the feed itself, for calendar apps (the token is the key): her
 *   sessions from 30 days back on.
 */
export const calendarRoutes: FastifyPluginAsync<CalendarRoutesOptions> = async (app, options) => {
  const { appointments: deps, queries } = options;
  const coordinator = authorize(['coordinator']);

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    where: CalendarWhere,
    extra: { status?: number; notice?: string | undefined; error?: string | undefined; refusal?: BookingRefusal; feedUrl?: string } = {},
  ) {
    const psychologists = await queries.psychologists();
    const staffId = psychologists.some((p) => p.id === where.staffId) ? where.staffId! : (psychologists[0]?.id ?? null);
    const view = where.view ?? 'semana';
    const now = deps.clock.now();
    const start = startOf(view, where.date, now);
    const end = start.plus(view === 'semana' ? { weeks: 1 } : { days: 1 });
    // Independent reads (and the audit entry) at once: the page waits for the slowest, not their sum.
    const [entries, psychologist, cases, chosen] = await Promise.all([
      staffId ? queries.entries(staffId, start.toJSDate(), end.toJSDate()) : [],
      staffId ? deps.store.psychologist(staffId) : null,
      queries.bookableCases(),
      where.caseId ? chosenPerson(where.caseId, staffId) : null,
      deps.audit.record({ ...actorOf(request), action: 'calendar.view', subject: staffId ? `staff:${staffId}` : 'calendar', detail: { week: start.toISODate() } }),
    ]);
    const page = calendarPage({
      viewer: viewerOf(request)!,
      csrfToken: csrfTokenFor(request, reply),
      psychologists,
      staffId,
      view,
      start,
      entries,
      cases,
      working: workingWindows(deps, psychologist?.workingHours ?? null),
      ownWorkingHours: psychologist?.workingHours != null,
      chosen,
      form: { caseId: where.caseId, inicio: where.inicio },
      sessionMinutes: deps.video.sessionMinutes,
      now,
      notice: extra.notice,
      error: extra.error,
      refusal: extra.refusal,
      feedUrl: extra.feedUrl,
    });
    return sendHtml(reply, page, extra.status ?? 200);
  }

  /** The person chosen in the booking form: her alias and, when she can be reached, her safe hours. */
  async function chosenPerson(caseId: string, staffId: string | null) {
    const alias = await queries.caseAlias(caseId);
    if (alias === null) return null;
    if (!staffId) return { caseId, alias, her: null };
    const her = await availabilityFor(deps, caseId, staffId, { startsAt: deps.clock.now(), endsAt: deps.clock.now() }).then(
      (input) => input.her,
      () => null,
    );
    return { caseId, alias, her };
  }

  /** Whether a booking was refused for a start beyond the scheduling horizon (rather than in the past). */
  const tooFarAhead = (error: AppointmentError, at: Date) => error.code === 'INVALID_TIME' && !withinSchedulingHorizon(at, deps.clock.now());

  /** A refused booking in the coordinator's words (which rule, with the hours in question) and three times that fit. */
  async function refusalFor(error: AppointmentError, booking: { caseId: string; staffId: string; at: Date; ignoreId?: string | undefined }): Promise<BookingRefusal> {
    // Too far ahead, times after the one asked for would be too far too: offer those from now.
    const from = tooFarAhead(error, booking.at) ? deps.clock.now() : booking.at;
    const alternatives = await freeSlotsAfter(deps, booking.caseId, booking.staffId, from, 3, booking.ignoreId).catch(() => []);
    return { message: await refusalMessage(error, booking), alternatives };
  }

  async function refusalMessage(error: AppointmentError, booking: { caseId: string; staffId: string; at: Date }): Promise<string> {
    const rule = error.refusal?.rule;
    const at = (d: Date) => DateTime.fromJSDate(d, { zone: UNIT_TIME_ZONE }).setLocale('es-MX');
    const asked = at(booking.at).toFormat("cccc d 'de' LLLL 'a las' HH:mm");
    if (rule === 'working_hours' || rule === 'her_hours') {
      const input = await availabilityFor(deps, booking.caseId, booking.staffId, { startsAt: booking.at, endsAt: booking.at }).catch(() => null);
      const psychologist = (await queries.psychologists()).find((p) => p.id === booking.staffId);
      const alias = (await queries.caseAlias(booking.caseId)) ?? 'la persona';
      if (rule === 'working_hours') {
        return `Fuera del horario de la psicóloga: el ${asked} no está en el horario de ${psychologist?.displayName ?? 'la psicóloga'} (${input ? windowsText(input.working) : 'su horario'}).`;
      }
      return `Fuera del horario seguro de ${alias}: el ${asked} no cabe en su horario seguro (${input ? herHoursText(input.her, deps.clock.now()) : 'su horario seguro'}). Nunca se le escribe fuera de él.`;
    }
    if (error.code === 'SLOT_TAKEN') {
      const other = error.refusal?.rule === 'clash' ? error.refusal.with : null;
      return other
        ? `Choca con otra sesión: la psicóloga ya tiene una de ${at(other.startsAt).toFormat('HH:mm')} a ${at(other.endsAt).toFormat('HH:mm')} ese día.`
        : 'Choca con otra sesión: la psicóloga ya tiene una sesión a esa hora.';
    }
    if (tooFarAhead(error, booking.at)) return 'Demasiado lejos: elige un horario dentro de los próximos dos años.';
    if (error.code === 'INVALID_TIME') return `Demasiado pronto: el ${asked} ya pasó; elige un horario futuro.`;
    return REFUSALS[error.code].message;
  }

  const backTo = (staffId: string, at: Date, done: string) =>
    `/calendario?psicologa=${staffId}&semana=${DateTime.fromJSDate(at, { zone: UNIT_TIME_ZONE }).toISODate()}&hecho=${done}`;

  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    where: CalendarWhere,
    booking: { caseId: string; staffId: string; at: Date; ignoreId?: string } | null,
    work: () => Promise<string>,
  ) {
    try {
      return reply.code(303).redirect(await work());
    } catch (error) {
      if (!(error instanceof AppointmentError)) throw error;
      const status = REFUSALS[error.code].status;
      const explained = booking && ['OUTSIDE_HOURS', 'SLOT_TAKEN', 'INVALID_TIME'].includes(error.code) ? await refusalFor(error, booking) : null;
      const message = explained?.message ?? REFUSALS[error.code].message;
      if (request.headers.accept?.includes('application/json')) {
        return reply.code(status).send({
          error: error.code.toLowerCase(),
          field: 'inicio',
          message,
          alternatives: explained?.alternatives.map((a) => ({ startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString() })) ?? [],
        });
      }
      return render(request, reply, where, explained ? { status, refusal: explained } : { status, error: message });
    }
  }

  app.get('/calendario', { preHandler: coordinator }, async (request, reply) => {
    const query = parseRequest(pageQuery, request.query, 'query', 'es');
    const view = query.vista ?? (query.dia && !query.semana ? 'dia' : 'semana');
    return render(
      request,
      reply,
      { staffId: query.psicologa, view, date: view === 'dia' ? (query.dia ?? query.semana) : (query.semana ?? query.dia), caseId: query.caso },
      { notice: noticeOf(NOTICES, query.hecho) },
    );
  });

  app.post('/calendario/citas', { preHandler: coordinator }, async (request, reply) => {
    const body = parseRequest(bookBody, request.body ?? {}, 'body', 'es');
    const day = DateTime.fromJSDate(body.inicio, { zone: UNIT_TIME_ZONE }).toISODate() ?? undefined;
    const where: CalendarWhere = { staffId: body.staffId, view: body.vista, date: day, caseId: body.caseId, inicio: body.typed };
    return act(request, reply, where, { caseId: body.caseId, staffId: body.staffId, at: body.inicio }, async () => {
      const row = await bookAppointment(deps, { caseId: body.caseId, staffId: body.staffId, startsAt: body.inicio }, actorOf(request));
      return backTo(row.staffId, row.startsAt, 'agendada');
    });
  });

  app.post('/calendario/citas/:appointmentId/mover', { preHandler: coordinator }, async (request, reply) => {
    const { appointmentId } = parseRequest(idParams, request.params, 'params', 'es');
    const body = parseRequest(moveBody, request.body ?? {}, 'body', 'es');
    const current = await deps.store.find(appointmentId);
    const day = DateTime.fromJSDate(body.inicio, { zone: UNIT_TIME_ZONE }).toISODate() ?? undefined;
    const booking = current ? { caseId: current.caseId, staffId: current.staffId, at: body.inicio, ignoreId: current.id } : null;
    return act(request, reply, { staffId: current?.staffId, date: day }, booking, async () => {
      const row = await moveAppointment(deps, appointmentId, { startsAt: body.inicio }, actorOf(request));
      return backTo(row.staffId, row.startsAt, 'movida');
    });
  });

  app.post('/calendario/citas/:appointmentId/psicologa', { preHandler: coordinator }, async (request, reply) => {
    const { appointmentId } = parseRequest(idParams, request.params, 'params', 'es');
    const { staffId } = parseRequest(reassignBody, request.body ?? {}, 'body', 'es');
    const current = await deps.store.find(appointmentId);
    return act(request, reply, { staffId: current?.staffId }, null, async () => {
      const row = await reassignAppointment(deps, appointmentId, staffId, actorOf(request));
      return backTo(current!.staffId, row.startsAt, 'pasada');
    });
  });

  app.post('/calendario/citas/:appointmentId/cancelar', { preHandler: coordinator }, async (request, reply) => {
    const { appointmentId } = parseRequest(idParams, request.params, 'params', 'es');
    const current = await deps.store.find(appointmentId);
    return act(request, reply, { staffId: current?.staffId }, null, async () => {
      const row = await cancelAppointment(deps, appointmentId, actorOf(request));
      return backTo(row.staffId, row.startsAt, 'cancelada');
    });
  });

  app.post('/calendario/:staffId/ics', { preHandler: coordinator }, async (request, reply) => {
    const { staffId } = parseRequest(staffParams, request.params, 'params', 'es');
    const token = await issueFeedToken(queries, deps.audit, staffId, actorOf(request));
    if (!token) return render(request, reply, {}, { status: 404, error: 'Esa psicóloga no existe.' });
    const feedUrl = `${request.protocol}://${request.headers.host ?? 'localhost'}/calendario/ics/${token}.ics`;
    return render(request, reply, { staffId }, { feedUrl });
  });

  app.post('/calendario/:staffId/horario', { preHandler: coordinator }, async (request, reply) => {
    const { staffId } = parseRequest(staffParams, request.params, 'params', 'es');
    const body = parseRequest(weeklyWindowsBody, request.body ?? {}, 'body', 'es') as Record<string, string | undefined>;
    // A form with no day at all: nobody could book her.
    const windows = body['general'] === 'si' ? null : windowsOf(body, 'elige al menos un día con horario, o usa el horario general del servicio');
    if (!(await setWorkingHours(queries, deps.audit, staffId, windows, actorOf(request)))) {
      return render(request, reply, {}, { status: 404, error: 'Esa psicóloga no existe.' });
    }
    if (request.headers.accept?.includes('application/json')) return reply.code(204).send();
    return reply.code(303).redirect(`/calendario?psicologa=${staffId}&hecho=horario`);
  });

  app.post('/calendario/:staffId/ics/revocar', { preHandler: coordinator }, async (request, reply) => {
    const { staffId } = parseRequest(staffParams, request.params, 'params', 'es');
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
    const { hecho } = parseRequest(pageQuery, request.query, 'query', 'es');
    return renderMine(request, reply, { notice: hecho === 'guardada' ? 'Sesión registrada.' : undefined });
  });

  app.post('/mis-sesiones/:appointmentId/resultado', { preHandler: psychologist }, async (request, reply) => {
    const { appointmentId } = parseRequest(idParams, request.params, 'params', 'es');
    const body = parseRequest(closeForm, request.body ?? {}, 'body', 'es');
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
