/**
 * End-to-end pipeline benchmark, on the same Redis and PostgreSQL as the raw BullMQ limit:
 * simulated survivors write through HTTP, the service runs the shipped first-contact flow, and a
 * message counts once both contacts are committed and the reply reached the simulated phone.
 *
 * - throughput: many survivors, each writing her next answer as soon as the previous turn's replies
 *   arrived (closed loop), for a fixed time;
 * - latency: a fixed offered load (messages/s), time from the POST to the turn's last reply;
 * - raw BullMQ: jobs added and processed per second with an empty processor, same concurrency;
 * - the durable limit: jobs per second of a durable turn with no service code (a locked case row,
 *   three rows written, the reply marked sent), same concurrency, same servers, measured right before
 *   and right after the throughput run; `ratio_durable` compares with their mean; and its latency at
 *   the offered load, right after the service's latency run (`durable_p99_ms`);
 * - the service as its own process at the offered load: its resident memory (`service_rss_mb`);
 * - scale-out: the same throughput with the roles in separate processes, one gateway (here) and one,
 *   then two, worker processes (`ROLES=worker`), on a fresh database each time.
 */
import { Queue, Worker } from 'bullmq';
import { createLogger } from '../src/observability/logger.js';
import { systemClock } from '../src/app/system-clock.js';
import { startService, type RunningService } from '../src/service.js';
import { createSandbox, percentile } from './support/sandbox.js';
import { countRoundTrips } from './support/round-trips.js';
import { loadavg } from 'node:os';
import { startServiceProcess } from './support/processes.js';
import { withCpuProfile } from './support/cpu-profile.js';
import { serverCpu } from './support/server-cpu.js';
import { drive, seed } from './support/survivors.js';
import { durableBaseline } from './support/durable-baseline.js';
import { benchServiceProcess } from './soak.js';

/**
 * Seconds of closed-loop traffic before anything is measured (`BENCH_WARM_UP_SECONDS`, 20). After 3 s
 * V8 was still compiling the message path (about 200 functions in the next 9 s, 29 after a 20 s
 * warm-up), during the latency run that follows: a service in use has long been warm. Alternated on one
 * machine, p99 at 200 msg/s read 47–93 ms after 3 s and 29–51 ms after 15 s (docs/benchmarks.md).
 */
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 20);

/**
 * Gives PostgreSQL's planner statistics of the tables as the warm-up left them, as every earlier figure
 * of this benchmark had them. The message path no longer depends on them to avoid scanning a table
 * (`test/scale/no-sequential-scans.test.ts`); `bench:soak` measures the service without them.
 */
async function analyze(service: RunningService): Promise<void> {
  await service.db.$executeRawUnsafe('ANALYZE');
}

/** Jobs per second BullMQ itself adds and processes here, with an empty processor. */
async function rawBullmq(redisUrl: string, prefix: string, concurrency: number, jobs: number): Promise<number> {
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('raw', { connection, prefix: `${prefix}-raw` });
  let processed = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const started = performance.now();
  const worker = new Worker(
    'raw',
    async () => {
      processed += 1;
      if (processed === jobs) finish();
    },
    { connection, prefix: `${prefix}-raw`, concurrency },
  );
  for (let i = 0; i < jobs; i += 500) {
    await queue.addBulk(Array.from({ length: Math.min(500, jobs - i) }, (_, k) => ({ name: 'x', data: { i: i + k }, opts: { removeOnComplete: true } })));
  }
  await done;
  const perSecond = jobs / ((performance.now() - started) / 1000);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return perSecond;
}

/** Figures the pipeline benchmark prints. */
export interface PipelineBenchResult {
  e2e_msgs_per_s: number;
  raw_jobs_per_s: number;
  ratio: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  offered_per_s: number;
  rss_mb: number;
  /** CPU of this process (service and simulated phones) per message, in the throughput run. */
  cpu_ms_per_msg: number;
  /** CPU of the PostgreSQL backends of the benchmark's database per message (`null` when the server runs elsewhere). */
  postgres_cpu_ms_per_msg: number | null;
  /** CPU of the Redis server per message (the whole server: anything else using it counts too). */
  redis_cpu_ms_per_msg: number;
  /** Statements to PostgreSQL per message, in the throughput run. */
  pg_per_msg: number;
  /** Redis commands per message (HTTP gateway, queues, simulated phones), in the throughput run. */
  redis_per_msg: number;
  /** The machine's 1-minute load average when the run started (2 cores: above 2, others compete). */
  load_1m: number;
  /**
   * The durable-turn limit, same run, same servers, no service code: BullMQ jobs each locking a case row
   * and writing three rows in one transaction, then marking the reply sent (closed loop, the workers'
   * concurrency; `bench/support/durable-baseline.ts`): the mean of the two measured right before and
   * right after the throughput run.
   */
  durable_jobs_per_s: number;
  /** The durable limit measured right before the throughput run. */
  durable_before_jobs_per_s: number;
  /** The durable limit measured right after the throughput run. */
  durable_after_jobs_per_s: number;
  /** End to end ÷ the durable limit: what the service costs beyond keeping every message durable. */
  ratio_durable: number;
  /**
   * p50 and p99 of the durable turn alone at the offered load (open loop, from its add to its
   * completion), measured right after the latency run: the latency floor this machine gives at that
   * moment, beside the service's `p50_ms` and `p99_ms`.
   */
  durable_p50_ms: number;
  /** See {@link PipelineBenchResult.durable_p50_ms}. */
  durable_p99_ms: number;
  /**
   * Resident memory of the service as its own process (`dist/main.js`, `ROLES=all`) after
   * `BENCH_SECONDS` at the offered load, driven over HTTP from this process.
   */
  service_rss_mb: number;
  /** The offered load the service process kept up with, messages/s. */
  service_msgs_per_s: number;
}

