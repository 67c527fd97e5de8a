import { CANCELLED_NO_CONSENT } from '../errors.js';
import type { CaseEventBus, Clock } from '../ports.js';
import { assertCanSee } from './policy.js';
import type { ConsentPurpose, ConsoleCaseStore, FollowUpCheckIns, StaffIdentity, VideoCallSessions } from './ports.js';

/** The outcome stored on her waiting flow session when her follow-up consent is withdrawn. */
const SESSION_ENDED_NO_CONSENT = 'sin_consentimiento';

/** What {@link recordConsent} needs. */
export interface RecordConsentDeps {
  cases: Pick<ConsoleCaseStore, 'facts' | 'withCase'>;
  checkIns: Pick<FollowUpCheckIns, 'enroll'>;
  videoCalls: VideoCallSessions;
  events: Pick<CaseEventBus, 'publish'>;
  clock: Clock;
}

/** One consent decision, as the person who heard it records it. */
export interface ConsentDecision {
  purpose: ConsentPurpose;
  granted: boolean;
}

/** What recording a decision changed besides the record itself. */
export interface ConsentEffects {
  /** Messages to her not sent yet, withdrawn with her follow-up consent. */
  withdrawnMessages: number;
  /** Her video-call sessions still to happen, cancelled with her video-call consent. */
  cancelledSessions: number;
  /** Check-ins of the follow-up plan created by a new follow-up consent. */
  checkInsPlanned: number;
}

/**
 * Records her decision on one purpose (SAFETY: consent per purpose), by whoever may see the case,
 * under the case's lock, audited as `case.consent_recorded` (purpose and decision). The newest decision
 * per purpose is the one in force, and withdrawing one stops what depends on it at once:
 * - follow-up withdrawn: every message to her not sent yet is withdrawn ({@link CANCELLED_NO_CONSENT})
 *   and her waiting conversation ends, in the same transaction; check-ins are cancelled when due;
 * - video calls withdrawn: her sessions still to happen are cancelled (each audited, she is not written
 *   to); invitations and reminders check the consent again when due;
 * - BANAVIM withdrawn: her fields leave the export (read when it is made).
 * A follow-up consent given enrols the case in the check-in plan (items already planned are kept).
 *
 * @throws ConsoleError `case_not_found`, `forbidden`.
 */
export async function recordConsent(deps: RecordConsentDeps, staff: StaffIdentity, caseId: string, decision: ConsentDecision): Promise<ConsentEffects> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  const now = deps.clock.now();
  const withdrawnMessages = await deps.cases.withCase(caseId, async (locked) => {
    await locked.recordConsent(decision, staff.id, now);
    let withdrawn = 0;
    if (decision.purpose === 'follow_up' && !decision.granted) {
      withdrawn = await locked.conversation.withdrawUnsent(CANCELLED_NO_CONSENT, now);
      await locked.conversation.endActiveSession(SESSION_ENDED_NO_CONSENT);
    }
    await locked.audit({
      staffId: staff.id,
      action: 'case.consent_recorded',
      subject: `case:${caseId}`,
      detail: { purpose: decision.purpose, granted: decision.granted, ...(withdrawn > 0 ? { withdrawnMessages: withdrawn } : {}) },
    });
    return withdrawn;
  });
  const effects: ConsentEffects = { withdrawnMessages, cancelledSessions: 0, checkInsPlanned: 0 };
  if (decision.purpose === 'video_call' && !decision.granted) {
    effects.cancelledSessions = await deps.videoCalls.cancelUpcoming(caseId, { staffId: staff.id, via: 'console' });
  }
  if (decision.purpose === 'follow_up' && decision.granted) effects.checkInsPlanned = await deps.checkIns.enroll(caseId);
  await deps.events.publish({ type: 'attention_changed', caseId });
  return effects;
}
