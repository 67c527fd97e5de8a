/**
 * End-to-end pipeline benchmark, on the same Redis and PostgreSQL as the raw BullMQ limit:
 * simulated survivors write through HTTP, the service runs the shipped first-contact flow, and a
 * message counts once both contacts are committed and the reply reached the simulated phone.
 *
 * - throughput: many survivors, each writing her next answer as soon as the previous turn's replies
 *   arrived (closed loop), for a fixed time;
 * - latency: a fixed offered load (messages/s), time from the POST to the turn's last reply;
 * - raw BullMQ: jobs added and processed per second with an empty processor, same concurrency;
 * - scale-out: the same throughput with the roles in separate processes, one gateway (here) and one,
 *   then two, worker processes (`ROLES=worker`), on a fresh database each time.
 */
import { Queue, Worker } from 'bullmq';
import { createLogger } from '../src/observability/logger.js';
import { systemClock } from '../src/app/system-clock.js';
import { FieldCipher } from '../src/privacy/field-cipher.js';
import { phoneHasher } from '../src/privacy/phone-hash.js';
import { e164 } from '../src/app/phone-number.js';
import { startService, type RunningService } from '../src/service.js';
import { createRedis } from '../src/scheduling/redis.js';
import { runTurn } from '../src/app/run-turn.js';
import type { StoredSession } from '../src/app/ports.js';
import { SimulatorPhone } from '../src/channels/simulator/simulator-phone.js';
import type { Config } from '../src/config/schema.js';
import { createSandbox, percentile } from './support/sandbox.js';
import { countRoundTrips } from './support/round-trips.js';
import { loadavg } from 'node:os';
import { startServiceProcess } from './support/processes.js';
import { withCpuProfile } from './support/cpu-profile.js';
import { serverCpu } from './support/server-cpu.js';

/** The answers a simulated survivor gives, in a loop: start, "sí", a feeling. */
const SCRIPT = ['Hola', '1', '2'];

/** A simulated survivor: her number and where she is in her conversation. */
interface Survivor {
  phone: string;
  step: number;
  session: StoredSession | null;
  pending: { expected: number; received: number; sentAt: number } | null;
}

async function seed(service: RunningService, config: Config, count: number): Promise<Survivor[]> {
  const cipher = new FieldCipher(config.DATA_KEYS);
  const hash = phoneHasher(config.PHONE_HASH_KEY);
  const survivors = Array.from({ length: count }, (_, i) => e164.parse(`+5298${String(i).padStart(8, '0')}`));
  const ids = survivors.map(() => crypto.randomUUID());
  await service.db.survivor.createMany({
    data: survivors.map((phone, i) => ({ id: ids[i]!, alias: `Prueba ${i}`, phoneHash: hash(phone), phoneCipher: cipher.encrypt(phone) })),
  });
  await service.db.consent.createMany({ data: ids.map((survivorId) => ({ survivorId, purpose: 'follow_up' as const, granted: true, source: 'intervention_911' as const })) });
  await service.db.case.createMany({ data: ids.map((survivorId) => ({ survivorId })) });
  return survivors.map((phone) => ({ phone, step: 0, session: null, pending: null }));
}

/**
 * Gives PostgreSQL's planner statistics of the tables as the warm-up left them. On a fresh database it
 * believes the contacts table empty, scans it whole where an index fits, and keeps doing so until
 * autovacuum's next pass, a minute or more later: a state a running service is never in for long.
 */
async function analyze(service: RunningService): Promise<void> {
  await service.db.$executeRawUnsafe('ANALYZE');
}

/** How many replies her next message will get, from the same engine and flows as the service. */
function expectReplies(service: RunningService, survivor: Survivor, text: string): number {
  const turn = runTurn(service.flows, 'primer-contacto', survivor.session, text, { now: new Date().toISOString(), language: 'es-MX', alias: 'x' });
  survivor.session = turn.ended ? null : { id: 'local', flowId: turn.flowId, state: turn.session };
  return turn.messages.length;
}

