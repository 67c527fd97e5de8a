import type { Logger } from 'pino';
import { EngineError, parseFlowSession, resume, type DenyList } from '../engine/index.js';
import type { FlowRegistry } from './flow-registry.js';
import type { CaseEventBus, Clock, ContactChannel, ConversationStore, DueTimeout, OutboundDispatcher } from './ports.js';
import { botReplies, toTurnResult } from './run-turn.js';
import { applyTurnEffects } from './turn-effects.js';
import { caseRunContext, type LinkSettings } from './case-fields.js';
import { followUpTurn, type AppointmentAnswers, type TurnCheckIns } from './turn-follow-ups.js';
import { isAllowed, nextAllowedMoment } from './safe-hours/next-allowed.js';
import { contactPolicy, type ContactPolicy, type WeeklyWindow } from './safe-hours/policy.js';
import { mayBeContacted } from './may-be-contacted.js';
import type { StaffHours } from './staff-hours.js';

/*
 * A question's timeout lives on the session it belongs to (`FlowSession.timeoutAt`), written by the
 * turn that asked the question in the same transaction, so no crash and no loss of Redis can leave
 * her session waiting forever. The worker sweeps the due ones every `TIMEOUT_SWEEP_SECONDS`.
 */

/** What {@link fireSessionTimeout} and {@link sweepSessionTimeouts} need. */
export interface SessionTimeoutDeps {
  store: ConversationStore;
  dispatcher: OutboundDispatcher;
  events: CaseEventBus;
  flows: FlowRegistry;
  clock: Clock;
  log: Logger;
  channel: ContactChannel;
  checkIns: TurnCheckIns;
  policyDefaults: { windows: readonly WeeklyWindow[]; quiet: ContactPolicy['quiet'] };
  /** How the video link is worded and when it may show (`{{cita_enlace}}`). */
  video?: LinkSettings | undefined;
  /** When a person of the unit is on duty (`STAFF_HOURS`); absent: always. */
  staffHours?: StaffHours | undefined;
  /** The deployment's `deny_words`: an alias holding one is not used to greet her (`aliasForHer`). */
  deniedWords: Pick<DenyList, 'find'>;
  /** Her silence changed a video-call session's fields: publish it live. */
  appointments?: AppointmentAnswers | undefined;
}

/**
 * What became of a due timeout: the flow went on (`resumed`); it was no longer due (`stale`: she
 * answered, the session ended, its flow is gone, or she may no longer be contacted: the case closed,
 * her consent withdrawn, "BAJA"); it waits for her next safe moment (`moved`); or it was dropped
 * because a person holds the chat or she has no safe moment at all (`held`).
 */
export type TimeoutOutcome = 'resumed' | 'stale' | 'moved' | 'held';

/**
 * She did not answer a question in time: resume the session with a `timeout` input, if under the
 * case's lock its timeout is still due, she may still be contacted (read under the same lock, so a
 * withdrawal committed meanwhile is seen) and the bot (not a person) is talking with her. What the flow
 * then says is initiated by the service, so it goes out only inside her safe hours: outside them the
 * timeout moves to her next safe moment. The new session, with its next question's timeout, the
 * results and the messages commit together.
 */
