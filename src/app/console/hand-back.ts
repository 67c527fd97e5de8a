import { randomUUID } from 'node:crypto';
import type { FlowRegistry } from '../flow-registry.js';
import { botReplies, startTurn } from '../run-turn.js';
import { caseRunContext } from '../case-fields.js';
import { ConsoleError } from './errors.js';
import { withHeldCase } from './held-case.js';
import type { FollowUpOutcome } from './outcomes.js';
import type { FollowUpCheckIns, StaffIdentity } from './ports.js';
import type { SendStaffMessageDeps } from './send-staff-message.js';
import { rearmLapsedTimeout } from './rearm-lapsed-timeout.js';
import { ENDED_BY_STAFF } from '../checkins/ports.js';

/**
 * What happens after the person lets go of the chat:
 * - `resume`: the bot's waiting session stays; her next message resumes it; a question whose timeout
 *   came while the person held the chat gets its whole time again, from now;
 * - `start_flow`: the chosen flow starts now and its first messages are sent, if now is inside her
 *   safe hours; otherwise it becomes a check-in at her next safe moment (nothing is sent now);
 * - `end`: the follow-up ends with an outcome (case closed, sessions ended, then its check-ins cancelled;
 *   one that fires in between finds the case closed and sends nothing).
 */
export type HandBackChoice =
  | { kind: 'resume' }
  | { kind: 'start_flow'; flowId: string }
  | { kind: 'end'; outcome: FollowUpOutcome };

/** What {@link handBack} needs: what sending her a message needs (a started flow writes to her), and more. */
export interface HandBackDeps extends SendStaffMessageDeps {
  flows: FlowRegistry;
  checkIns: Pick<FollowUpCheckIns, 'cancelAll' | 'add' | 'mayInitiateNow' | 'deferDue'>;
}

/**
 * How long after a person hands the chat back a check-in waits: one held while they talked (or due
 * in the next minutes) would otherwise open with its safety question right after the conversation.
 */
export const QUIET_AFTER_A_PERSON_MS = 3600_000;
/** Why such a check-in moved, as the case page shows it. */
const AFTER_A_PERSON = 'después de hablar con una persona';

/**
 * Hands the chat back to the bot (attention `bot`, nobody holds it, urgency cleared, the case's alerts
 * resolved by the staff member), then resumes, starts a flow or ends the follow-up, all in one
 * transaction under the case lock. Unless the follow-up ended, check-ins due within
 * {@link QUIET_AFTER_A_PERSON_MS} then move to its end (a flow started now, or planned at her next safe
 * moment, is the person's choice and goes as chosen). Only the holder may do it, or a coordinator
 * releasing a chat someone left held (recorded as `forced`). Given `alertsSeen` (the open alerts the page she handed back from
 * showed), an open alert not among them (her emergency word while the page was open) refuses the
 * hand-back: an alert is never resolved unseen.
 *
 * @throws ConsoleError `not_holder`, `held_by_other`, `unknown_flow`, `case_closed`, `opted_out`,
 *   `no_follow_up_consent` (starting a flow sends messages), `unseen_alert`, `case_not_found`, `forbidden`.
 */
export async function handBack(
  deps: HandBackDeps,
  staff: StaffIdentity,
  caseId: string,
  choice: HandBackChoice,
  options: { alertsSeen?: readonly string[] } = {},
): Promise<{ sent: number; scheduledAt?: Date }> {
  if (choice.kind === 'start_flow' && !deps.flows.has(choice.flowId)) {
    throw new ConsoleError('unknown_flow', 'Ese flujo no existe.');
  }
  const now = deps.clock.now();
  // The bot writes first only inside her safe hours; outside them the flow waits for her next safe moment.
  // (A case that does not exist is refused below, under the lock.)
  const insideHerHours = choice.kind === 'start_flow' && (await deps.checkIns.mayInitiateNow(caseId).catch(() => false));
  const startNow = choice.kind === 'start_flow' && insideHerHours ? choice.flowId : null;
  const batchKey = randomUUID();
  const checks = { messages: choice.kind === 'start_flow', coordinatorMayForce: true };
  const contactIds = await withHeldCase(deps.cases, staff, caseId, checks, async (locked, { facts, forced }) => {
    const seen = options.alertsSeen;
    if (seen && (await locked.openAlertIds()).some((id) => !seen.includes(id))) {
      throw new ConsoleError('unseen_alert', 'Llegó una alerta nueva mientras tenías la conversación abierta: revísala antes de devolver la conversación.');
    }
    await locked.releaseToBot(staff.id, now);
    if (choice.kind === 'resume') await rearmLapsedTimeout(locked.conversation, deps.flows, now);

    let ids: string[] = [];
    if (startNow !== null) {
      const context = await caseRunContext(locked.conversation, { now, language: facts.language, alias: facts.alias, deniedWords: deps.interrupts.denyList, insideSafeHours: true });
      const turn = startTurn(deps.flows, startNow, context);
      const sessionId = await locked.conversation.saveSession({
        flowId: turn.flowId,
        state: turn.session,
        ended: turn.ended,
        outcome: turn.outcome,
        timeoutAt: turn.timeoutAt,
      });
      await locked.conversation.recordResults(turn.results, now);
      ids = await locked.conversation.recordOutbound(batchKey, deps.channel, botReplies(turn, sessionId));
    }
    if (choice.kind === 'end') await locked.close(choice.outcome, now);
    await locked.audit({
      staffId: staff.id,
      action: 'case.handed_back',
      subject: `case:${caseId}`,
      detail: {
        mode: choice.kind,
        ...(choice.kind === 'start_flow' ? { flowId: choice.flowId, ...(startNow === null ? { atHerNextSafeMoment: true } : {}) } : {}),
        ...(choice.kind === 'end' ? { outcome: choice.outcome } : {}),
        ...(forced ? { forced: true } : {}),
      },
    });
    return ids;
  });
  if (choice.kind === 'end') await deps.checkIns.cancelAll(caseId, ENDED_BY_STAFF);
  // A check-in held while a person talked with her would open right after the talk: it waits a while.
  else await deps.checkIns.deferDue(caseId, new Date(now.getTime() + QUIET_AFTER_A_PERSON_MS), AFTER_A_PERSON);
  const later =
    choice.kind === 'start_flow' && startNow === null ? await deps.checkIns.add({ caseId, flowId: choice.flowId, at: now, staffId: staff.id }) : null;
  await deps.dispatcher.dispatch(batchKey, contactIds);
  await deps.events.publish({ type: 'attention_changed', caseId });
  for (const contactId of contactIds) await deps.events.publish({ type: 'contact_added', caseId, contactId });
  return later ? { sent: 0, scheduledAt: later.dueAt } : { sent: contactIds.length };
}
