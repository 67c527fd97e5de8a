import { addCheckIn, cancelCheckIn, CheckInChangeError } from '../checkins/staff-check-ins.js';
import { contactPolicy, safeHoursSchema, type WeeklyWindow } from '../safe-hours/policy.js';
import type { Actor } from '../records/ports.js';
import { nextFreeSlots, refusalOf, type AvailabilityInput, type Slot } from './availability.js';
import type { AppointmentDeps } from './deps.js';
import { AppointmentError } from './errors.js';
import { ACTIVE_STATUSES, SlotTakenError, type AppointmentRow } from './ports.js';
import { scheduleReminders } from './reminders.js';
import { newVideoRoom } from './video-link.js';
import { withinSchedulingHorizon } from '../time/scheduling-horizon.js';
import { mayBeContacted } from '../may-be-contacted.js';
import { SESSION_CANCELLED_REASON } from './appointment-wording.js';

/** A request to book a session. */
export interface BookingRequest {
  caseId: string;
  staffId: string;
  startsAt: Date;
  /** Defaults to `startsAt` plus the deployment's session length. */
  endsAt?: Date | undefined;
  notes?: string | null | undefined;
}

/** The psychologist's weekly hours: hers if set and valid, else the deployment's. */
export function workingWindows(deps: AppointmentDeps, stored: unknown): readonly WeeklyWindow[] {
  const parsed = stored == null ? null : safeHoursSchema.pick({ windows: true }).safeParse(stored);
  return (parsed?.success ? parsed.data.windows : undefined) ?? deps.video.defaultWorkingHours;
}

/** What decides free times for a session of `caseId` with `staffId`, leaving out session `ignoreId`. */
export async function availabilityFor(deps: AppointmentDeps, caseId: string, staffId: string, around: Slot, ignoreId?: string): Promise<AvailabilityInput> {
  const psychologist = await deps.store.psychologist(staffId);
  if (!psychologist || !psychologist.active || psychologist.role !== 'psychologist') {
    throw new AppointmentError('NOT_A_PSYCHOLOGIST', 'no active psychologist with that id');
  }
  const state = await deps.checkIns.store.contactState(caseId).catch(() => null);
  if (!state) throw new AppointmentError('CASE_NOT_FOUND', 'no such case');
  if (!mayBeContacted(state)) {
    throw new AppointmentError('NOT_REACHABLE', 'the case is closed, has no follow-up consent, or she opted out');
  }
  if (!state.videoCallConsent) throw new AppointmentError('NO_VIDEO_CONSENT', 'she has not consented to video calls');
  const busy = (await deps.store.forStaff(staffId, around.startsAt, around.endsAt)).filter(
    (a) => ACTIVE_STATUSES.includes(a.status) && a.id !== ignoreId,
  );
  return {
    working: workingWindows(deps, psychologist.workingHours),
    her: contactPolicy(state.safeHours, deps.checkIns.policyDefaults),
    busy,
  };
}

function slotOf(deps: AppointmentDeps, request: { startsAt: Date; endsAt?: Date | undefined }): Slot {
  const endsAt = request.endsAt ?? new Date(request.startsAt.getTime() + deps.video.sessionMinutes * 60_000);
  if (endsAt.getTime() <= request.startsAt.getTime()) throw new AppointmentError('INVALID_TIME', 'the end must be after the start');
  if (endsAt.getTime() - request.startsAt.getTime() > 4 * 3600_000) throw new AppointmentError('INVALID_TIME', 'a session lasts at most 4 hours');
  if (request.startsAt.getTime() <= deps.clock.now().getTime()) throw new AppointmentError('INVALID_TIME', 'the start must be in the future');
  if (!withinSchedulingHorizon(endsAt, deps.clock.now())) throw new AppointmentError('INVALID_TIME', 'the session must be at most two years ahead');
  return { startsAt: request.startsAt, endsAt };
}

const REFUSAL_MESSAGES = {
  working_hours: "the time is outside the psychologist's hours",
  her_hours: 'the time is outside her safe hours',
} as const;

async function checkFits(deps: AppointmentDeps, caseId: string, staffId: string, slot: Slot, ignoreId?: string): Promise<void> {
  const input = await availabilityFor(deps, caseId, staffId, slot, ignoreId);
  const refusal = refusalOf(input, slot);
  if (!refusal) return; // the database still refuses an overlap written meanwhile (a race)
  if (refusal.rule === 'clash') throw new AppointmentError('SLOT_TAKEN', 'the psychologist has another session then', refusal);
  throw new AppointmentError('OUTSIDE_HOURS', REFUSAL_MESSAGES[refusal.rule], refusal);
}

