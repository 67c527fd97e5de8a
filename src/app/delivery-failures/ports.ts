/** Ports of the delivery-failure use case, implemented in persistence/. */

/**
 * The failed outbound contact, as the use case sees it (read under its case's lock).
 *
 * @example
 * { id: '0193…', caseId: '0193…', checkInId: '0193…', sessionId: '0193…', errorCode: 'CLOUD_131047',
 *   hasTemplate: true, isRetry: false, sameCauseFailedBefore: false }
 */
export interface FailedContact {
  id: string;
  caseId: string;
  /** The check-in whose conversation it opened or continued, when a check-in caused it. */
  checkInId: string | null;
  /** The flow session that sent it, if any. */
  sessionId: string | null;
  errorCode: string;
  /** Whether the flow named an approved template for it. */
  hasTemplate: boolean;
  /** Whether it is itself the retry of a failed text as its template. */
  isRetry: boolean;
  /** Whether another message of the same cause (the same check-in, the same answer) failed before it. */
  sameCauseFailedBefore: boolean;
}

/** The writes that follow a failed delivery, under the case's lock, committed together. */
export interface DeliveryFailureUnit {
  contact: FailedContact;
  /** Who talks with her now. */
  attention: 'bot' | 'waiting_person' | 'with_person' | 'stopped';
  /**
   * Queues the same message again as its template (once per contact); its id, or null if it was
   * already retried, or may no longer be sent (she opted out or sent her code word since, her consent
   * was withdrawn, the case closed; for a bot's message, a person attends her now).
   */
  retryAsTemplate(): Promise<string | null>;
  /** `sent → failed` for the check-in; false when it was no longer `sent`. */
  failCheckIn(checkInId: string): Promise<boolean>;
  /** Ends the flow session that sent the message, if it still waits for her. */
  endSession(sessionId: string, outcome: string): Promise<void>;
  /** Counts one more delivery failure in a row on the case; returns the new count. */
  countFailure(): Promise<number>;
  /** Raises a `delivery_failed` alert on the case; returns its id. */
  raiseAlert(reason: string): Promise<string>;
  /** Stops automated outreach: the case waits for a person, with an urgent `delivery_failed` alert. Returns its id. */
  escalate(reason: string, at: Date): Promise<string>;
}

/** Where failed deliveries are looked up and acted on. */
export interface DeliveryFailureStore {
  /**
   * Runs `work` on the failed contact under its case's lock, once: null when the contact has no case,
   * is not failed, or its failure was already handled (committed together with what `work` did).
   */
  withFailedContact<T>(contactId: string, work: (unit: DeliveryFailureUnit) => Promise<T>): Promise<T | null>;
}
