/** Why the console refused an action; the HTTP layer maps each to a status and a Spanish message. */
export type ConsoleErrorCode =
  | 'case_not_found'
  | 'media_not_found'
  | 'alert_not_found'
  | 'forbidden'
  | 'held_by_other'
  | 'not_holder'
  | 'case_closed'
  | 'no_follow_up_consent'
  | 'opted_out'
  | 'unknown_flow'
  | 'unknown_template'
  | 'no_phone'
  | 'invalid_assignee'
  | 'staff_exists'
  | 'staff_not_found'
  | 'cannot_disable_self'
  | 'cannot_reset_self'
  | 'wrong_password'
  | 'password_too_short'
  | 'password_unchanged'
  | 'outside_safe_hours'
  | 'unseen_alert'
  | 'unknown_sender_not_found'
  | 'number_taken'
  | 'reply_window_closed'
  | 'not_written_recently'
  | 'case_open'
  | 'code_word_unsuitable'
  | 'denied_word'
  | 'psychologist_not_found';

/**
 * A refusal of a console use case, with a message in Spanish for the staff member.
 *
 * @example
 * throw new ConsoleError('held_by_other', 'La conversación la tiene Ana López.', { heldBy: 'Ana López' });
 */
export class ConsoleError extends Error {
  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
    readonly detail: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
}

/** The refusal for a case that does not exist or that `staff` may not see: the same, so existence does not leak. */
export function caseNotFound(): ConsoleError {
  return new ConsoleError('case_not_found', 'No existe ese caso o no lo tienes asignado.');
}
