/**
 * Soak benchmark: the service as its own process (`dist/main.js`, as `npm start` runs it), on a
 * database loaded as a bulletin-sized import leaves it (2,084 cases, 490 of them with follow-up
 * consent and a number), never analyzed and with autovacuum off on every table, driven over HTTP at a
 * fixed rate from the 490 numbers. Reports, per minute: messages/s completed, rows PostgreSQL read by
 * sequential scans per message, the service's resident memory. A cost that grows with the data shows
 * as a falling rate and rising rows per message.
 *
 *   npm run bench:soak                       (10 minutes at 100 msg/s)
 *   BENCH_SOAK_SECONDS=120 BENCH_SOAK_RATE=100 npm run bench:soak
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import pg from 'pg';
import { createDatabase } from '../src/persistence/database.js';
import { loadFlowDirectory } from '../src/engine/index.js';
import type { FlowRegistry } from '../src/app/flow-registry.js';
import { createSandbox, percentile } from './support/sandbox.js';
import { startServiceProcess } from './support/processes.js';
import { drive, seed } from './support/survivors.js';
import { processCpu } from './support/server-cpu.js';

/** One interval of a service-process run. */
export interface SoakInterval {
  /** End of the interval, seconds from the start of the run. */
  at_s: number;
  msgs_per_s: number;
  /** Rows read by sequential scans (all tables of the database) per message completed in the interval. */
  seq_rows_per_msg: number;
  /** The service process's resident memory at the end of the interval. */
  service_rss_mb: number;
}

/** Figures of a run of the service as its own process. */
export interface ServiceProcessResult {
  seconds: number;
  offered_per_s: number;
  msgs_per_s: number;
  p99_ms: number;
  intervals: SoakInterval[];
  /** The last interval's rate over the first's. */
  last_over_first: number;
  /** Rows read by sequential scans per message over the whole run. */
  seq_rows_per_msg: number;
  /** Rows fetched through indexes per message over the whole run. */
  idx_rows_per_msg: number;
  /** The service process's resident memory at the end. */
  service_rss_mb: number;
  /** CPU the service process spent per message completed (user + system, `/proc`), ms. */
  service_cpu_ms_per_msg: number | null;
  load_1m: number;
}

/** Resident memory of process `pid`, MB (Linux `/proc`). */
async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** Rows read so far by sequential scans and through indexes, all tables of the database. */
async function rowsRead(client: pg.Client): Promise<{ seq: number; idx: number }> {
  const { rows } = await client.query<{ seq: string; idx: string }>(
    'SELECT coalesce(sum(seq_tup_read), 0)::text AS seq, coalesce(sum(idx_tup_fetch), 0)::text AS idx FROM pg_stat_user_tables',
  );
  return { seq: Number(rows[0]!.seq), idx: Number(rows[0]!.idx) };
}

/**
 * The cases of a bulletin-sized import beyond those that will write: `others` cases without consent
 * or number (the import's cases nobody may contact), with the survivors they belong to.
 */
async function importOthers(client: pg.Client, others: number): Promise<void> {
  await client.query(
    `WITH s AS (INSERT INTO "Survivor" (id, alias) SELECT gen_random_uuid(), 'Importada ' || g FROM generate_series(1, $1::int) g RETURNING id)
     INSERT INTO "Case" (id, "survivorId", "interventionAt") SELECT gen_random_uuid(), id, now() - interval '30 days' FROM s`,
    [others],
  );
}

/**
 * Runs the service as its own process for `seconds` at `perSecond` messages offered (open loop),
 * from `survivors` consenting numbers. `imported`: the database as an import leaves it (2,084 cases,
 * never analyzed, autovacuum off on every table); otherwise only the survivors, also never analyzed.
 */
