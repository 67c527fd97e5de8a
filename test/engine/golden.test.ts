import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFlowDirectory, loadFlowFile, type CompiledFlow, type FlowEvent, type InterruptSettings } from '../../src/engine/index.js';
import { EdgeCoverage } from './support/edge-coverage.js';
import { finalState, readGoldenCase, writeGoldenCase } from './support/golden-case.js';
import { runGoldenCase } from './support/golden-runner.js';

const ROOT = join(import.meta.dirname, '..', '..');
const GOLDEN_DIR = join(import.meta.dirname, 'golden');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Golden cases, one directory per flow (`golden/<flow>/*.yaml`) or loose in `golden/`. */
const caseFiles = readdirSync(GOLDEN_DIR, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.yaml'))
  .sort();

const coverage = new EdgeCoverage();
const interruptsSeen = new Set<string>();
const outcomesSeen = new Set<string>();
let shipped: readonly CompiledFlow[];
let settings: InterruptSettings;
let flows: Map<string, CompiledFlow>;

beforeAll(async () => {
  const loaded = await loadFlowDirectory(join(ROOT, 'flows'));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.formatted).join('\n'));
  shipped = loaded.flows;
  settings = loaded.settings;
  const all = new Map(shipped.map((flow) => [flow.id, flow]));
  for (const name of readdirSync(FIXTURES).filter((file) => file.endsWith('.yaml'))) {
    const result = await loadFlowFile(join(FIXTURES, name));
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.formatted).join('\n'));
    all.set(result.flow.id, result.flow);
  }
  flows = coverage.instrument(all);
});

function noteInterrupts(events: readonly FlowEvent[]): void {
  for (const event of events) if (event.type === 'message' && event.node.startsWith('interrupt:')) interruptsSeen.add(event.node);
}

describe('golden flow cases', () => {
  it('has cases to run', () => {
    expect(caseFiles.length).toBeGreaterThanOrEqual(60);
  });

  for (const name of caseFiles) {
    it(name, async () => {
      const path = join(GOLDEN_DIR, name);
      const { goldenCase, document } = await readGoldenCase(path);
      const run = runGoldenCase(goldenCase, flows, settings);
      noteInterrupts(run.steps.flat());
      if (run.session.status === 'ended') outcomesSeen.add(`${run.session.flowId}:${run.session.outcome}`);

      if (UPDATE) {
        await writeGoldenCase(path, document, { start: run.start, steps: run.steps, final: finalState(run.session) });
        return;
      }
      expect(run.start, 'events after start').toEqual(goldenCase.start.events);
      goldenCase.steps.forEach((step, index) => {
        const what = step.input === undefined ? 'timeout' : JSON.stringify(step.input);
        expect(run.steps[index], `events after input ${index + 1} (${what})`).toEqual(step.events);
      });
      expect(finalState(run.session), 'final session').toEqual(goldenCase.final);
    });
  }

  it('takes every exit of every node of every shipped flow (every path segment)', () => {
    const missing = shipped.flatMap((flow) => EdgeCoverage.edgesOf(flow)).filter((edge) => !coverage.taken.has(edge));
    expect(missing).toEqual([]);
  });

  it('ends every shipped flow in each of its outcomes', () => {
    const expected = shipped.flatMap((flow) =>
      Object.values(flow.definition.nodes).flatMap((node) =>
        node.type === 'end' ? [`${flow.id}:${node.outcome}`] : node.type === 'handoff' ? [`${flow.id}:${node.outcome ?? 'handoff'}`] : [],
      ),
    );
    expect([...new Set(expected)].filter((outcome) => !outcomesSeen.has(outcome))).toEqual([]);
  });

  it('answers each interrupt', () => {
    expect([...interruptsSeen].sort()).toEqual(['interrupt:code_word', 'interrupt:emergency', 'interrupt:opt_out']);
  });
});