/** Runs the throughput, latency and raw measurements on one sandbox. */
export async function benchPipeline(
  options: { survivors?: number; seconds?: number; offered?: number; /** Writes a CPU profile of the throughput run here. */ profile?: string } = {},
): Promise<PipelineBenchResult> {
  const sandbox = await createSandbox({ PORT: '0', ...(process.env.BENCH_CONCURRENCY ? { WORKER_CONCURRENCY: process.env.BENCH_CONCURRENCY } : {}) });
  const service = await startService(sandbox.config, { log: createLogger({ level: 'silent' }), clock: systemClock });
  let inProcess: Omit<PipelineBenchResult, 'service_rss_mb' | 'service_msgs_per_s'>;
  try {
    await service.server.listen({ host: '127.0.0.1', port: 0 });
    const address = service.server.addresses()[0] as { port: number };
    const baseUrl = `http://127.0.0.1:${address.port}`;
    const survivors = await seed(service.db, sandbox.config, options.survivors ?? 400);
    const seconds = options.seconds ?? 15;
    // A run first, not counted: connections open, statements get prepared, the JIT warms up.
    await drive(service.flows, baseUrl, sandbox.config.QUEUE_PREFIX, sandbox.config.REDIS_URL, survivors, { kind: 'closed', seconds: WARM_UP_SECONDS });
    await analyze(service);
    const baseline = () =>
      durableBaseline({
        databaseUrl: sandbox.config.DATABASE_URL,
        redisUrl: sandbox.config.REDIS_URL,
        prefix: sandbox.config.QUEUE_PREFIX,
        concurrency: sandbox.config.WORKER_CONCURRENCY,
        seconds: Math.min(seconds, 10),
      });
    const offered = options.offered ?? 200;
    const latency = await drive(service.flows, baseUrl, sandbox.config.QUEUE_PREFIX, sandbox.config.REDIS_URL, survivors, { kind: 'open', perSecond: offered, seconds });
    // The same offered load on the durable turn alone, right after: the latency this machine gives a
    // durable turn at this moment, a floor for the service's.
    const durableLatency = await durableBaseline({
      databaseUrl: sandbox.config.DATABASE_URL,
      redisUrl: sandbox.config.REDIS_URL,
      prefix: sandbox.config.QUEUE_PREFIX,
      concurrency: sandbox.config.WORKER_CONCURRENCY,
      seconds: Math.min(seconds, 10),
      offered,
    });
    // The baseline right before and right after the throughput run: the machine's speed drifts by as
    // much as a change gains, and the mean of the two brackets the run it is compared with.
    const durableBefore = await baseline();
    const load = loadavg()[0]!;
    const roundTrips = countRoundTrips();
    const serversBefore = await serverCpu(sandbox.config.DATABASE_URL, sandbox.config.REDIS_URL);
    const cpuBefore = process.cpuUsage();
    const tripsBefore = roundTrips();
    const run = () => drive(service.flows, baseUrl, sandbox.config.QUEUE_PREFIX, sandbox.config.REDIS_URL, survivors, { kind: 'closed', seconds });
    const throughput = options.profile ? await withCpuProfile(options.profile, run) : await run();
    const cpu = process.cpuUsage(cpuBefore);
    const trips = roundTrips();
    const servers = await serverCpu(sandbox.config.DATABASE_URL, sandbox.config.REDIS_URL);
    const durableAfter = await baseline();
    const durable = (durableBefore.jobsPerSecond + durableAfter.jobsPerSecond) / 2;
    const raw = await rawBullmq(sandbox.config.REDIS_URL, sandbox.config.QUEUE_PREFIX, sandbox.config.WORKER_CONCURRENCY, 20_000);
    const e2e = throughput.completed / throughput.seconds;
    inProcess = {
      e2e_msgs_per_s: Math.round(e2e),
      raw_jobs_per_s: Math.round(raw),
      ratio: Number((e2e / raw).toFixed(3)),
      p50_ms: Math.round(percentile(latency.latencies, 50)),
      p95_ms: Math.round(percentile(latency.latencies, 95)),
      p99_ms: Math.round(percentile(latency.latencies, 99)),
      offered_per_s: Math.round(latency.completed / latency.seconds),
      rss_mb: Math.round(process.memoryUsage().rss / 1024 / 1024),
      cpu_ms_per_msg: Number(((cpu.user + cpu.system) / 1000 / throughput.completed).toFixed(2)),
      postgres_cpu_ms_per_msg:
        servers.postgres === null || serversBefore.postgres === null
          ? null
          : Number(((1000 * (servers.postgres - serversBefore.postgres)) / throughput.completed).toFixed(2)),
      redis_cpu_ms_per_msg: Number(((1000 * (servers.redis - serversBefore.redis)) / throughput.completed).toFixed(2)),
      pg_per_msg: Number(((trips.postgres - tripsBefore.postgres) / throughput.completed).toFixed(1)),
      redis_per_msg: Number(((trips.redis - tripsBefore.redis) / throughput.completed).toFixed(1)),
      load_1m: Number(load.toFixed(1)),
      durable_jobs_per_s: Math.round(durable),
      durable_before_jobs_per_s: Math.round(durableBefore.jobsPerSecond),
      durable_after_jobs_per_s: Math.round(durableAfter.jobsPerSecond),
      ratio_durable: Number((e2e / durable).toFixed(3)),
      durable_p50_ms: Math.round(percentile(durableLatency.latencies, 50)),
      durable_p99_ms: Math.round(percentile(durableLatency.latencies, 99)),
    };
  } finally {
    await service.close();
    await sandbox.dispose();
  }
  const alone = await benchServiceProcess({ seconds: options.seconds ?? 15, perSecond: options.offered ?? 200, survivors: options.survivors ?? 400 });
  return { ...inProcess, service_rss_mb: alone.service_rss_mb, service_msgs_per_s: alone.msgs_per_s };
}