/** The database's word on an overlap, as the use cases' error. */
async function translateOverlap<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SlotTakenError) throw new AppointmentError('SLOT_TAKEN', error.message);
    throw error;
  }
}

/** How many other times she is offered if she asks for another. */
const OFFERS = 3;

/**
 * Invites her through the invitation flow, as a check-in at her next safe moment, after working out
 * the {@link OFFERS} next free times she is offered if she asks for another.
 */
async function invite(deps: AppointmentDeps, row: AppointmentRow, staffId: string | null): Promise<void> {
  await withdrawInvitations(deps, row.caseId, 'la sesión cambió');
  await deps.store.setOffers(row.id, await freeSlotsFor(deps, row.caseId, row.staffId, OFFERS));
  await addCheckIn(deps.checkIns, { caseId: row.caseId, flowId: deps.flows.invitation, at: deps.clock.now(), staffId });
}

/** Cancels invitations of the case not sent yet (a newer one replaces them, or the session is off). */
async function withdrawInvitations(deps: AppointmentDeps, caseId: string, reason: string): Promise<void> {
  for (const pending of await deps.checkIns.store.scheduledFor(caseId, deps.flows.invitation)) {
    await cancelCheckIn(deps.checkIns, pending.id, reason).catch((error: unknown) => {
      if (!(error instanceof CheckInChangeError)) throw error; // sent meanwhile: her answer decides
    });
  }
}

/**
 * Books a session: the psychologist must be an active psychologist, the case reachable, her
 * video-call consent in force (`NO_VIDEO_CONSENT`), the time in
 * the future, inside her working hours and the survivor's safe hours. The database refuses an overlap
 * with another of the psychologist's sessions (`SLOT_TAKEN`), also when two bookings race. Then she is
 * invited through the invitation flow at her next safe moment, reminders are scheduled, the change is
 * audited and published live.
 *
 * @throws AppointmentError
 */
export async function bookAppointment(deps: AppointmentDeps, request: BookingRequest, actor: Actor): Promise<AppointmentRow> {
  const slot = slotOf(deps, request);
  await checkFits(deps, request.caseId, request.staffId, slot);
  const row = await translateOverlap(() =>
    deps.store.create({
      caseId: request.caseId,
      staffId: request.staffId,
      ...slot,
      videoRoom: newVideoRoom(),
      notes: request.notes ?? null,
      createdById: actor.staffId,
    }),
  );
  await deps.audit.record({ ...actor, action: 'appointment.create', subject: `case:${row.caseId}`, detail: { appointmentId: row.id, staffId: row.staffId } });
  await invite(deps, row, actor.staffId);
  await scheduleReminders(deps, row);
  await deps.events.publish({ type: 'appointment_changed', caseId: row.caseId, appointmentId: row.id });
  return row;
}

/**
 * Moves a session still to happen to a new time (status `rescheduled`: she is invited again to
 * confirm it). Same checks as booking.
 *
 * @throws AppointmentError
 */
export async function moveAppointment(
  deps: AppointmentDeps,
  appointmentId: string,
  request: { startsAt: Date; endsAt?: Date | undefined },
  actor: Actor,
): Promise<AppointmentRow> {
  const current = await deps.store.find(appointmentId);
  if (!current) throw new AppointmentError('NOT_FOUND', 'no such session');
  if (!ACTIVE_STATUSES.includes(current.status)) throw new AppointmentError('WRONG_STATUS', `a ${current.status} session cannot be moved`);
  const slot = slotOf(deps, { startsAt: request.startsAt, endsAt: request.endsAt ?? new Date(request.startsAt.getTime() + (current.endsAt.getTime() - current.startsAt.getTime())) });
  await checkFits(deps, current.caseId, current.staffId, slot, current.id);
  const moved = await translateOverlap(() => deps.store.move(appointmentId, { ...slot, status: 'rescheduled', from: ACTIVE_STATUSES }));
  if (!moved) throw new AppointmentError('WRONG_STATUS', 'the session is no longer active');
  await deps.scheduler.unscheduleReminders(current);
  await deps.audit.record({ ...actor, action: 'appointment.move', subject: `case:${moved.caseId}`, detail: { appointmentId: moved.id } });
  await invite(deps, moved, actor.staffId);
  await scheduleReminders(deps, moved);
  await deps.events.publish({ type: 'appointment_changed', caseId: moved.caseId, appointmentId: moved.id });
  return moved;
}

