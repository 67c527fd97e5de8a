import type { CompiledFlow } from './compile.js';
import type { RunContext } from './context.js';
import { EngineError } from './errors.js';
import type { FlowEvent } from './events.js';
import type { FlowInput } from './input.js';
import type { CompiledNode, Transition } from './nodes/node-kind.js';
import { SESSION_VERSION, type FlowSession } from './session.js';
import { StepState } from './step.js';

/**
 * The most nodes one call may enter before the engine decides it is looping. Static checks reject
 * loops without a question inside a flow, so reaching it means a bug or a loop of `goto`s between
 * flows, not a flow-file mistake that validation lets through.
 */
export const MAX_NODES_PER_STEP = 1000;

/**
 * The flows a `goto` may enter, by id (the host's registry of loaded flows). Only needed for flows
 * that `goto` another flow; without it such a goto throws `EngineError` `UNKNOWN_FLOW`.
 */
export type FlowLookup = ReadonlyMap<string, CompiledFlow>;

/**
 * The outcome of one call: the session to store and the events to act on, in order.
 *
 * @example
 * { session: { status: 'waiting', node: 'momento', ... },
 *   events: [{ type: 'message', node: 'saludo', text: '...' }, { type: 'message', node: 'momento', text: '...' }, { type: 'wait', node: 'momento' }] }
 */
export interface StepResult {
  readonly session: FlowSession;
  readonly events: FlowEvent[];
}

/**
 * Starts a flow: runs from its start node until a question waits or the flow ends.
 *
 * @throws EngineError `MISSING_FIELD` (a text needs `fields.cita_hora`), `UNKNOWN_FLOW` (a goto into a
 *   flow not in `flows`); `STEP_LIMIT_EXCEEDED` or `UNKNOWN_NODE` only for flows that skipped validation.
 */
export function start(flow: CompiledFlow, ctx: RunContext, flows?: FlowLookup): StepResult {
  const step = new StepState(ctx, flow.id, {}, 0);
  const stop = follow(flow, undefined, { kind: 'goto', node: flow.start, edge: 'start' }, step, flows);
  return finish(step, stop, ctx.now);
}

/**
 * Resumes a waiting session with the survivor's input (or the wait's timeout), running until a
 * question waits or the flow ends. The given session is not modified. `flow` must be the flow of
 * `session.flowId`.
 *
 * @throws EngineError `SESSION_ENDED`, `FLOW_MISMATCH`, `UNKNOWN_NODE` (e.g. the flow file changed
 *   under a waiting session), `NODE_NOT_WAITING`, `NO_TIMEOUT` (a timeout for a wait without one),
 *   `MISSING_FIELD` or `UNKNOWN_FLOW`.
 */
export function resume(
  flow: CompiledFlow,
  session: FlowSession,
  input: FlowInput,
  ctx: RunContext,
  flows?: FlowLookup,
): StepResult {
  const node = waitingNode(flow, session);
  if (node.receive === undefined) {
    throw new EngineError('NODE_NOT_WAITING', `node "${node.id}" of flow "${flow.id}" does not wait for input`);
  }
  const step = new StepState(ctx, flow.id, session.results, session.attempts, session.status === 'waiting' && session.greeted === true);
  const stop = follow(flow, node, node.receive(step, input), step, flows);
  return finish(step, stop, session.startedAt);
}

/** Where a step stopped: waiting at a question, or ended. */
type Stop =
  | { readonly status: 'waiting'; readonly node: string }
  | { readonly status: 'ended'; readonly node: string; readonly outcome: string };

/**
 * How long, in seconds, the question a waiting session stands at gives her before its timeout exit;
 * `undefined` when it has none, or the session does not wait at a node of this flow.
 *
 * @example
 * waitingTimeoutSeconds(flow, session) // 14400 at a question with `timeout: { after: PT4H, … }`
 */
export function waitingTimeoutSeconds(flow: CompiledFlow, session: FlowSession): number | undefined {
  if (session.status !== 'waiting' || session.flowId !== flow.id) return undefined;
  return flow.nodes.get(session.node)?.timeoutSeconds;
}

/** The node a session waits at, after checking the session can be resumed with this flow. */
function waitingNode(flow: CompiledFlow, session: FlowSession): CompiledNode {
  if (session.status === 'ended') {
    throw new EngineError('SESSION_ENDED', `the session of flow "${session.flowId}" ended with "${session.outcome}"`);
  }
  if (session.flowId !== flow.id) {
    throw new EngineError('FLOW_MISMATCH', `the session belongs to flow "${session.flowId}", not "${flow.id}"`);
  }
  const node = flow.nodes.get(session.node);
  if (node === undefined) {
    throw new EngineError('UNKNOWN_NODE', `flow "${flow.id}" has no node "${session.node}"`);
  }
  return node;
}

/** Follows transitions from `node` until one waits or ends. */
function follow(
  flow: CompiledFlow,
  node: CompiledNode | undefined,
  transition: Transition,
  step: StepState,
  flows: FlowLookup | undefined,
): Stop {
  let currentFlow = flow;
  let current = node;
  let next = transition;
  for (let entered = 0; ; entered++) {
    if (next.kind === 'wait') {
      const id = current?.id ?? currentFlow.start;
      step.emit(next.timeoutSeconds === undefined ? { type: 'wait', node: id } : { type: 'wait', node: id, timeoutSeconds: next.timeoutSeconds });
      return { status: 'waiting', node: id };
    }
    if (next.kind === 'end') {
      step.emit({ type: 'flow_ended', outcome: next.outcome });
      return { status: 'ended', node: current?.id ?? currentFlow.start, outcome: next.outcome };
    }
    if (entered >= MAX_NODES_PER_STEP) {
      const last = next.kind === 'flow' ? `flow "${next.flow}"` : `"${next.node}"`;
      throw new EngineError('STEP_LIMIT_EXCEEDED', `flow "${currentFlow.id}" entered ${entered} nodes without waiting; last ${last}`);
    }
    if (next.kind === 'flow') {
      const target = flows?.get(next.flow) ?? (next.flow === currentFlow.id ? currentFlow : undefined);
      if (target === undefined) {
        throw new EngineError('UNKNOWN_FLOW', `flow "${currentFlow.id}" goes to flow "${next.flow}", which was not passed to the engine`);
      }
      const startNode = next.node ?? target.start;
      step.emit({ type: 'flow_entered', node: current?.id ?? '', from: currentFlow.id, flow: target.id, start: startNode });
      currentFlow = target;
      step.flowId = target.id;
      next = { kind: 'goto', node: startNode, edge: 'start' };
      continue;
    }
    current = currentFlow.nodes.get(next.node);
    if (current === undefined) {
      throw new EngineError('UNKNOWN_NODE', `flow "${currentFlow.id}" has no node "${next.node}"`);
    }
    step.attempts = 0;
    step.greeted = false;
    next = current.enter(step);
  }
}

/** Builds the session to store from where the step stopped. */
function finish(step: StepState, stop: Stop, startedAt: string): StepResult {
  const shared = { results: step.results, startedAt, updatedAt: step.context.now };
  const flowId = step.flowId;
  const session: FlowSession =
    stop.status === 'waiting'
      ? { version: SESSION_VERSION, flowId, status: 'waiting', node: stop.node, attempts: step.attempts, ...(step.greeted ? { greeted: true } : {}), ...shared }
      : { version: SESSION_VERSION, flowId, status: 'ended', node: stop.node, attempts: 0, outcome: stop.outcome, ...shared };
  return { session, events: step.events };
}
