import type { SharedLocation } from '../ports.js';
import type { ConversationRecord, HistoryMessage } from './ports.js';

/** How close in time a shared place and an emergency must be to go together. */
export const URGENT_LOCATION_WINDOW_MS = 10 * 60_000;

/** A place to show at the top of the urgent alert, with when she shared it. */
export interface UrgentLocation extends SharedLocation {
  at: Date;
  contactId: string;
}

/** Alerts that mean she may be in danger now: her emergency word, her code word, her own words of danger. */
const DANGER_ALERTS = new Set(['emergency_word', 'code_word', 'risk_signal']);

/** Whether {@link urgentLocation} can find anything: the case is urgent or has an open danger alert. */
export function mayHaveUrgentLocation(record: Pick<ConversationRecord, 'urgency' | 'openAlerts'>): boolean {
  return record.urgency === 'urgent' || record.openAlerts.some((alert) => DANGER_ALERTS.has(alert.kind));
}

/**
 * The place a person attending an urgent case should see first: the latest location she shared
 * within 10 minutes (before or after) of an open emergency-word, code-word or risk-signal alert
 * («está afuera de mi casa» and where she is), or while the
 * case is urgent (from 10 minutes before its first open urgent alert on). `null` when none.
 *
 * @example
 * urgentLocation(record, history) // { lat: 21.1619, lng: -86.8515, at: 2026-11-28T17:03:00Z, contactId: '0193…' }
 */
export function urgentLocation(
  record: Pick<ConversationRecord, 'urgency' | 'openAlerts' | 'attentionSince'>,
  history: readonly HistoryMessage[],
): UrgentLocation | null {
  const danger = record.openAlerts.filter((alert) => DANGER_ALERTS.has(alert.kind)).map((alert) => alert.createdAt.getTime());
  const urgentAlerts = record.openAlerts.filter((alert) => alert.urgency === 'urgent').map((alert) => alert.createdAt.getTime());
  const urgentSince = record.urgency === 'urgent' ? Math.min(...urgentAlerts, record.attentionSince?.getTime() ?? Infinity) : Infinity;
  for (let index = history.length - 1; index >= 0; index--) {
    const message = history[index]!;
    if (message.direction !== 'inbound' || !message.location) continue;
    const at = message.at.getTime();
    const nearDanger = danger.some((moment) => Math.abs(moment - at) <= URGENT_LOCATION_WINDOW_MS);
    const whileUrgent = at >= urgentSince - URGENT_LOCATION_WINDOW_MS;
    if (nearDanger || whileUrgent) return { ...message.location, at: message.at, contactId: message.id };
  }
  return null;
}
