import { randomUUID } from 'node:crypto';
import { caseRunContext } from '../case-fields.js';
import { botReplies, startTurn } from '../run-turn.js';
import { conversationUnderWay } from '../conversation-under-way.js';
import { isAllowed } from '../safe-hours/next-allowed.js';
import { contactPolicy, type ContactPolicy } from '../safe-hours/policy.js';
import type { AppointmentDeps } from './deps.js';
import { ACTIVE_STATUSES, type AppointmentRow, type ReminderKind } from './ports.js';
import { planReminder } from './reminder-times.js';
import { videoLink } from './video-link.js';
import { mayBeContacted } from '../may-be-contacted.js';

/** The alert's words when a reminder cannot reach her in time; no personal data. */
const REMINDER_NAME: Record<ReminderKind, string> = { day: 'un día antes', hour: 'una hora antes' };
/** Why a reminder was not sent, in the inbox's words. */
const OUTSIDE = 'fuera de su horario seguro';
/** Why a reminder was not sent: her video-call consent is not recorded, or was withdrawn. */
const NO_VIDEO_CONSENT = 'sin su consentimiento para videollamadas (no está registrado, o lo retiró)';
/** Why a reminder waits: the bot is talking with her about something else. */
const IN_CONVERSATION = 'conversación en curso';
/** How long a reminder waits for her other conversation to end before trying again. */
export const BUSY_RETRY_MS = 10 * 60_000;
/** The latest a reminder may still go out, before the session: after that, a person is told instead. */
const LAST_CALL_MS: Record<ReminderKind, number> = { day: 3 * 3600_000, hour: 15 * 60_000 };

/** What firing a reminder did. */
export type ReminderOutcome =
  | { kind: 'sent'; contactIds: string[] }
  | { kind: 'moved'; at: Date }
  /** She was in another conversation with the bot: the same reminder runs again at `runAgainAt`. */
  | { kind: 'retry'; runAgainAt: Date; reason: string }
  | { kind: 'skipped'; reason: string; alertId: string | null }
  | { kind: 'stale' | 'already_sent' };

/**
 * Plans both reminders of a session still to happen: at 24 h and 1 h before when inside her safe
 * hours, else at the latest safe moment before, else skipped with an alert to the coordinator
 * (`alert: false` when only re-planning, at start and by the reconciler: the alert was raised when the
 * session was booked or changed).
 */
export async function scheduleReminders(deps: AppointmentDeps, row: AppointmentRow, options: { alert?: boolean } = {}): Promise<void> {
  const state = await deps.checkIns.store.contactState(row.caseId);
  const policy = contactPolicy(state.safeHours, deps.checkIns.policyDefaults);
  const now = deps.clock.now();
  for (const kind of ['day', 'hour'] as const) {
    if ((kind === 'day' ? row.reminderDaySentAt : row.reminderHourSentAt) !== null) continue;
    const plan = planReminder(policy, kind, row.startsAt, now);
    if ('at' in plan) await deps.scheduler.scheduleReminder(row, kind, plan.at);
    else if (plan.skipped === 'no_safe_moment' && options.alert !== false) await skip(deps, row, kind, OUTSIDE);
  }
}

async function skip(deps: AppointmentDeps, row: AppointmentRow, kind: ReminderKind, why: string): Promise<string> {
  const alertId = await deps.store.raiseAlert(row.caseId, `Recordatorio de videollamada (${REMINDER_NAME[kind]}) no enviado: ${why}`);
  await deps.events.publish({ type: 'alert_raised', caseId: row.caseId, alertId });
  deps.log.warn({ appointmentId: row.id, reminder: kind }, 'video-call reminder skipped; coordinator alerted');
  return alertId;
}

/**
 * Sends the reminder `kind` of a session, under the case's lock: the day reminder runs the
 * confirmation flow (safety question, still on / change / cancel), the hour reminder the link flow.
 * Only for a session still active at the start the job was planned for, once, to a reachable case
 * (read under the case's lock, so her "BAJA", a withdrawn consent or new safe hours committed
 * meanwhile are seen) whose video-call consent is in force (otherwise skipped with an alert)
 * the bot is talking with, and inside her safe hours (outside, it moves to the latest safe moment
 * before the session, or is skipped with an alert). While she is in another conversation with the
 * bot, it tries again {@link BUSY_RETRY_MS} later, as long as that is inside her safe hours and not too
 * close to the session; otherwise, or when a person is attending her, it is skipped with an alert.
 */