export async function fireSessionTimeout(deps: SessionTimeoutDeps, due: DueTimeout): Promise<TimeoutOutcome> {
  const now = deps.clock.now();
  const batchKey = crypto.randomUUID();
  const outcome = await deps.store.withCase(due.caseId, async (conversation) => {
    const dueAt = await conversation.timeoutDueAt(due.sessionId);
    if (!dueAt || dueAt.getTime() > now.getTime()) return 'stale' as const;
    const drop = async (outcome: 'stale' | 'held') => {
      await conversation.moveTimeout(due.sessionId, null);
      return outcome;
    };
    const active = await conversation.activeSession();
    if (!active || active.id !== due.sessionId) return drop('stale');
    const who = await conversation.contactState();
    if (!mayBeContacted(who)) return drop('stale');
    const policy = contactPolicy(who.safeHours, deps.policyDefaults);
    if (!isAllowed(policy, now)) {
      const next = nextAllowedMoment(policy, now);
      if (!next) return drop('held');
      await conversation.moveTimeout(due.sessionId, next);
      return 'moved' as const;
    }
    if (who.attention !== 'bot') return drop('held');
    const flow = deps.flows.get(active.flowId);
    if (!flow) return drop('stale');
    const context = await caseRunContext(conversation, { now, language: who.language, alias: who.alias, deniedWords: deps.deniedWords, insideSafeHours: true, staffHours: deps.staffHours }, deps.video);
    let step;
    try {
      step = resume(flow, parseFlowSession(active.state), { kind: 'timeout' }, context, deps.flows);
    } catch (error) {
      if (error instanceof EngineError) return drop('stale');
      throw error;
    }
    const turn = toTurnResult(active.flowId, true, step);
    await conversation.saveSession({ id: active.id, flowId: turn.flowId, state: turn.session, ended: turn.ended, outcome: turn.outcome, timeoutAt: turn.timeoutAt });
    await conversation.recordResults(turn.results, now);
    const contactIds = await conversation.recordOutbound(batchKey, deps.channel, botReplies(turn, active.id));
    const effects = await applyTurnEffects(conversation, turn.events, now);
    return { contactIds, effects };
  });
  if (typeof outcome === 'string') return outcome;
  await deps.dispatcher.dispatch(batchKey, outcome.contactIds);
  await followUpTurn(deps, due.caseId, outcome.effects, now);
  deps.log.info({ caseId: due.caseId, sessionId: due.sessionId }, 'question timed out: flow resumed');
  return 'resumed';
}

/** How many timeouts one sweep handled, by what became of them; `failed` ones are left for the next sweep. */
export type SweepReport = Record<TimeoutOutcome | 'failed', number>;

/**
 * Fires every question timeout due now, the earliest first, `batch` at a time, each session at most
 * once per sweep. A timeout that fails (the database away, a flow that throws) is logged by ids and
 * stays on its session for the next sweep.
 */
export async function sweepSessionTimeouts(deps: SessionTimeoutDeps, batch = 100): Promise<SweepReport> {
  const report: SweepReport = { resumed: 0, stale: 0, moved: 0, held: 0, failed: 0 };
  const seen: string[] = [];
  for (;;) {
    const due = await deps.store.dueTimeouts(deps.clock.now(), batch, seen);
    for (const timeout of due) {
      seen.push(timeout.sessionId);
      try {
        report[await fireSessionTimeout(deps, timeout)] += 1;
      } catch (error) {
        report.failed += 1;
        deps.log.warn(
          { caseId: timeout.caseId, sessionId: timeout.sessionId, err: { name: (error as Error).name, code: (error as { code?: unknown }).code } },
          'question timeout failed; tried again on the next sweep',
        );
      }
    }
    if (due.length < batch) return report;
  }
}

/** A question's timeout as the previous release queued it: a delayed job naming when the session started waiting. */
export interface LegacyTimeout {
  caseId: string;
  sessionId: string;
  /** The session's `updatedAt` when it started waiting: any turn since made the job stale. */
  waitingSince: string;
}

/**
 * A timeout job queued by the previous release fired (compatibility for one release): if the session
 * still waits exactly where it did, its timeout becomes due now, unless one is already on it, and
 * fires as {@link fireSessionTimeout} fires any other.
 */
export async function fireLegacyTimeout(deps: SessionTimeoutDeps, legacy: LegacyTimeout): Promise<TimeoutOutcome> {
  const now = deps.clock.now();
  const waits = await deps.store.withCase(legacy.caseId, async (conversation) => {
    const active = await conversation.activeSession();
    if (!active || active.id !== legacy.sessionId || parseFlowSession(active.state).updatedAt !== legacy.waitingSince) return false;
    if ((await conversation.timeoutDueAt(active.id)) === null) await conversation.moveTimeout(active.id, now);
    return true;
  });
  return waits ? fireSessionTimeout(deps, { caseId: legacy.caseId, sessionId: legacy.sessionId, at: now }) : 'stale';
}
