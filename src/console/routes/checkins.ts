import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import { z } from 'zod';
import type { AuditTrail } from '../../app/audit/ports.js';
import type { CheckInDeps } from '../../app/checkins/deps.js';
import type { CheckInRow } from '../../app/checkins/ports.js';
import { addCheckIn, cancelCheckIn, CheckInChangeError, moveCheckIn } from '../../app/checkins/staff-check-ins.js';
import { parseRequest, RequestError } from '../request-error.js';

/** What the check-in API needs: the use cases' deps and the console's authorization hook. */
export interface CheckInRoutesOptions {
  checkIns: CheckInDeps;
  /** Rejects requests of staff who may not schedule (the console's role check). */
  authorize: preHandlerHookHandler;
  /** The signed-in staff member's id, for `createdBy` and the audit log. */
  staffIdOf: (request: Parameters<preHandlerHookHandler>[0]) => string | null;
  /** Where each change is audited, as the conversation page's forms audit theirs. */
  audit: AuditTrail;
}

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset, e.g. 2026-12-01T10:00:00-05:00' });
const caseParams = z.object({ caseId: z.uuid() });
const checkInParams = z.object({ checkInId: z.uuid() });
const addBody = z.strictObject({ flow: z.string().min(1), at: instant });
const moveBody = z.strictObject({ at: instant, reason: z.string().min(1).max(200) });
const cancelBody = z.strictObject({ reason: z.string().min(1).max(200) });

const STATUS_OF: Record<CheckInChangeError['code'], { status: number; field: string }> = {
  CASE_NOT_FOUND: { status: 404, field: 'caseId' },
  FLOW_NOT_FOUND: { status: 422, field: 'flow' },
  NOT_SCHEDULED: { status: 409, field: 'checkInId' },
  NO_SAFE_MOMENT: { status: 422, field: 'at' },
  NOT_REACHABLE: { status: 409, field: 'caseId' },
  TOO_FAR: { status: 400, field: 'at' },
};

/** A check-in as the API shows it. */
function view(row: CheckInRow) {
  return {
    id: row.id,
    caseId: row.caseId,
    planItem: row.planItem,
    flow: row.flowId,
    dueAt: row.dueAt.toISOString(),
    plannedAt: row.plannedAt.toISOString(),
    status: row.status,
    attempts: row.attempts,
  };
}

const ACTIONS = { add: 'case.checkin_added', move: 'case.checkin_moved', cancel: 'case.checkin_cancelled' } as const;

async function translate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CheckInChangeError) {
      const { status, field } = STATUS_OF[error.code];
      throw new RequestError(status, error.code.toLowerCase(), field, `${field}: ${error.message}`);
    }
    throw error;
  }
}

/**
 * Staff changes to a case's check-ins, as JSON for other clients (the conversation page's forms,
 * src/console/routes/case-checkin-routes.ts, run the same use cases):
 * - `POST /api/cases/:caseId/checkins` `{ flow, at }` → 201, moved into her safe hours if needed;
 * - `PATCH /api/checkins/:checkInId` `{ at, reason }` → the moved check-in;
 * - `POST /api/checkins/:checkInId/cancel` `{ reason }` → the cancelled check-in.
 * Each change is audited (`case.checkin_added`, `…_moved`, `…_cancelled`), as the page's forms audit theirs.
 */
export const checkInRoutes: FastifyPluginAsync<CheckInRoutesOptions> = async (app, options) => {
  app.addHook('preHandler', options.authorize);

  /**
   * `at` as a date, refused when it is not in the future: a past time would make the check-in due at
   * once (several at the same moment), as the page's forms refuse it too.
   */
  const futureInstant = (at: string) => {
    const date = new Date(at);
    if (date.getTime() <= options.checkIns.clock.now().getTime()) throw new RequestError(400, 'invalid_request', 'at', 'at: must be in the future');
    return date;
  };

  /** Audits a change with the check-in's id, flow and due time (a reason she gave stays in its row). */
  const audited = async (request: Parameters<preHandlerHookHandler>[0], kind: keyof typeof ACTIONS, row: CheckInRow) => {
    await options.audit.record({
      staffId: options.staffIdOf(request),
      action: ACTIONS[kind],
      subject: `case:${row.caseId}`,
      detail: { checkInId: row.id, flowId: row.flowId, dueAt: row.dueAt.toISOString() },
    });
    return row;
  };

  app.post('/api/cases/:caseId/checkins', async (request, reply) => {
    const { caseId } = parseRequest(caseParams, request.params, 'params');
    const body = parseRequest(addBody, request.body, 'body');
    const at = futureInstant(body.at);
    const row = await translate(() =>
      addCheckIn(options.checkIns, { caseId, flowId: body.flow, at, staffId: options.staffIdOf(request) }),
    );
    return reply.code(201).send(view(await audited(request, 'add', row)));
  });

  app.patch('/api/checkins/:checkInId', async (request) => {
    const { checkInId } = parseRequest(checkInParams, request.params, 'params');
    const body = parseRequest(moveBody, request.body, 'body');
    const row = await translate(() => moveCheckIn(options.checkIns, checkInId, futureInstant(body.at), body.reason));
    return view(await audited(request, 'move', row));
  });

  app.post('/api/checkins/:checkInId/cancel', async (request) => {
    const { checkInId } = parseRequest(checkInParams, request.params, 'params');
    const body = parseRequest(cancelBody, request.body, 'body');
    const row = await translate(() => cancelCheckIn(options.checkIns, checkInId, body.reason));
    return view(await audited(request, 'cancel', row));
  });
};
