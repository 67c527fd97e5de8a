import {
  applyInterrupt,
  detectInterrupt,
  EngineError,
  parseFlowSession,
  resume,
  start,
  type FlowEvent,
  type FlowLookup,
  type FlowSession,
  type InterruptSettings,
  type RunContext,
} from '../../../src/engine/index.js';
import type { GoldenCase } from './golden-case.js';

/** What a golden case produced: the events of the start and of each step, and the last session. */
export interface GoldenRun {
  readonly start: FlowEvent[];
  readonly steps: FlowEvent[][];
  readonly session: FlowSession;
}

/**
 * Runs a golden case as the host would: start the flow, then for each step check her message for
 * an interrupt (settings of `flows/ajustes.yaml`) before resuming the session, or resume with a
 * timeout. A step's `fields` change what the host knows from that step on only (the context's stay
 * the base). With `roundTrip`, the session goes through JSON and `parseFlowSession` between steps,
 * as it does through the database.
 */
export function runGoldenCase(
  goldenCase: GoldenCase,
  flows: FlowLookup,
  settings: InterruptSettings,
  options: { readonly roundTrip: boolean } = { roundTrip: true },
): GoldenRun {
  const flow = flows.get(goldenCase.flow);
  if (flow === undefined) throw new Error(`no flow ${goldenCase.flow}`);
  const context: RunContext = goldenCase.context;
  const started = start(flow, context, flows);
  let session = started.session;
  const steps: FlowEvent[][] = [];
  for (const step of goldenCase.steps) {
    const ctx: RunContext = {
      ...context,
      ...(step.now === undefined ? {} : { now: step.now }),
      ...(step.fields === undefined ? {} : { fields: { ...context.fields, ...step.fields } }),
    };
    const stored = options.roundTrip ? parseFlowSession(JSON.parse(JSON.stringify(session))) : session;
    if (step.input !== undefined) {
      const interrupt = detectInterrupt(settings, step.input, { isCodeWord: step.code_word ?? false, language: ctx.language });
      if (interrupt !== null) {
        const applied = applyInterrupt(interrupt, stored, ctx);
        steps.push(applied.events);
        session = applied.session ?? session;
        continue;
      }
    }
    const current = flows.get(stored.flowId);
    if (current === undefined) throw new EngineError('UNKNOWN_FLOW', stored.flowId);
    const input = step.input === undefined ? ({ kind: 'timeout' } as const) : ({ kind: 'text', text: step.input } as const);
    const result = resume(current, stored, input, ctx, flows);
    steps.push(result.events);
    session = result.session;
  }
  return { start: started.events, steps, session };
}