/** Throughput with the roles split: one gateway, `workers` worker processes. */
export interface ScaleOutResult {
  setup: string;
  e2e_msgs_per_s: number;
}

/**
 * End-to-end throughput (closed loop, as above) with one gateway in this process (`ROLES=gateway`: the
 * simulator's HTTP routes and the sending) and `workers` child processes with `ROLES=worker`.
 */
export async function benchScaleOut(workers: number, options: { survivors?: number; seconds?: number } = {}): Promise<ScaleOutResult> {
  const sandbox = await createSandbox({ PORT: '0', ROLES: 'gateway' });
  const config = sandbox.config;
  const service = await startService(config, { log: createLogger({ level: 'silent' }), clock: systemClock });
  const children = await Promise.all(
    Array.from({ length: workers }, () =>
      startServiceProcess({
        ROLES: 'worker',
        DATABASE_URL: config.DATABASE_URL,
        REDIS_URL: config.REDIS_URL,
        QUEUE_PREFIX: config.QUEUE_PREFIX,
        MIGRATE_ON_START: 'false',
        LOG_LEVEL: 'warn',
        WORKER_CONCURRENCY: String(config.WORKER_CONCURRENCY),
      }),
    ),
  ).catch(async (error: unknown) => {
    await service.close();
    await sandbox.dispose();
    throw error;
  });
  try {
    await service.server.listen({ host: '127.0.0.1', port: 0 });
    const address = service.server.addresses()[0] as { port: number };
    const survivors = await seed(service.db, config, options.survivors ?? 400);
    await drive(service.flows, `http://127.0.0.1:${address.port}`, config.QUEUE_PREFIX, config.REDIS_URL, survivors, { kind: 'closed', seconds: WARM_UP_SECONDS });
    await analyze(service);
    const run = await drive(service.flows, `http://127.0.0.1:${address.port}`, config.QUEUE_PREFIX, config.REDIS_URL, survivors, {
      kind: 'closed',
      seconds: options.seconds ?? 15,
    });
    const setup = `1 gateway + ${workers} worker process${workers === 1 ? '' : 'es'}`;
    return { setup, e2e_msgs_per_s: Math.round(run.completed / run.seconds) };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await service.close();
    await sandbox.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 15);
  const result = await benchPipeline({
    seconds,
    offered: Number(process.env.BENCH_OFFERED ?? 200),
    ...(process.env.BENCH_PROFILE ? { profile: process.env.BENCH_PROFILE } : {}),
  });
  const scaleOut = process.env.BENCH_SCALE_OUT === '0' ? [] : [await benchScaleOut(1, { seconds }), await benchScaleOut(2, { seconds })];
  console.table(result);
  if (scaleOut.length > 0) {
    console.table([{ setup: 'one process (ROLES=all)', e2e_msgs_per_s: result.e2e_msgs_per_s }, ...scaleOut]);
  }
  console.log(JSON.stringify(result));
  if (result.e2e_msgs_per_s === 0) {
    // No reply reached a simulated phone: the pipeline is broken, not slow.
    console.error('bench: no message went through the pipeline');
    process.exitCode = 1;
  }
}
