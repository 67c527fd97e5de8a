import type { CheckInDeps } from './deps.js';

/** What expiring a check-in did. */
export type ExpireOutcome = { kind: 'missed'; inARow: number; alertId: string | null } | { kind: 'not_sent' | 'missing' };

/**
 * Declares a sent check-in `missed` once its answer window has passed without a reply. After
 * `missedLimit` misses in a row, automated outreach stops: the case waits for a person, with an
 * urgent alert (no answer is a signal, not a reason to send more).
 */
export async function expireCheckIn(deps: CheckInDeps, checkInId: string): Promise<ExpireOutcome> {
  const outcome = await deps.store.withCheckIn(checkInId, async (unit): Promise<ExpireOutcome & { caseId?: string }> => {
    const inARow = await unit.markMissed();
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
