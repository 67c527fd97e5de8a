import {
  EngineError,
  parseFlowSession,
  resume,
  start,
  type FlowEvent,
  type FlowSession,
  type Language,
  type RunContext,
  type StepResult,
} from '../engine/index.js';
import type { FlowRegistry } from './flow-registry.js';
import type { NewOutboundContact, StoredSession } from './ports.js';
import { savedResults, type SavedResult } from './flow-results.js';

/** What one turn of the conversation decided: the new session and the texts to send. */
export interface TurnResult {
  flowId: string;
  /** Whether an existing session went on (otherwise a new one started and replaces any other). */
  resumed: boolean;
  session: FlowSession;
  /** The texts to send, each with the approved template to send instead when free text cannot reach her. */
  messages: { node: string; text: string; template?: { name: string; language: Language; parameters: string[] } | undefined }[];
  ended: boolean;
  outcome?: string | undefined;
  /** Every event of the step, in order, for the effects beyond messages (handoff, scheduling…). */
  events: FlowEvent[];
  /** The named results the step saved, to record for reports (`CaseConversation.recordResults`). */
  results: SavedResult[];
  /** When the question the session now waits on times out, if its node has a timeout; saved with the session. */
  timeoutAt: Date | null;
}

/**
 * Runs the engine for one message: resumes the waiting session with her text or, when none waits
 * (or it can no longer go on because its flow changed or was removed), starts `startFlowId`.
 */
export function runTurn(
  flows: FlowRegistry,
  startFlowId: string,
  active: StoredSession | null,
  text: string,
  context: RunContext,
): TurnResult {
  const resumed = active ? tryResume(flows, active, text, context) : null;
  if (resumed) return toTurnResult(active!.flowId, true, resumed);
  return startTurn(flows, startFlowId, context);
}

/**
 * Starts `flowId` from its first node, whatever session was waiting (the caller's `saveSession`
 * without an id replaces it). Used when she writes with no conversation under way, and when a
 * staff member hands the case back to the bot with a chosen flow.
 */
export function startTurn(flows: FlowRegistry, flowId: string, context: RunContext): TurnResult {
  const flow = flows.get(flowId);
  if (!flow) throw new Error(`flow ${flowId} is not loaded`);
  return toTurnResult(flowId, false, start(flow, context, flows));
}

/**
 * The bot's messages of a turn as outbound contacts of session `sessionId`, in order: what both the
 * inbound handler and a staff hand-back record and queue. A template keeps the language the engine
 * rendered it in (the text's language: es-MX where the text has no translation to hers).
 */
export function botReplies(turn: TurnResult, sessionId: string): NewOutboundContact[] {
  return turn.messages.map((m, sequence) => ({
    text: m.text,
    author: 'bot',
    flowId: turn.flowId,
    nodeId: m.node,
    sessionId,
    sequence,
    template: m.template,
  }));
}

/** The engine's session a stored one holds, or `null` when this engine cannot read it (her next message starts afresh). */
export function readableSession(stored: StoredSession): FlowSession | null {
  try {
    return parseFlowSession(stored.state);
  } catch (error) {
    if (error instanceof EngineError) return null;
    throw error;
  }
}

function tryResume(flows: FlowRegistry, active: StoredSession, text: string, context: RunContext): StepResult | null {
  const flow = flows.get(active.flowId);
  if (!flow) return null;
  try {
    return resume(flow, parseFlowSession(active.state), { kind: 'text', text }, context, flows);
  } catch (error) {
    if (error instanceof EngineError) return null;
    throw error;
  }
}

/**
 * The turn a step of the engine amounts to: its texts, whether it ended, all its events and the
 * results it saved. `flowId` is the flow the step began in.
 */
export function toTurnResult(flowId: string, resumed: boolean, step: StepResult): TurnResult {
  const messages: TurnResult['messages'] = [];
  let outcome: string | undefined;
  for (const event of step.events) {
    if (event.type === 'message') {
      messages.push({
        node: event.node,
        text: event.text,
        ...(event.template ? { template: { ...event.template, parameters: [...event.template.parameters] } } : {}),
      });
    }
    if (event.type === 'flow_ended') outcome = event.outcome;
  }
  return {
    flowId: step.session.flowId ?? flowId,
    resumed,
    session: step.session,
    messages,
    ended: step.session.status === 'ended',
    outcome,
    events: step.events,
    results: savedResults(flowId, step.events),
    timeoutAt: questionTimeoutAt(step.events, step.session.updatedAt),
  };
}

/**
 * When the question a step ends on times out: `timeoutSeconds` after the session started waiting
 * (`waitingSince`, its `updatedAt`), if the step's last event is a wait with a timeout.
 */
export function questionTimeoutAt(events: readonly FlowEvent[], waitingSince: string): Date | null {
  const last = events[events.length - 1];
  if (!last || last.type !== 'wait' || last.timeoutSeconds === undefined) return null;
  return new Date(Date.parse(waitingSince) + last.timeoutSeconds * 1000);
}
