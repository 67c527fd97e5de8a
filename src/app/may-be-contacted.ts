import type { CaseContactState } from './ports.js';

/**
 * Whether the service may start a message to her at all (a check-in, a reminder, what a flow says when
 * her silence times out a question): her case is open, her newest follow-up consent is a yes, she has
 * not asked to stop ("BAJA"), and there is a number to write to. Safe hours and who attends her are
 * decided apart, since they move or hold a message rather than cancel it.
 *
 * @example
 * if (!mayBeContacted(await conversation.contactState())) return 'stale';
 */
export function mayBeContacted(state: CaseContactState): boolean {
  return state.caseOpen && state.followUpConsent && !state.optedOut && state.hasPhone;
}
