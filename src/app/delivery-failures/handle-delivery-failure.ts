import type { Logger } from 'pino';
import type { CaseEventBus, Clock, OutboundDispatcher } from '../ports.js';
import { failureAdvice, WINDOW_CLOSED_CODES } from './failure-advice.js';
import type { DeliveryFailureStore } from './ports.js';

/** What {@link handleDeliveryFailure} needs. */
export interface DeliveryFailureDeps {
  store: DeliveryFailureStore;
  dispatcher: OutboundDispatcher;
  events: CaseEventBus;
  clock: Clock;
  log: Logger;
  /** Failures in a row after which automated outreach on the case stops (`DELIVERY_FAILED_LIMIT`). */
  failedLimit: number;
}

/** What handling a failure did. */
export type DeliveryFailureOutcome =
  | { kind: 'retried_as_template'; retryContactId: string }
  | { kind: 'alerted'; alertId: string; checkInFailed: boolean; failedInARow: number; escalated: boolean }
  | { kind: 'already_reported' }
  | { kind: 'not_found' };

/** The session outcome recorded when the conversation it opened never reached her. */
export const UNDELIVERED_OUTCOME = 'no_entregado';

/**
 * Makes a failed delivery reach a person. A text WhatsApp refused because her 24-hour window had
 * closed (131047) is sent once more as the template its flow named, and nothing else happens yet,
 * unless it may no longer be sent (see `retryAsTemplate`).
 * Any other failure (or that retry failing too): the check-in it belonged to becomes `failed`, the
 * session that sent it ends (nothing more is sent into a conversation she never received), and an
 * alert on the case says in Spanish what happened and what to do. Several messages of the same
 * cause failing count once. After `failedLimit` failures in a row, automated outreach stops: the
 * case waits for a person, like after missed check-ins.
 */
export async function handleDeliveryFailure(deps: DeliveryFailureDeps, contactId: string): Promise<DeliveryFailureOutcome> {
  const now = deps.clock.now();
  const result = await deps.store.withFailedContact(contactId, async (unit) => {
    const { contact } = unit;
    if (WINDOW_CLOSED_CODES.has(contact.errorCode) && contact.hasTemplate && !contact.isRetry) {
      const retryContactId = await unit.retryAsTemplate();
      if (retryContactId) return { caseId: contact.caseId, outcome: { kind: 'retried_as_template' as const, retryContactId } };
    }
    if (contact.sameCauseFailedBefore) return { caseId: contact.caseId, outcome: { kind: 'already_reported' as const } };
    const checkInFailed = contact.checkInId ? await unit.failCheckIn(contact.checkInId) : false;
    if (contact.sessionId) await unit.endSession(contact.sessionId, UNDELIVERED_OUTCOME);
    const failedInARow = await unit.countFailure();
    const advice = failureAdvice(contact.errorCode);
    const subject = checkInFailed ? 'Un mensaje de seguimiento no se entregó.' : 'Un mensaje no se entregó.';
    const escalated = failedInARow >= deps.failedLimit && unit.attention === 'bot';
    const alertId = escalated
      ? await unit.escalate(`${failedInARow} mensajes seguidos sin entregar: los envíos automáticos se detienen. ${advice.what} ${advice.todo}`, now)
      : await unit.raiseAlert(`${subject} ${advice.what} ${advice.todo}`);
    return { caseId: contact.caseId, outcome: { kind: 'alerted' as const, alertId, checkInFailed, failedInARow, escalated } };
  });
  if (!result) return { kind: 'not_found' };
  const { caseId, outcome } = result;
  if (outcome.kind === 'retried_as_template') {
    await deps.dispatcher.dispatch(`retry-${contactId}`, [outcome.retryContactId]);
    deps.log.info({ contactId, retryContactId: outcome.retryContactId }, 'window closed: the message is sent again as its template');
  } else if (outcome.kind === 'alerted') {
    if (outcome.escalated) await deps.events.publish({ type: 'attention_changed', caseId });
    await deps.events.publish({ type: 'alert_raised', caseId, alertId: outcome.alertId });
    deps.log.warn({ contactId, caseId, failedInARow: outcome.failedInARow, escalated: outcome.escalated }, 'a message did not reach her: a person is alerted');
  }
  return outcome;
}
