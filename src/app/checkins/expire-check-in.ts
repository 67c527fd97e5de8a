import type { CheckInDeps } from './deps.js';

/** How much earlier than her answer window's end an expiry may run and still count the miss. */
const EXPIRY_SLACK_MS = 1_000;

/** What expiring a check-in did. */
export type ExpireOutcome = { kind: 'missed'; inARow: number; alertId: string | null } | { kind: 'not_sent' | 'missing' };

/**
 * Declares a sent check-in `missed` once its answer window has passed without a reply (counted from
 * its latest sending: a check-in postponed and sent again is not missed at the first one's end). After
 * `missedLimit` misses in a row, automated outreach stops: the case waits for a person, with an
 * urgent alert (no answer is a signal, not a reason to send more).
 */
export async function expireCheckIn(deps: CheckInDeps, checkInId: string): Promise<ExpireOutcome> {
  const outcome = await deps.store.withCheckIn(checkInId, async (unit): Promise<ExpireOutcome & { caseId?: string }> => {
    // A second of slack for the job's own clock; an expiry from an earlier sending comes too early.
    const inARow = await unit.markMissed(new Date(deps.clock.now().getTime() - deps.answerWindowMs + EXPIRY_SLACK_MS));
    if (inARow === null) return { kind: 'not_sent' };
    const alertId =
      inARow >= deps.missedLimit && unit.state.attention === 'bot'
        ? await unit.escalate(`${inARow} seguimientos seguidos sin respuesta`, 'missed_checkins')
        : null;
    return { kind: 'missed', inARow, alertId, caseId: unit.checkIn.caseId };
  });
  if (!outcome) return { kind: 'missing' };
  const { caseId, ...result } = outcome;
  if (result.kind === 'missed' && result.alertId && caseId) {
    await deps.events.publish({ type: 'attention_changed', caseId });
    await deps.events.publish({ type: 'alert_raised', caseId, alertId: result.alertId });
    deps.log.warn({ caseId, inARow: result.inARow }, 'check-ins missed in a row: a person is alerted');
  }
  return result;
}