/**
 * Gives a session still to happen to another psychologist (one leaves or is away), at the same time
 * and with the same link: she is told nothing, since nothing she sees changes, and her reminders
 * stand. The new psychologist must be active and free then, the time inside her working hours and
 * still inside the survivor's safe hours (the checks of a booking). Audited `appointment.reassign`
 * with both psychologists.
 *
 * @throws AppointmentError `NOT_FOUND`, `WRONG_STATUS`, `NOT_A_PSYCHOLOGIST`, `SLOT_TAKEN`,
 *   `OUTSIDE_HOURS`, `INVALID_TIME` (already begun), and a case's refusals.
 */
export async function reassignAppointment(deps: AppointmentDeps, appointmentId: string, staffId: string, actor: Actor): Promise<AppointmentRow> {
  const current = await deps.store.find(appointmentId);
  if (!current) throw new AppointmentError('NOT_FOUND', 'no such session');
  if (!ACTIVE_STATUSES.includes(current.status)) throw new AppointmentError('WRONG_STATUS', `a ${current.status} session cannot be given to another psychologist`);
  if (current.staffId === staffId) return current;
  const slot = slotOf(deps, { startsAt: current.startsAt, endsAt: current.endsAt });
  await checkFits(deps, current.caseId, staffId, slot, current.id);
  const reassigned = await translateOverlap(() => deps.store.reassign(appointmentId, { staffId, from: ACTIVE_STATUSES }));
  if (!reassigned) throw new AppointmentError('WRONG_STATUS', 'the session is no longer active');
  await deps.audit.record({ ...actor, action: 'appointment.reassign', subject: `case:${reassigned.caseId}`, detail: { appointmentId, staffId, fromId: current.staffId } });
  await deps.events.publish({ type: 'appointment_changed', caseId: reassigned.caseId, appointmentId });
  return reassigned;
}

/**
 * Cancels a session still to happen; its reminders and an invitation not sent yet are withdrawn. She
 * is not written to automatically.
 *
 * @throws AppointmentError `NOT_FOUND`, `WRONG_STATUS`
 */
export async function cancelAppointment(deps: AppointmentDeps, appointmentId: string, actor: Actor): Promise<AppointmentRow> {
  const current = await deps.store.find(appointmentId);
  if (!current) throw new AppointmentError('NOT_FOUND', 'no such session');
  const cancelled = await deps.store.setStatus(appointmentId, { status: 'cancelled', from: ACTIVE_STATUSES });
  if (!cancelled) throw new AppointmentError('WRONG_STATUS', `a ${current.status} session cannot be cancelled`);
  await deps.scheduler.unscheduleReminders(cancelled);
  await withdrawInvitations(deps, cancelled.caseId, SESSION_CANCELLED_REASON);
  await deps.audit.record({ ...actor, action: 'appointment.cancel', subject: `case:${cancelled.caseId}`, detail: { appointmentId } });
  await deps.events.publish({ type: 'appointment_changed', caseId: cancelled.caseId, appointmentId });
  return cancelled;
}

/**
 * The next `count` free session times for her case with this psychologist, from now.
 *
 * @throws AppointmentError `NOT_A_PSYCHOLOGIST`, `CASE_NOT_FOUND`, `NOT_REACHABLE`, `NO_VIDEO_CONSENT`
 */
export async function freeSlotsFor(deps: AppointmentDeps, caseId: string, staffId: string, count: number, ignoreId?: string): Promise<Slot[]> {
  const now = deps.clock.now();
  const horizon = { startsAt: now, endsAt: new Date(now.getTime() + 29 * 86_400_000) };
  const input = await availabilityFor(deps, caseId, staffId, horizon, ignoreId);
  return nextFreeSlots(input, new Date(now.getTime() + 3600_000), count, deps.video.sessionMinutes);
}

/**
 * The next `count` times after `after` (at least an hour from now) that satisfy everything for her
 * case with this psychologist: what a refused booking offers instead.
 *
 * @throws AppointmentError `NOT_A_PSYCHOLOGIST`, `CASE_NOT_FOUND`, `NOT_REACHABLE`, `NO_VIDEO_CONSENT`
 */
export async function freeSlotsAfter(deps: AppointmentDeps, caseId: string, staffId: string, after: Date, count: number, ignoreId?: string): Promise<Slot[]> {
  const from = new Date(Math.max(after.getTime(), deps.clock.now().getTime() + 3600_000));
  const horizon = { startsAt: from, endsAt: new Date(from.getTime() + 29 * 86_400_000) };
  const input = await availabilityFor(deps, caseId, staffId, horizon, ignoreId);
  return nextFreeSlots(input, from, count, deps.video.sessionMinutes);
}