export async function benchServiceProcess(options: {
  seconds: number;
  perSecond: number;
  survivors?: number;
  imported?: boolean;
  intervalSeconds?: number;
}): Promise<ServiceProcessResult> {
  const sandbox = await createSandbox();
  const config = sandbox.config;
  const db = createDatabase(config.DATABASE_URL);
  const stats = new pg.Client({ connectionString: config.DATABASE_URL });
  await stats.connect();
  let service: Awaited<ReturnType<typeof startServiceProcess>> | null = null;
  try {
    const count = options.survivors ?? 490;
    const { rows: tables } = await stats.query<{ relname: string }>(`SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public'`);
    for (const { relname } of tables) await stats.query(`ALTER TABLE "${relname}" SET (autovacuum_enabled = false)`);
    const survivors = await seed(db, config, count);
    if (options.imported) await importOthers(stats, Math.max(0, 2_084 - count));
    const loaded = await loadFlowDirectory(config.FLOWS_DIR);
    if (!loaded.ok) throw new Error('the shipped flows do not load');
    const flows: FlowRegistry = new Map(loaded.flows.map((flow) => [flow.id, flow]));
    service = await startServiceProcess({
      DATABASE_URL: config.DATABASE_URL,
      REDIS_URL: config.REDIS_URL,
      QUEUE_PREFIX: config.QUEUE_PREFIX,
      MIGRATE_ON_START: 'false',
      LOG_LEVEL: 'warn',
    });
    const pid = service.pid;
    const load = loadavg()[0]!;
    const every = options.intervalSeconds ?? 60;
    const intervals: SoakInterval[] = [];
    const first = await rowsRead(stats);
    const cpuBefore = await processCpu(pid);
    let last = { ...first, completed: 0, at: 0 };
    let completedSoFar = 0;
    const started = performance.now();
    const sample = async () => {
      const at = (performance.now() - started) / 1000;
      const read = await rowsRead(stats);
      const messages = completedSoFar - last.completed;
      intervals.push({
        at_s: Math.round(at),
        msgs_per_s: Math.round(messages / (at - last.at)),
        seq_rows_per_msg: messages === 0 ? 0 : Math.round((read.seq - last.seq) / messages),
        service_rss_mb: await residentMb(pid),
      });
      last = { ...read, completed: completedSoFar, at };
    };
    let sampling = Promise.resolve();
    const timer = setInterval(() => (sampling = sampling.then(sample)), every * 1000);
    const run = await drive(flows, service.url, config.QUEUE_PREFIX, config.REDIS_URL, survivors, { kind: 'open', perSecond: options.perSecond, seconds: options.seconds }, () => {
      completedSoFar += 1;
    });
    clearInterval(timer);
    await sampling;
    // Backends report their counters at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const end = await rowsRead(stats);
    const rss = await residentMb(pid);
    const cpuAfter = await processCpu(pid);
    const rates = intervals.map((i) => i.msgs_per_s);
    return {
      seconds: Math.round(run.seconds),
      offered_per_s: options.perSecond,
      msgs_per_s: Math.round(run.completed / run.seconds),
      p99_ms: Math.round(percentile(run.latencies, 99)),
      intervals,
      last_over_first: rates.length > 1 && rates[0]! > 0 ? Number((rates.at(-1)! / rates[0]!).toFixed(2)) : 1,
      seq_rows_per_msg: Number(((end.seq - first.seq) / Math.max(1, run.completed)).toFixed(1)),
      idx_rows_per_msg: Number(((end.idx - first.idx) / Math.max(1, run.completed)).toFixed(1)),
      service_rss_mb: rss,
      service_cpu_ms_per_msg:
        cpuBefore === null || cpuAfter === null ? null : Number(((1000 * (cpuAfter - cpuBefore)) / Math.max(1, run.completed)).toFixed(2)),
      load_1m: Number(load.toFixed(1)),
    };
  } finally {
    await service?.stop();
    await stats.end();
    await db.$disconnect();
    await sandbox.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
  const result = await benchServiceProcess({
    seconds,
    perSecond: Number(process.env.BENCH_SOAK_RATE ?? 100),
    imported: true,
    intervalSeconds: Math.min(60, Math.max(5, Math.round(seconds / 10))),
  });
  console.table(result.intervals);
  console.log(JSON.stringify(result));
}
