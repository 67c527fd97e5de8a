import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadFlowFile,
  parseFlowSession,
  resume,
  start,
  type CompiledFlow,
  type FlowEvent,
  type RunContext,
} from '../../src/engine/index.js';
import { finalState, readGoldenCase, writeGoldenCase } from './support/golden-case.js';

const ROOT = join(import.meta.dirname, '..', '..');
const GOLDEN_DIR = join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const caseFiles = readdirSync(GOLDEN_DIR).filter((name) => name.endsWith('.yaml')).sort();

/** What the primer-contacto cases covered, checked at the end. */
const coverage = { nodes: new Set<string>(), outcomes: new Set<string>(), gaveUpAt: new Set<string>() };

const flows = new Map<string, Promise<CompiledFlow>>();
function flowNamed(id: string): Promise<CompiledFlow> {
  const cached = flows.get(id);
  if (cached) return cached;
  const shipped = join(ROOT, 'flows', `${id}.yaml`);
  const path = existsSync(shipped) ? shipped : join(import.meta.dirname, 'fixtures', `${id}.yaml`);
  const loading = loadFlowFile(path).then((result) => {
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.formatted).join('\n'));
    return result.flow;
  });
  flows.set(id, loading);
  return loading;
}

function record(flow: CompiledFlow, events: FlowEvent[]): void {
  if (flow.id !== 'primer-contacto') return;
  for (const event of events) {
    if (event.type === 'message' || event.type === 'wait') coverage.nodes.add(event.node);
    if (event.type === 'flow_ended') coverage.outcomes.add(event.outcome);
    if (event.type === 'input_rejected') {
      const node = flow.definition.nodes[event.node];
      if (node?.type === 'question' && event.attempt === node.max_attempts) coverage.gaveUpAt.add(event.node);
    }
  }
}

describe('golden flow cases', () => {
  it('has cases to run', () => {
    expect(caseFiles.length).toBeGreaterThanOrEqual(12);
  });

  for (const name of caseFiles) {
    it(name, async () => {
      const path = join(GOLDEN_DIR, name);
      const { goldenCase, document } = await readGoldenCase(path);
      const flow = await flowNamed(goldenCase.flow);
      const context: RunContext = goldenCase.context;

      const started = start(flow, context);
      record(flow, started.events);
      let session = started.session;
      const stepEvents: FlowEvent[][] = [];
      for (const step of goldenCase.steps) {
        const stored = parseFlowSession(JSON.parse(JSON.stringify(session)));
        const result = resume(flow, stored, { kind: 'text', text: step.input }, { ...context, now: step.now ?? context.now });
        record(flow, result.events);
        stepEvents.push(result.events);
        session = result.session;
      }
      if (session.status === 'ended' && flow.id === 'primer-contacto') coverage.nodes.add(session.node);

      if (UPDATE) {
        await writeGoldenCase(path, document, { start: started.events, steps: stepEvents, final: finalState(session) });
        return;
      }
      expect(started.events, 'events after start').toEqual(goldenCase.start.events);
      goldenCase.steps.forEach((step, index) => {
        expect(stepEvents[index], `events after input ${index + 1} (${JSON.stringify(step.input)})`).toEqual(step.events);
      });
      expect(finalState(session), 'final session').toEqual(goldenCase.final);
    });
  }

  it('covers every node, outcome and give-up of primer-contacto', async () => {
    const flow = await flowNamed('primer-contacto');
    const questions = Object.entries(flow.definition.nodes).filter(([, node]) => node.type === 'question');
    const outcomes = Object.values(flow.definition.nodes).flatMap((node) => (node.type === 'end' ? [node.outcome] : []));
    expect([...coverage.nodes].sort()).toEqual(Object.keys(flow.definition.nodes).sort());
    expect([...coverage.outcomes].sort()).toEqual(outcomes.sort());
    expect([...coverage.gaveUpAt].sort()).toEqual(questions.map(([id]) => id).sort());
  });
});