/** Drives the survivors against the service; resolves with per-message latencies and the count done. */
async function drive(
  service: RunningService,
  baseUrl: string,
  prefix: string,
  redisUrl: string,
  survivors: Survivor[],
  mode: { kind: 'closed'; seconds: number } | { kind: 'open'; perSecond: number; seconds: number },
): Promise<{ latencies: number[]; completed: number; seconds: number }> {
  const subscriber = createRedis(redisUrl, (error) => console.error(`bench: redis: ${error.message}`));
  const phones = new SimulatorPhone(subscriber, prefix);
  const byKey = new Map(survivors.map((s) => [phones.keyFor(s.phone), s]));
  const latencies: number[] = [];
  let completed = 0;
  let next = 0;
  const send = async (survivor: Survivor) => {
    const text = SCRIPT[survivor.step % SCRIPT.length]!;
    survivor.step += 1;
    const expected = expectReplies(service, survivor, text);
    survivor.pending = { expected, received: 0, sentAt: performance.now() };
    const res = await fetch(`${baseUrl}/api/simulator/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: survivor.phone, text }),
    });
    if (res.status !== 202) throw new Error(`inbound refused: ${res.status}`);
  };
  const started = performance.now();
  const until = started + mode.seconds * 1000;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  subscriber.on('message', (_channel: string, raw: string) => {
    const { key } = JSON.parse(raw) as { key: string };
    const survivor = byKey.get(key);
    if (!survivor?.pending) return;
    survivor.pending.received += 1;
    if (survivor.pending.received < survivor.pending.expected) return;
    latencies.push(performance.now() - survivor.pending.sentAt);
    completed += 1;
    survivor.pending = null;
    if (mode.kind === 'closed' && performance.now() < until) void send(survivor);
    if (performance.now() >= until && survivors.every((s) => !s.pending)) finish();
  });
  await subscriber.subscribe(`${prefix}:sim:events`);
  if (mode.kind === 'closed') {
    await Promise.all(survivors.map(send));
  } else {
    const interval = 1000 / mode.perSecond;
    const timer = setInterval(() => {
      if (performance.now() >= until) {
        clearInterval(timer);
        if (survivors.every((s) => !s.pending)) finish();
        return;
      }
      for (let tries = 0; tries < survivors.length; tries += 1) {
        const survivor = survivors[next++ % survivors.length]!;
        if (!survivor.pending) {
          void send(survivor);
          break;
        }
      }
    }, interval);
  }
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, mode.seconds * 1000 + 30_000))]);
  const seconds = (performance.now() - started) / 1000;
  subscriber.disconnect();
  return { latencies, completed, seconds };
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
}

/** Runs the throughput, latency and raw measurements on one sandbox. */
export async function benchPipeline(
  options: { survivors?: number; seconds?: number; offered?: number; /** Writes a CPU profile of the throughput run here. */ profile?: string } = {},
): Promise<PipelineBenchResult> {
  const sandbox = await createSandbox({ PORT: '0', ...(process.env.BENCH_CONCURRENCY ? { WORKER_CONCURRENCY: process.env.BENCH_CONCURRENCY } : {}) });
  const service = await startService(sandbox.config, { log: createLogger({ level: 'silent' }), clock: systemClock });
  try {
    await service.server.listen({ host: '127.0.0.1', port: 0 });
    const address = service.server.addresses()[0] as { port: number };
    const baseUrl = `http://127.0.0.1:${address.port}`;
    const survivors = await seed(service, sandbox.config, options.survivors ?? 400);
    const seconds = options.seconds ?? 15;
    // A short run first, not counted: connections open, statements get prepared, the JIT warms up.
    await drive(service, baseUrl, sandbox.config.QUEUE_PREFIX, sandbox.config.REDIS_URL, survivors, { kind: 'closed', seconds: 3 });
    await analyze(service);
    const load = loadavg()[0]!;
    const roundTrips = countRoundTrips();
    const serversBefore = await serverCpu(sandbox.config.DATABASE_URL, sandbox.config.REDIS_URL);
    const cpuBefore = process.cpuUsage();
    const tripsBefore = roundTrips();
    const run = () => drive(service, baseUrl, sandbox.config.QUEUE_PREFIX, sandbox.config.REDIS_URL, survivors, { kind: 'closed', seconds });
    const throughput = options.profile ? await withCpuProfile(options.profile, run) : await run();
    const cpu = process.cpuUsage(cpuBefore);
    const trips = roundTrips();
    const servers = await serverCpu(sandbox.config.DATABASE_URL, sandbox.config.REDIS_URL);
    const offered = options.offered ?? 200;
    const latency = await drive(service, baseUrl, sandbox.config.QUEUE_PREFIX, sandbox.config.REDIS_URL, survivors, { kind: 'open', perSecond: offered, seconds });
    const raw = await rawBullmq(sandbox.config.REDIS_URL, sandbox.config.QUEUE_PREFIX, sandbox.config.WORKER_CONCURRENCY, 20_000);
    const e2e = throughput.completed / throughput.seconds;
    return {
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
    };
  } finally {
    await service.close();
    await sandbox.dispose();
  }
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
    const survivors = await seed(service, config, options.survivors ?? 400);
    await drive(service, `http://127.0.0.1:${address.port}`, config.QUEUE_PREFIX, config.REDIS_URL, survivors, { kind: 'closed', seconds: 3 });
    await analyze(service);
    const run = await drive(service, `http://127.0.0.1:${address.port}`, config.QUEUE_PREFIX, config.REDIS_URL, survivors, {
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
