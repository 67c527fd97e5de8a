import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import { z } from 'zod';
import { bookAppointment, cancelAppointment, freeSlotsFor, moveAppointment } from '../../app/appointments/book-appointment.js';
import { closeAppointment } from '../../app/appointments/close-appointment.js';
import type { AppointmentDeps } from '../../app/appointments/deps.js';
import { AppointmentError } from '../../app/appointments/errors.js';
import type { AppointmentRow } from '../../app/appointments/ports.js';
import { videoLink } from '../../app/appointments/video-link.js';
import { parseRequest, RequestError } from '../request-error.js';
import { actorOf } from '../staff-request.js';
import { answerRequestErrors } from './invalid-request.js';

/** What the session API needs: the use cases' deps and the console's role checks. */
export interface AppointmentRoutesOptions {
  appointments: AppointmentDeps;
  /** Coordinators: book, move, cancel, free times. */
  coordinators: preHandlerHookHandler;
  /** Psychologists and coordinators: closing a session with its outcome. */
  closers: preHandlerHookHandler;
}

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset, e.g. 2026-12-01T10:00:00-05:00' });
const idParams = z.object({ appointmentId: z.uuid({ error: 'must be a session id' }) });
const bookBody = z.strictObject({
  caseId: z.uuid({ error: 'must be a case id' }),
  staffId: z.uuid({ error: 'must be a staff id' }),
  startsAt: instant,
  endsAt: instant.optional(),
  notes: z.string().max(2000).optional(),
});
const moveBody = z.strictObject({ startsAt: instant, endsAt: instant.optional() });
const closeBody = z.strictObject({
  status: z.enum(['done', 'no_show'], { error: 'must be done or no_show' }),
  outcome: z.string().trim().min(1, 'is required').max(2000),
});
const slotsQuery = z.object({
  caseId: z.uuid({ error: 'must be a case id' }),
  staffId: z.uuid({ error: 'must be a staff id' }),
  count: z.coerce.number().int().min(1).max(20).default(3),
});

const STATUS_OF: Record<AppointmentError['code'], { status: number; error: string; field: string }> = {
  NOT_FOUND: { status: 404, error: 'not_found', field: 'appointmentId' },
  CASE_NOT_FOUND: { status: 404, error: 'not_found', field: 'caseId' },
  NOT_A_PSYCHOLOGIST: { status: 422, error: 'not_a_psychologist', field: 'staffId' },
  NOT_REACHABLE: { status: 409, error: 'not_reachable', field: 'caseId' },
  NO_VIDEO_CONSENT: { status: 409, error: 'no_video_consent', field: 'caseId' },
  INVALID_TIME: { status: 422, error: 'invalid_time', field: 'startsAt' },
  OUTSIDE_HOURS: { status: 422, error: 'outside_hours', field: 'startsAt' },
  SLOT_TAKEN: { status: 409, error: 'slot_taken', field: 'startsAt' },
  WRONG_STATUS: { status: 409, error: 'wrong_status', field: 'status' },
  NOT_YET: { status: 409, error: 'not_yet', field: 'status' },
};

/** A session as the API shows it (the link only to staff; never anything about her). */
export function appointmentView(row: AppointmentRow, baseUrl: string) {
  return {
    id: row.id,
    caseId: row.caseId,
    staffId: row.staffId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    status: row.status,
    videoLink: videoLink(baseUrl, row.videoRoom),
  };
}

/** Runs a use case, answering its refusals as `{ error, field, message }` with their status. */
export async function answeringAppointmentErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppointmentError) {
      const { status, error: code, field } = STATUS_OF[error.code];
      throw new RequestError(status, code, field, `${field}: ${error.message}`);
    }
    throw error;
  }
}

/**
 * The video-call session API (each change audited and published live):
 * - `POST /api/appointments` `{ caseId, staffId, startsAt, endsAt?, notes? }` → 201; 409 `slot_taken`
 *   when the psychologist already has a session then (decided by the database, also in a race);
 * - `PATCH /api/appointments/:id` `{ startsAt, endsAt? }` → moved (`rescheduled`, she is invited again);
 * - `POST /api/appointments/:id/cancel` → `cancelled`;
 * - `POST /api/appointments/:id/outcome` `{ status: done|no_show, outcome }` (its psychologist or a coordinator);
 * - `GET /api/appointments/slots?caseId&staffId&count=3` → the next free times.
 */
export const appointmentRoutes: FastifyPluginAsync<AppointmentRoutesOptions> = async (app, options) => {
  const deps = options.appointments;
  answerRequestErrors(app);
  const view = (row: AppointmentRow) => appointmentView(row, deps.video.baseUrl);

  app.post('/api/appointments', { preHandler: options.coordinators }, async (request, reply) => {
    const body = parseRequest(bookBody, request.body ?? {}, 'body');
    const row = await answeringAppointmentErrors(() =>
      bookAppointment(
        deps,
        { caseId: body.caseId, staffId: body.staffId, startsAt: new Date(body.startsAt), endsAt: body.endsAt ? new Date(body.endsAt) : undefined, notes: body.notes },
        actorOf(request),
      ),
    );
    return reply.code(201).send(view(row));
  });

  app.patch('/api/appointments/:appointmentId', { preHandler: options.coordinators }, async (request) => {
    const { appointmentId } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(moveBody, request.body ?? {}, 'body');
    const request_ = { startsAt: new Date(body.startsAt), endsAt: body.endsAt ? new Date(body.endsAt) : undefined };
    return view(await answeringAppointmentErrors(() => moveAppointment(deps, appointmentId, request_, actorOf(request))));
  });

  app.post('/api/appointments/:appointmentId/cancel', { preHandler: options.coordinators }, async (request) => {
    const { appointmentId } = parseRequest(idParams, request.params, 'params');
    return view(await answeringAppointmentErrors(() => cancelAppointment(deps, appointmentId, actorOf(request))));
  });

  app.post('/api/appointments/:appointmentId/outcome', { preHandler: options.closers }, async (request) => {
    const { appointmentId } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(closeBody, request.body ?? {}, 'body');
    const closer = { ...actorOf(request), role: request.staff!.role as 'psychologist' | 'coordinator' };
    const { appointment, nextCheckInId } = await answeringAppointmentErrors(() => closeAppointment(deps, appointmentId, body, closer));
    return { ...view(appointment), nextCheckInId };
  });

  app.get('/api/appointments/slots', { preHandler: options.coordinators }, async (request) => {
    const query = parseRequest(slotsQuery, request.query, 'query');
    const slots = await answeringAppointmentErrors(() => freeSlotsFor(deps, query.caseId, query.staffId, query.count));
    return slots.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() }));
  });
};
