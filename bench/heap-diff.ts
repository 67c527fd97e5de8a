/**
 * Heap growth per message of the service as its own process: V8 heap snapshots (taken after a full
 * garbage collection) after a warm-up and after each of two equal phases of messages, compared by
 * constructor. What grows by about the same between the two phases, in proportion to the messages,
 * is kept per message (a leak); what grew only in the warm-up is caches and compiled code.
 *
 *   npm run bench:heap                               (3 phases of 30 s at 100 msg/s)
 *   BENCH_HEAP_SECONDS=60 BENCH_HEAP_RATE=150 npm run bench:heap
 *
 * The snapshots are left in a temporary directory (printed) to open in Chrome's DevTools (Memory tab,
 * "Comparison" view) for a closer look.
 */
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '../src/persistence/database.js';
import { loadFlowDirectory } from '../src/engine/index.js';
import type { FlowRegistry } from '../src/app/flow-registry.js';
import { createSandbox } from './support/sandbox.js';
import { startServiceProcess } from './support/processes.js';
import { drive, seed } from './support/survivors.js';

/** Objects and bytes by constructor (node type and name) in a heap snapshot. */
type HeapCensus = Map<string, { count: number; bytes: number }>;

/** Reads a `.heapsnapshot` file and counts its nodes by type and name. */
async function census(path: string): Promise<HeapCensus> {
  const snapshot = JSON.parse(await readFile(path, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const result: HeapCensus = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    // Strings and code are counted by type only: their "names" are their contents.
    const name = type === 'object' || type === 'closure' ? snapshot.strings[snapshot.nodes[i + nameAt]!]! : '';
    const key = `${type}${name ? ` ${name}` : ''}`;
    const entry = result.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += snapshot.nodes[i + sizeAt]!;
    result.set(key, entry);
  }
  return result;
}

/** Sends SIGUSR2 to `pid` (started with `--heapsnapshot-signal=SIGUSR2`) and waits for its snapshot in `dir`. */
async function takeSnapshot(pid: number, dir: string): Promise<string> {
  const before = new Set(await readdir(dir));
  process.kill(pid, 'SIGUSR2');
  for (let waited = 0; waited < 180_000; waited += 500) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const added = (await readdir(dir)).find((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    if (!added) continue;
    // Written once complete; wait until its size stops changing.
    const path = join(dir, added);
    const size = (await stat(path)).size;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    if ((await stat(path)).size === size && size > 0) return path;
  }
  throw new Error('no heap snapshot was written');
}

/** Totals of a census. */
function total(c: HeapCensus): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const entry of c.values()) {
    count += entry.count;
    bytes += entry.bytes;
  }
  return { count, bytes };
}

const seconds = Number(process.env.BENCH_HEAP_SECONDS ?? 30);
const rate = Number(process.env.BENCH_HEAP_RATE ?? 100);
const sandbox = await createSandbox();
const config = sandbox.config;
const db = createDatabase(config.DATABASE_URL);
const dir = await mkdtemp(join(tmpdir(), 'acompana-heap-'));
const service = await startServiceProcess({
  DATABASE_URL: config.DATABASE_URL,
  REDIS_URL: config.REDIS_URL,
  QUEUE_PREFIX: config.QUEUE_PREFIX,
  MIGRATE_ON_START: 'false',
  LOG_LEVEL: 'warn',
  NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}`,
});
try {
  const survivors = await seed(db, config, 400);
  const loaded = await loadFlowDirectory(config.FLOWS_DIR);
  if (!loaded.ok) throw new Error('the shipped flows do not load');
  const flows: FlowRegistry = new Map(loaded.flows.map((flow) => [flow.id, flow]));
  const phase = () => drive(flows, service.url, config.QUEUE_PREFIX, config.REDIS_URL, survivors, { kind: 'open', perSecond: rate, seconds });
  const warmUp = await phase();
  const first = await takeSnapshot(service.pid, dir);
  const one = await phase();
  const second = await takeSnapshot(service.pid, dir);
  const two = await phase();
  const third = await takeSnapshot(service.pid, dir);
  const [a, b, c] = [await census(first), await census(second), await census(third)];
  const rows = [...c.keys()]
    .map((key) => {
      const [x, y, z] = [a.get(key), b.get(key), c.get(key)].map((e) => e ?? { count: 0, bytes: 0 });
      return { what: key, phase1_count: y!.count - x!.count, phase2_count: z!.count - y!.count, phase2_bytes: z!.bytes - y!.bytes };
    })
    .filter((r) => r.phase1_count !== 0 || r.phase2_count !== 0)
    .sort((p, q) => q.phase2_bytes - p.phase2_bytes)
    .slice(0, 20);
  console.table(rows);
  const [ta, tb, tc] = [total(a), total(b), total(c)];
  const result = {
    messages: [warmUp.completed, one.completed, two.completed],
    heap_mb: [ta, tb, tc].map((t) => Number((t.bytes / 1024 / 1024).toFixed(1))),
    bytes_per_msg_phase1: Math.round((tb.bytes - ta.bytes) / Math.max(1, one.completed)),
    bytes_per_msg_phase2: Math.round((tc.bytes - tb.bytes) / Math.max(1, two.completed)),
    snapshots: dir,
  };
  console.log(JSON.stringify(result));
} finally {
  await service.stop();
  await db.$disconnect();
  await sandbox.dispose();
}
