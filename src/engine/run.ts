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
 * loops without a question, so reaching it means a bug, not a flow-file mistake.
 */
export const MAX_NODES_PER_STEP = 1000;

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
 * @throws EngineError `STEP_LIMIT_EXCEEDED` or `UNKNOWN_NODE` only for flows that skipped validation.
 */
export function start(flow: CompiledFlow, ctx: RunContext): StepResult {
  const step = new StepState(ctx, {}, 0);
  const stop = follow(flow, undefined, { kind: 'goto', node: flow.start }, step);
  return finish(flow, step, stop, ctx.now);
}

/**
 * Resumes a waiting session with the survivor's input, running until a question waits or the flow
 * ends. The given session is not modified.
 *
 * @throws EngineError `SESSION_ENDED`, `FLOW_MISMATCH`, `UNKNOWN_NODE` (e.g. the flow file changed
 *   under a waiting session) or `NODE_NOT_WAITING`.
 */
export function resume(flow: CompiledFlow, session: FlowSession, input: FlowInput, ctx: RunContext): StepResult {
  const node = waitingNode(flow, session);
  if (node.receive === undefined) {
    throw new EngineError('NODE_NOT_WAITING', `node "${node.id}" of flow "${flow.id}" does not wait for input`);
  }
  const step = new StepState(ctx, session.results, session.attempts);
  const stop = follow(flow, node, node.receive(step, input), step);
  return finish(flow, step, stop, session.startedAt);
}

/** Where a step stopped: waiting at a question, or ended at an end node. */
type Stop =
  | { readonly status: 'waiting'; readonly node: string }
  | { readonly status: 'ended'; readonly node: string; readonly outcome: string };

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
function follow(flow: CompiledFlow, node: CompiledNode | undefined, transition: Transition, step: StepState): Stop {
  let current = node;
  let next = transition;
  for (let entered = 0; ; entered++) {
    if (next.kind === 'wait') {
      const id = current?.id ?? flow.start;
      step.emit({ type: 'wait', node: id });
      return { status: 'waiting', node: id };
    }
    if (next.kind === 'end') {
      step.emit({ type: 'flow_ended', outcome: next.outcome });
      return { status: 'ended', node: current?.id ?? flow.start, outcome: next.outcome };
    }
    if (entered >= MAX_NODES_PER_STEP) {
      throw new EngineError('STEP_LIMIT_EXCEEDED', `flow "${flow.id}" entered ${entered} nodes without waiting; last "${next.node}"`);
    }
    current = flow.nodes.get(next.node);
    if (current === undefined) {
      throw new EngineError('UNKNOWN_NODE', `flow "${flow.id}" has no node "${next.node}"`);
    }
    step.attempts = 0;
    next = current.enter(step);
  }
}

/** Builds the session to store from where the step stopped. */
function finish(flow: CompiledFlow, step: StepState, stop: Stop, startedAt: string): StepResult {
  const shared = { results: step.results, startedAt, updatedAt: step.context.now };
  const session: FlowSession =
    stop.status === 'waiting'
      ? { version: SESSION_VERSION, flowId: flow.id, status: 'waiting', node: stop.node, attempts: step.attempts, ...shared }
      : { version: SESSION_VERSION, flowId: flow.id, status: 'ended', node: stop.node, attempts: 0, outcome: stop.outcome, ...shared };
  return { session, events: step.events };
}