export async function fireReminder(deps: AppointmentDeps, appointmentId: string, kind: ReminderKind, plannedStart: number): Promise<ReminderOutcome> {
  const row = await deps.store.find(appointmentId);
  if (!row || !ACTIVE_STATUSES.includes(row.status) || row.startsAt.getTime() !== plannedStart) return { kind: 'stale' };
  if ((kind === 'day' ? row.reminderDaySentAt : row.reminderHourSentAt) !== null) return { kind: 'already_sent' };
  const now = deps.clock.now();
  const batchKey = randomUUID();
  const c = deps.checkIns;
  const flowId = kind === 'day' ? deps.flows.reminder : deps.flows.link;
  const done = await deps.conversations.withCase(row.caseId, async (conversation): Promise<UnderLock> => {
    // Read under the lock: her "BAJA", a withdrawn consent or new safe hours may have committed while
    // this waited for it. Whether, when and what the reminder says follow this state.
    const locked = await conversation.contactState();
    if (!mayBeContacted(locked)) return { gone: true } as const;
    if (!locked.videoCallConsent) return { noConsent: true } as const;
    const policy = contactPolicy(locked.safeHours, c.policyDefaults);
    if (!isAllowed(policy, now)) return { outside: policy } as const;
    if (locked.attention !== 'bot') return { busy: 'en atención con una persona', policy } as const;
    if (await conversationUnderWay(conversation, now, c.answerWindowMs)) return { busy: IN_CONVERSATION, policy } as const;
    // Marked only while the session is still on at the start planned: cancelled or moved while this
    // waited for the lock, it sends nothing (and a moved one keeps the reminders of its new time).
    const marked = await conversation.markAppointmentSent(row.id, kind === 'day' ? 'reminderDaySentAt' : 'reminderHourSentAt', now, new Date(plannedStart));
    if (!marked) return { already: true } as const;
    const carriesLink = (kind === 'day') === (deps.video.linkSentWith === 'reminder_day');
    const context = await caseRunContext(conversation, { now, language: locked.language, alias: locked.alias, deniedWords: deps.checkIns.deniedWords, insideSafeHours: true, staffHours: deps.checkIns.staffHours }, deps.video);
    // Only the reminder `VIDEO_LINK_SENT` names shows the link.
    const link = carriesLink ? linkFields(deps, row) : { con_enlace: false };
    const turn = startTurn(c.flows, flowId, { ...context, fields: { ...context.fields, ...link } });
    const sessionId = await conversation.saveSession({ flowId: turn.flowId, state: turn.session, ended: turn.ended, outcome: turn.outcome, timeoutAt: turn.timeoutAt });
    await conversation.recordResults(turn.results, now);
    // Caused by the session: a reminder held back at send time is known as one ({@link reminderHeldBack}).
    const contactIds = await conversation.recordOutbound(row.id, c.channel, botReplies(turn, sessionId));
    if (carriesLink) await conversation.markAppointmentSent(row.id, 'linkSentAt', now);
    return { contactIds };
  });
  if ('gone' in done) return { kind: 'stale' };
  // A session booked before her consent was asked for, or whose withdrawal did not reach it: a person decides.
  if ('noConsent' in done) return { kind: 'skipped', reason: NO_VIDEO_CONSENT, alertId: await skip(deps, row, kind, NO_VIDEO_CONSENT) };
  if ('already' in done) return { kind: 'already_sent' };
  if ('outside' in done) {
    // Outside her safe hours: moved to the latest safe moment before the session, or skipped.
    const plan = planReminder(done.outside, kind, row.startsAt, now);
    if ('at' in plan && plan.at.getTime() > now.getTime()) {
      await deps.scheduler.scheduleReminder(row, kind, plan.at);
      return { kind: 'moved', at: plan.at };
    }
    return { kind: 'skipped', reason: OUTSIDE, alertId: await skip(deps, row, kind, OUTSIDE) };
  }
  if ('busy' in done) {
    const runAgainAt = new Date(now.getTime() + BUSY_RETRY_MS);
    if (done.busy === IN_CONVERSATION && runAgainAt.getTime() <= row.startsAt.getTime() - LAST_CALL_MS[kind] && isAllowed(done.policy, runAgainAt)) {
      deps.log.info({ appointmentId, reminder: kind }, 'video-call reminder waits for her other conversation');
      return { kind: 'retry', runAgainAt, reason: done.busy };
    }
    return { kind: 'skipped', reason: done.busy, alertId: await skip(deps, row, kind, done.busy) };
  }
  await c.dispatcher.dispatch(batchKey, done.contactIds);
  for (const contactId of done.contactIds) await deps.events.publish({ type: 'contact_added', caseId: row.caseId, contactId });
  deps.log.info({ appointmentId, reminder: kind }, 'video-call reminder sent');
  return { kind: 'sent', contactIds: done.contactIds };
}

/** Why a reminder already queued did not go: its send came too late for her safe hours. */
const HELD_BACK = 'el envío se salió de su horario seguro';

/**
 * A message held back at send time because it would have reached her outside her safe hours (pacing
 * or a retry delayed it past the end of her window): when it is a session reminder, the conversation
 * it opened is ended (its question never reached her) and a person is told, as for a reminder skipped
 * when planned. Returns the alert's id, or `null` for any other message.
 */
export async function reminderHeldBack(deps: AppointmentDeps, contactId: string): Promise<string | null> {
  const held = await deps.store.reminderOf(contactId);
  if (!held) return null;
  const kind: ReminderKind = held.flowId === deps.flows.link ? 'hour' : 'day';
  const { sessionId } = held;
  if (sessionId) {
    await deps.conversations.withCase(held.appointment.caseId, async (conversation) => {
      if ((await conversation.activeSession())?.id === sessionId) await conversation.endActiveSession('pospuesta');
    });
  }
  return skip(deps, held.appointment, kind, HELD_BACK);
}

/** What a reminder found under the case's lock: sent (its contacts), or why not. */
type UnderLock =
  | { gone: true }
  | { noConsent: true }
  | { already: true }
  | { outside: ContactPolicy }
  | { busy: string; policy: ContactPolicy }
  | { contactIds: string[] };

function linkFields(deps: AppointmentDeps, row: AppointmentRow): Record<string, string | boolean> {
  return { con_enlace: true, cita_enlace: videoLink(deps.video.baseUrl, row.videoRoom) };
}

/**
 * After her answer changed a session (confirmed, moved to a time she chose, cancelled): re-plans its
 * reminders if it is still to happen, removes them otherwise, and tells live screens.
 */
export async function appointmentAnswered(deps: AppointmentDeps, caseId: string, appointmentId: string): Promise<void> {
  const row = await deps.store.find(appointmentId);
  if (row && ACTIVE_STATUSES.includes(row.status)) await scheduleReminders(deps, row);
  else if (row) await deps.scheduler.unscheduleReminders(row);
  await deps.events.publish({ type: 'appointment_changed', caseId, appointmentId });
}
