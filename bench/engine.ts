/**
 * Engine benchmark (`npm run bench:engine`): replays every golden case of the shipped flows (every
 * path of every flow, interrupts included) in a loop on one core, and reports flow steps per second
 * (a step is one `start`, `resume` or interrupt call) and node visits per second, as a table and
 * one JSON line. A report, not a test: nothing fails below a threshold (the aim is 100,000 steps/s).
 *
 * Two modes: the engine alone, and with the session going through JSON and `parseFlowSession`
 * between steps, as it does through the database.
 *
 * Environment: BENCH_SECONDS (default 3) per mode, after a 1 s warm-up.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadFlowDirectory, type CompiledFlow, type CompiledNode, type FlowLookup, type InterruptSettings } from '../src/engine/index.js';
import { readGoldenCase, type GoldenCase } from '../test/engine/support/golden-case.js';
import { runGoldenCase } from '../test/engine/support/golden-runner.js';

const ROOT = join(import.meta.dirname, '..');
const GOLDEN = join(ROOT, 'test', 'engine', 'golden');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

interface Workload {
  readonly flow: string;
  readonly cases: GoldenCase[];
  /** start/resume/interrupt calls in one pass over the cases. */
  readonly steps: number;
  /** Nodes entered in one pass over the cases. */
  readonly visits: number;
}

const loaded = await loadFlowDirectory(join(ROOT, 'flows'));
if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.formatted).join('\n'));
const flows: FlowLookup = new Map(loaded.flows.map((flow) => [flow.id, flow]));
const settings: InterruptSettings = loaded.settings;

const workloads: Workload[] = [];
for (const flow of loaded.flows) {
  const dir = join(GOLDEN, flow.id);
  const names = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();
  const cases = await Promise.all(names.map(async (name) => (await readGoldenCase(join(dir, name))).goldenCase));
  workloads.push({ flow: flow.id, cases, steps: cases.reduce((sum, c) => sum + 1 + c.steps.length, 0), visits: countVisits(cases) });
}

interface Row {
  readonly flow: string;
  readonly mode: string;
  readonly cases: number;
  readonly stepsPerSecond: number;
  readonly visitsPerSecond: number;
  readonly microsecondsPerStep: number;
}

const rows: Row[] = [];
for (const mode of ['engine', 'engine+json'] as const) {
  const roundTrip = mode === 'engine+json';
  for (const workload of workloads) rows.push(measure(workload, roundTrip, mode));
  const all: Workload = {
    flow: 'all shipped flows',
    cases: workloads.flatMap((w) => w.cases),
    steps: workloads.reduce((sum, w) => sum + w.steps, 0),
    visits: workloads.reduce((sum, w) => sum + w.visits, 0),
  };
  rows.push(measure(all, roundTrip, mode));
}

printTable(rows);
const overall = rows.find((row) => row.flow === 'all shipped flows' && row.mode === 'engine');
console.log(
  JSON.stringify({
    bench: 'engine',
    node: process.version,
    seconds: SECONDS,
    stepsPerSecond: overall?.stepsPerSecond,
    visitsPerSecond: overall?.visitsPerSecond,
    target: 100_000,
    rows,
  }),
);

/** Runs a workload's cases over and over on this thread for SECONDS, after a warm-up. */
function measure(workload: Workload, roundTrip: boolean, mode: string): Row {
  const pass = () => {
    for (const goldenCase of workload.cases) runGoldenCase(goldenCase, flows, settings, { roundTrip });
  };
  const until = (ms: number) => {
    const end = performance.now() + ms;
    let passes = 0;
    while (performance.now() < end) {
      pass();
      passes++;
    }
    return passes;
  };
  until(1000);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const passes = until(SECONDS * 1000);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  if ((cpu.user + cpu.system) / 1e6 > seconds * 1.5) console.error(`note: ${workload.flow} used more than one core`);
  const steps = (passes * workload.steps) / seconds;
  return {
    flow: workload.flow,
    mode,
    cases: workload.cases.length,
    stepsPerSecond: Math.round(steps),
    visitsPerSecond: Math.round((passes * workload.visits) / seconds),
    microsecondsPerStep: Number((1e6 / steps).toFixed(2)),
  };
}

/** Node visits of one pass, counted once with every node's `enter` wrapped. */
function countVisits(cases: readonly GoldenCase[]): number {
  let visits = 0;
  const counting = new Map<string, CompiledFlow>();
  for (const [id, flow] of flows) {
    const nodes = new Map<string, CompiledNode>();
    for (const [nodeId, node] of flow.nodes) {
      nodes.set(nodeId, {
        ...node,
        enter: (step) => {
          visits++;
          return node.enter(step);
        },
      });
    }
    counting.set(id, { ...flow, nodes });
  }
  for (const goldenCase of cases) runGoldenCase(goldenCase, counting, settings, { roundTrip: false });
  return visits;
}

function printTable(table: readonly Row[]): void {
  const header = ['mode', 'flow', 'cases', 'steps/s', 'node visits/s', 'µs/step'];
  const body = table.map((row) => [
    row.mode,
    row.flow,
    String(row.cases),
    row.stepsPerSecond.toLocaleString('en-US'),
    row.visitsPerSecond.toLocaleString('en-US'),
    row.microsecondsPerStep.toFixed(2),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of body) console.log(line(cells));
}
