import { mayInitiateNow } from './postpone-check-in.js';
import { nextAllowedMoment } from '../safe-hours/next-allowed.js';
import { contactPolicy } from '../safe-hours/policy.js';
import type { CheckInDeps } from './deps.js';
import type { CheckInRow } from './ports.js';
import type { FollowUpCheckIns } from '../console/ports.js';
import { cancelCheckIns } from './cancel-check-ins.js';
import { enrollCase } from './enroll-case.js';
import { withinSchedulingHorizon } from '../time/scheduling-horizon.js';
import { mayBeContacted } from '../may-be-contacted.js';
import { CASE_CLOSED, ENDED_BY_STAFF, NO_FOLLOW_UP_CONSENT } from './ports.js';

/** Why a staff change to a check-in was refused. */
export class CheckInChangeError extends Error {
  constructor(
    readonly code: 'CASE_NOT_FOUND' | 'FLOW_NOT_FOUND' | 'NOT_SCHEDULED' | 'NO_SAFE_MOMENT' | 'NOT_REACHABLE' | 'TOO_FAR',
    message: string,
  ) {
    super(message);
    this.name = 'CheckInChangeError';
  }
}

async function safeMoment(deps: CheckInDeps, caseId: string, at: Date): Promise<{ dueAt: Date; moved: boolean }> {
  if (!withinSchedulingHorizon(at, deps.clock.now())) {
    throw new CheckInChangeError('TOO_FAR', 'the date must be a real date at most two years ahead');
  }
  const state = await deps.store.contactState(caseId);
  if (!mayBeContacted(state)) {
    throw new CheckInChangeError('NOT_REACHABLE', 'the case is closed, has no follow-up consent, or she opted out');
  }
  const dueAt = nextAllowedMoment(contactPolicy(state.safeHours, deps.policyDefaults), at);
  if (!dueAt) throw new CheckInChangeError('NO_SAFE_MOMENT', 'no safe moment to contact her in the next 60 days');
  return { dueAt, moved: dueAt.getTime() !== at.getTime() };
}

/**
 * Adds a check-in a staff member asked for, at `at` or, if that is outside her safe hours, at her next
 * safe moment (the reason is recorded).
 */
export async function addCheckIn(
  deps: CheckInDeps,
  request: { caseId: string; flowId: string; at: Date; staffId: string | null },
): Promise<CheckInRow> {
  if (!deps.flows.has(request.flowId)) throw new CheckInChangeError('FLOW_NOT_FOUND', `no flow named ${request.flowId}`);
  if (!(await deps.store.enrollmentFacts(request.caseId))) throw new CheckInChangeError('CASE_NOT_FOUND', 'no such case');
  const { dueAt, moved } = await safeMoment(deps, request.caseId, request.at);
  const [created] = await deps.store.createMissing(request.caseId, [
    {
      planItem: null,
      flowId: request.flowId,
      plannedAt: request.at,
      dueAt,
      movedReason: moved ? 'fuera de su horario' : null,
      createdById: request.staffId,
    },
  ]);
  await deps.scheduler.schedule(created!);
  return created!;
}

/**
 * Moves a scheduled check-in to `at` (or her next safe moment after it), with the reason given. With
 * `ofCase`, a check-in of another case is refused as if it were not scheduled.
 */
export async function moveCheckIn(deps: CheckInDeps, checkInId: string, at: Date, reason: string, ofCase?: string): Promise<CheckInRow> {
  const current = await deps.store.find(checkInId);
  if (!current || current.status !== 'scheduled' || (ofCase !== undefined && current.caseId !== ofCase)) {
    throw new CheckInChangeError('NOT_SCHEDULED', 'only a scheduled check-in can be moved');
  }
  const { dueAt, moved } = await safeMoment(deps, current.caseId, at);
  const updated = await deps.store.reschedule(checkInId, dueAt, moved ? `${reason}; fuera de su horario` : reason);
  if (!updated) throw new CheckInChangeError('NOT_SCHEDULED', 'only a scheduled check-in can be moved');
  await deps.scheduler.unschedule(current);
  await deps.scheduler.schedule(updated);
  return updated;
}

/** Cancels one scheduled check-in and its job. With `ofCase`, a check-in of another case is refused. */
export async function cancelCheckIn(deps: CheckInDeps, checkInId: string, reason: string, ofCase?: string): Promise<CheckInRow> {
  if (ofCase !== undefined && (await deps.store.find(checkInId))?.caseId !== ofCase) {
    throw new CheckInChangeError('NOT_SCHEDULED', 'only a scheduled check-in can be cancelled');
  }
  const cancelled = await deps.store.cancel(checkInId, reason);
  if (!cancelled) throw new CheckInChangeError('NOT_SCHEDULED', 'only a scheduled check-in can be cancelled');
  await deps.scheduler.unschedule(cancelled);
  return cancelled;
}

/**
 * The check-in changes the staff console makes, over these use cases (the console's
 * `FollowUpCheckIns` port).
 *
 * @example
 * buildServer({ …, console: { …, checkIns: staffCheckInChanges(checkInDeps) } });
 */
export function staffCheckInChanges(deps: CheckInDeps): FollowUpCheckIns {
  return {
    cancelAll: (caseId, reason) => cancelCheckIns(deps, caseId, reason),
    enroll: async (caseId) => (await enrollCase(deps, caseId)).length,
    resumePlan: async (caseId) => (await enrollCase(deps, caseId, { revive: [ENDED_BY_STAFF, CASE_CLOSED, NO_FOLLOW_UP_CONSENT] })).length,
    mayInitiateNow: (caseId) => mayInitiateNow(deps, caseId),
    nextSafeMoment: async (caseId) => {
      const state = await deps.store.contactState(caseId);
      return nextAllowedMoment(contactPolicy(state.safeHours, deps.policyDefaults), deps.clock.now());
    },
    add: (request) => addCheckIn(deps, request),
    move: (caseId, checkInId, at, reason) => moveCheckIn(deps, checkInId, at, reason, caseId),
    deferDue: async (caseId, until, reason) => {
      let moved = 0;
      for (const row of await deps.store.scheduledFor(caseId)) {
        if (row.dueAt.getTime() >= until.getTime()) continue;
        await moveCheckIn(deps, row.id, until, reason, caseId).then(
          () => (moved += 1),
          (error: unknown) => {
            if (!(error instanceof CheckInChangeError)) throw error; // sent or cancelled meanwhile
          },
        );
      }
      return moved;
    },
    cancel: (caseId, checkInId, reason) => cancelCheckIn(deps, checkInId, reason, caseId),
  };
}
