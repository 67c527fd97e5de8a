import { isAllowed, nextAllowedMoment } from '../safe-hours/next-allowed.js';
import { contactPolicy, safeHoursUnreadable } from '../safe-hours/policy.js';
import { botReplies, runTurn } from '../run-turn.js';
import { conversationUnderWay } from '../conversation-under-way.js';
import { caseRunContext } from '../case-fields.js';
import type { CheckInDeps } from './deps.js';
import type { CheckInRow } from './ports.js';
import { mayBeContacted } from '../may-be-contacted.js';
import { CASE_CLOSED, NO_FOLLOW_UP_CONSENT } from './ports.js';

/** What firing a check-in did. */
export type FireOutcome =
  | { kind: 'sent'; contactIds: string[]; sentAt: Date }
  | { kind: 'resent'; contactIds: string[]; sentAt: Date }
  | { kind: 'moved'; dueAt: Date; reason: string }
  | { kind: 'held'; reason: string }
  /** `alertId`: a person was told (the check-in could not go at all, whatever her state). */
  | { kind: 'cancelled'; reason: string; alertId?: string }
  | { kind: 'escalated'; alertId: string }
  | { kind: 'not_due' | 'not_scheduled' | 'missing' };

/** How long a check-in waits when she is in the middle of another conversation. */
const BUSY_DELAY_MS = 60 * 60 * 1000;

/**
 * Fires a due check-in, under the case's lock: only if it is still scheduled, she still consents
 * (to video calls too, for a check-in of one of `videoCallFlows`), has not opted out, the bot (not a
 * person) is talking with her, and now is inside her safe hours.
 * Outside them it moves to her next safe moment; while she is mid-conversation it waits an hour (a
 * conversation she left unanswered for `answerWindowMs`, with no question left to time out, is over:
 * the check-in's flow replaces it).
 * A check-in whose flow is no longer deployed (its file removed or renamed) is cancelled with a normal
 * alert for a person, who can plan it again with another flow.
 * Otherwise the check-in's flow starts and its messages are queued, committed together with
 * `scheduled → sent`, so two workers firing the same check-in send it once.
 */
export async function fireCheckIn(deps: CheckInDeps, checkInId: string): Promise<FireOutcome> {
  const now = deps.clock.now();
  let caseId = '';
  const outcome = await deps.store.withCheckIn(checkInId, async (unit): Promise<FireOutcome & { row?: CheckInRow }> => {
    const { checkIn, state, conversation } = unit;
    caseId = checkIn.caseId;
    if (checkIn.status === 'sent') return { kind: 'resent', contactIds: await conversation.unsentCausedBy(checkIn.id), sentAt: checkIn.sentAt ?? now };
    if (checkIn.status !== 'scheduled') return { kind: 'not_scheduled' };
    if (checkIn.dueAt.getTime() > now.getTime() + 1_000) return { kind: 'not_due', row: checkIn };

    if (!mayBeContacted(state)) {
      const reason = !state.caseOpen ? CASE_CLOSED : state.optedOut ? 'pidió no recibir mensajes' : NO_FOLLOW_UP_CONSENT;
      await unit.cancel(reason);
      return { kind: 'cancelled', reason };
    }
    /** Cancels it for good, saying why on the check-in, and tells a person in `alert`'s words. */
    const cancelAndTell = async (reason: string, alert: string): Promise<FireOutcome> => {
      await unit.cancel(reason);
      return { kind: 'cancelled', reason, alertId: await unit.notice(alert) };
    };
    if (!state.videoCallConsent && deps.videoCallFlows?.includes(checkIn.flowId)) {
      return cancelAndTell('sin consentimiento de videollamada', 'Invitación a videollamada no enviada: sin su consentimiento para videollamadas (no está registrado, o lo retiró).');
    }
    if (!deps.flows.get(checkIn.flowId)) {
      // Its flow file was removed or renamed since it was planned: retrying would wait for ever, unseen.
      return cancelAndTell(
        'su flujo ya no está en el servicio',
        `Seguimiento no enviado: su flujo «${checkIn.flowId}» ya no está en el servicio. Prográmalo de nuevo con otro flujo.`,
      );
    }
    if (state.attention !== 'bot') return { kind: 'held', reason: 'en atención con una persona' };

    const policy = contactPolicy(state.safeHours, deps.policyDefaults);
    const busy = await conversationUnderWay(conversation, now, deps.answerWindowMs);
    if (busy || !isAllowed(policy, now)) {
      const reason = busy ? 'conversación en curso' : 'fuera de su horario';
      const due = nextAllowedMoment(policy, new Date(now.getTime() + (busy ? BUSY_DELAY_MS : 0)));
      if (!due) {
        const why = safeHoursUnreadable(state.safeHours)
          ? 'Su horario seguro guardado no se puede leer: no se le escribe hasta que lo registres de nuevo en su caso'
          : 'Sin horario seguro para contactarla';
        return { kind: 'escalated', alertId: await unit.escalate(why, 'reminder_skipped') };
      }
      const row = await unit.move(due, reason);
      return { kind: 'moved', dueAt: due, reason, row };
    }

    // Only reached inside her safe hours: the flow's safe-hours branch goes on.
    const context = await caseRunContext(conversation, { now, language: state.language, alias: state.alias, deniedWords: deps.deniedWords, insideSafeHours: true, staffHours: deps.staffHours }, deps.video);
    const turn = runTurn(deps.flows, checkIn.flowId, null, '', context);
    const sessionId = await conversation.saveSession({
      flowId: turn.flowId,
      state: turn.session,
      ended: turn.ended,
      outcome: turn.outcome,
      timeoutAt: turn.timeoutAt,
    });
    if (!(await unit.markSent(now))) return { kind: 'not_scheduled' };
    await conversation.recordResults(turn.results, now);
    // Her 24-hour window is usually closed when a check-in opens: each reply keeps its template for the channel.
    const contactIds = await conversation.recordOutbound(checkIn.id, deps.channel, botReplies(turn, sessionId));
    return { kind: 'sent', contactIds, sentAt: now, row: { ...checkIn, status: 'sent', sentAt: now, attempts: checkIn.attempts + 1 } };
  });
  if (!outcome) return { kind: 'missing' };

  const { row, ...result } = outcome;
  switch (result.kind) {
    case 'sent':
    case 'resent':
      // One send per sending: a check-in postponed after its send was held back is sent again later,
      // and a send job of the same name, kept a day once done, would make the queue ignore it.
      await deps.dispatcher.dispatch(`${checkInId}-${result.sentAt.getTime()}`, result.contactIds);
      if (row) await deps.scheduler.scheduleExpiry(row, new Date(now.getTime() + deps.answerWindowMs));
      break;
    case 'moved':
    case 'not_due':
      if (row) await deps.scheduler.schedule(row);
      break;
    case 'escalated':
      await deps.events.publish({ type: 'attention_changed', caseId });
      await deps.events.publish({ type: 'alert_raised', caseId, alertId: result.alertId });
      break;
    case 'cancelled':
      if (result.alertId) await deps.events.publish({ type: 'alert_raised', caseId, alertId: result.alertId });
      break;
  }
  deps.log.info({ checkInId, outcome: result.kind }, 'check-in fired');
  return result;
}
