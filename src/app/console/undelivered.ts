import { failureAdvice } from '../delivery-failures/failure-advice.js';

/**
 * A message that did not reach her, for the coordinators' *No entregados* list.
 *
 * @example
 * { contactId: '0193…', caseId: '0193…', alias: 'Luz', at: 2026-12-01T17:00Z, errorCode: 'CLOUD_131047',
 *   author: 'bot', flowId: 'seguimiento', checkInFlowId: 'seguimiento', alertOpen: true }
 */
export interface UndeliveredMessage {
  contactId: string;
  caseId: string;
  alias: string;
  /** When the failure was recorded. */
  at: Date;
  errorCode: string;
  author: 'bot' | 'system' | 'staff' | 'survivor';
  /** The flow that sent it, if a flow did. */
  flowId: string | null;
  /** The check-in whose conversation it belonged to, by flow, if a check-in caused it. */
  checkInFlowId: string | null;
  /** Whether the case still has an unresolved delivery alert. */
  alertOpen: boolean;
}

/** Reads of failed deliveries. */
export interface UndeliveredQueries {
  /** Messages refused or reported failed by the channel since `since`, newest first, at most `limit`; a text that went through as its template on retry is left out. */
  recent(since: Date, limit: number): Promise<UndeliveredMessage[]>;
}

/** An undelivered message with what it means and what to do, in Spanish. */
export interface UndeliveredRow extends UndeliveredMessage {
  what: string;
  todo: string;
}

/** How far back the list looks. */
export const UNDELIVERED_DAYS = 30;
const LIMIT = 500;

/** The *No entregados* list: the last {@link UNDELIVERED_DAYS} days of failed deliveries, each explained. */
export async function listUndelivered(deps: { undelivered: UndeliveredQueries }, now: Date): Promise<UndeliveredRow[]> {
  const rows = await deps.undelivered.recent(new Date(now.getTime() - UNDELIVERED_DAYS * 24 * 3600 * 1000), LIMIT);
  return rows.map((row) => {
    const { what, todo } = failureAdvice(row.errorCode);
    return { ...row, what, todo };
  });
}
