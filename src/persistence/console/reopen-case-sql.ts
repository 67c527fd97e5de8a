/**
 * Opens a closed follow-up again, waiting for a person: `$1` the case, `$2` when, `$3` why (as the
 * case shows it), `$4` its urgency (`normal`, or `urgent` after an emergency word). Its outcome and its
 * counters of missed and failed messages are cleared. Only a closed case changes; the caller holds its
 * row lock. Shared by the case page and the review of numbers without a case.
 */
export const REOPEN_CASE_SQL = `UPDATE "Case" SET status = 'open', "closedAt" = NULL, outcome = NULL, attention = 'waiting_person', "heldById" = NULL,
        urgency = $4::"Urgency", "attentionReason" = $3, "attentionSince" = $2, "missedInARow" = 0, "failedInARow" = 0
  WHERE id = $1::uuid AND status = 'closed'`;
