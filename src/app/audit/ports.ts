/**
 * The one audit log of the service (safety rule 13): every use case that must leave a trace (console,
 * records, the pipeline) writes the same {@link AuditEntry} through the same {@link AuditTrail}.
 * Implemented in src/persistence/audit-trail.ts.
 */

/**
 * Who did something, for the audit log: a staff member (console, or the CLI's `--staff`), or nobody
 * in particular (`staffId: null`: the CLI without `--staff`, a scheduled job).
 */
export interface Actor {
  staffId: string | null;
  via: 'cli' | 'console' | 'scheduler';
}

/** Everything the service audits. */
export type AuditAction =
  // Console: sessions, conversations, accounts.
  | 'login.succeeded'
  | 'login.failed'
  | 'logout'
  | 'case.viewed'
  | 'case.taken_over'
  | 'case.handed_back'
  | 'case.phone_revealed'
  | 'case.assigned'
  | 'case.note_added'
  | 'case.alert_resolved'
  | 'case.message_outside_safe_hours'
  | 'case.safe_hours_changed'
  | 'case.code_word_set'
  | 'case.code_word_removed'
  | 'case.details_changed'
  | 'case.consent_recorded'
  | 'case.reopened'
  | 'case.message_sent'
  | 'case.exported'
  | 'case.media_viewed'
  | 'case.checkin_added'
  | 'case.checkin_moved'
  | 'case.checkin_sent_now'
  | 'case.checkin_send_now_refused'
  | 'case.checkin_cancelled'
  | 'unknown_sender.viewed'
  | 'unknown_sender.phone_revealed'
  | 'unknown_sender.reviewed'
  | 'unknown_sender.linked'
  | 'unknown_sender.message_sent'
  | 'staff.created'
  | 'staff.disabled'
  | 'staff.enabled'
  | 'staff.password_reset'
  | 'staff.password_changed'
  // Pipeline: a person wrote from the linked phone.
  | 'takeover'
  // Records: imports, reports, BANAVIM, retention, stored numbers, demo data.
  | 'interventions.import'
  | 'interventions.import_check'
  | 'bulletin.created'
  | 'bulletin.view'
  | 'report.view'
  | 'report.export'
  | 'banavim.list'
  | 'banavim.export'
  | 'banavim.register'
  | 'banavim.detail'
  | 'retention.run'
  | 'phones.renormalize'
  | 'demo-data.seed'
  // Video-call sessions and calendar feeds.
  | 'appointment.create'
  | 'appointment.move'
  | 'appointment.reassign'
  | 'appointment.cancel'
  | 'appointment.done'
  | 'appointment.no_show'
  | 'calendar.view'
  | 'calendar.feed_issued'
  | 'calendar.feed_revoked'
  | 'calendar.working_hours_changed'
  // The audit log itself, read from the console.
  | 'audit.viewed';

/**
 * One entry: who (`staffId`, and `via` when it did not come through the console's own actions), what,
 * on what. `detail` holds ids, codes and counts, never a phone number, a message text or a password.
 *
 * @example
 * { staffId: "0193…", action: "case.phone_revealed", subject: "case:0193…", sealed: { reason: "Llamada acordada" } }
 * { staffId: null, via: "cli", action: "report.export", subject: "report", detail: { format: "csv" } }
 */
export interface AuditEntry {
  staffId: string | null;
  /** Where it came from, stored as `detail.via`: the CLI, a scheduled job, the linked phone… */
  via?: Actor['via'] | 'linked_phone';
  action: AuditAction;
  /** What it was done to: `case:<id>`, `staff:<id>`, `session`, `report`, `banavim`, `interventions`. */
  subject: string;
  detail?: Record<string, unknown>;
  /**
   * Free text a person typed (the reason for revealing a number): kept encrypted with the data keys,
   * never in plain, as `detail.sealed` (each value the base64 of its ciphertext).
   */
  sealed?: Record<string, string>;
}

/** Where audit entries are written. */
export interface AuditTrail {
  record(entry: AuditEntry): Promise<void>;
}
