import type { Logger } from 'pino';
import { EngineError, parseFlowSession, resume, type FlowEvent } from '../engine/index.js';
import type { FlowRegistry } from './flow-registry.js';
import type { CaseEventBus, Clock, ContactChannel, ConversationStore, OutboundDispatcher } from './ports.js';
import { botReplies, toTurnResult } from './run-turn.js';
import { applyTurnEffects, publishTurnAlerts } from './turn-effects.js';
import { caseRunContext, type LinkSettings } from './case-fields.js';
import type { AppointmentAnswers, TurnCheckIns } from './turn-follow-ups.js';
import { isAllowed, nextAllowedMoment } from './safe-hours/next-allowed.js';
import { contactPolicy, type ContactPolicy, type WeeklyWindow } from './safe-hours/policy.js';

/** A question's timeout, to fire if the session is still exactly where it was. */
export interface SessionTimeout {
  caseId: string;
  sessionId: string;
  /** The session's `updatedAt` when it started waiting: any turn since makes the timeout stale. */
  waitingSince: string;
  at: Date;
}

/** Where timeouts wait (a delayed job whose id is derived from the session and `waitingSince`). */
export interface TimeoutScheduler {
  schedule(timeout: SessionTimeout): Promise<void>;
}

/** The timeout a step asks for, if its last event is a wait with `timeoutSeconds`. */
export function timeoutOf(events: readonly FlowEvent[], caseId: string, sessionId: string, waitingSince: string): SessionTimeout | null {
  const last = events[events.length - 1];
  if (!last || last.type !== 'wait' || last.timeoutSeconds === undefined) return null;
  return { caseId, sessionId, waitingSince, at: new Date(Date.parse(waitingSince) + last.timeoutSeconds * 1000) };
}

/** What {@link fireSessionTimeout} needs. */
export interface SessionTimeoutDeps {
  store: ConversationStore;
  dispatcher: OutboundDispatcher;
  events: CaseEventBus;
  flows: FlowRegistry;
  clock: Clock;
  log: Logger;
  channel: ContactChannel;
  timeouts: TimeoutScheduler;
  checkIns: TurnCheckIns;
  policyDefaults: { windows: readonly WeeklyWindow[]; quiet: ContactPolicy['quiet'] };
  /** How the video link is worded and when it may show (`{{cita_enlace}}`). */
  video?: LinkSettings | undefined;
  /** Her silence changed a video-call session's fields: publish it live. */
  appointments?: AppointmentAnswers | undefined;
  /** Her stored safe hours, language and alias, read for the case. */
  recipientOf: (caseId: string) => Promise<{ safeHours: unknown; language: 'es-MX' | 'en' | 'yua'; alias: string } | null>;
}

/**
 * She did not answer a question in time: resume the session with a `timeout` input, if it still
 * waits exactly where it did and the bot (not a person) is talking with her. What the flow then says
 * is initiated by the service, so it goes out only inside her safe hours: outside them the timeout
 * moves to her next safe moment.
 */
export async function fireSessionTimeout(deps: SessionTimeoutDeps, timeout: SessionTimeout): Promise<'resumed' | 'stale' | 'moved' | 'held'> {
  const now = deps.clock.now();
  const who = await deps.recipientOf(timeout.caseId);
  if (!who) return 'stale';
  const policy = contactPolicy(who.safeHours, deps.policyDefaults);
  if (!isAllowed(policy, now)) {
    const next = nextAllowedMoment(policy, now);
    if (!next) return 'held';
    await deps.timeouts.schedule({ ...timeout, at: next });
    return 'moved';
  }
  const batchKey = crypto.randomUUID();
  const outcome = await deps.store.withCase(timeout.caseId, async (conversation) => {
    const active = await conversation.activeSession();
    if (!active || active.id !== timeout.sessionId) return null;
    const session = parseFlowSession(active.state);
    if (session.updatedAt !== timeout.waitingSince) return null;
    if ((await conversation.attention()) !== 'bot') return 'held' as const;
    const flow = deps.flows.get(active.flowId);
    if (!flow) return null;
    const context = await caseRunContext(conversation, { now, language: who.language, alias: who.alias, insideSafeHours: true }, deps.video);
    let step;
    try {
      step = resume(flow, session, { kind: 'timeout' }, context, deps.flows);
    } catch (error) {
      if (error instanceof EngineError) return null;
      throw error;
    }
    const turn = toTurnResult(active.flowId, true, step);
    await conversation.saveSession({ id: active.id, flowId: turn.flowId, state: turn.session, ended: turn.ended, outcome: turn.outcome });
    await conversation.recordResults(turn.results, now);
    const contactIds = await conversation.recordOutbound(batchKey, deps.channel, botReplies(turn, active.id));
    const effects = await applyTurnEffects(conversation, turn.events, now);
    return { contactIds, effects, next: timeoutOf(turn.events, timeout.caseId, active.id, turn.session.updatedAt) };
  });
  if (outcome === null) return 'stale';
  if (outcome === 'held') return 'held';
  await deps.dispatcher.dispatch(batchKey, outcome.contactIds);
  if (outcome.next) await deps.timeouts.schedule(outcome.next);
  await publishTurnAlerts(deps.events, timeout.caseId, outcome.effects);
  if (outcome.effects.cancelCheckIns) await deps.checkIns.cancelAll(timeout.caseId, outcome.effects.cancelCheckIns);
  for (const request of outcome.effects.schedule) await deps.checkIns.requested(timeout.caseId, request, now);
  if (outcome.effects.appointmentId) await deps.appointments?.answered(timeout.caseId, outcome.effects.appointmentId);
  deps.log.info({ caseId: timeout.caseId, sessionId: timeout.sessionId }, 'question timed out: flow resumed');
  return 'resumed';
}
