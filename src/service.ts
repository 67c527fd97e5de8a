import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config, Role } from './config/schema.js';
import type { FlowRegistry } from './app/flow-registry.js';
import type { CaseEventBus, ChannelPort, Clock } from './app/ports.js';
import { ensureDatabase, pingDatabase } from './persistence/ensure-database.js';
import type { Database } from './persistence/database.js';
import type { PipelineQueues } from './scheduling/queues.js';
import { assertRedisReachable } from './scheduling/ping-redis.js';
import { startWorkers, type PipelineProcessors } from './scheduling/workers.js';
import { buildServer } from './console/server.js';
import { enrollCase } from './app/checkins/enroll-case.js';
import { reconcileCheckIns, type ReconcileReport } from './app/checkins/reconcile.js';
import type { CheckInDeps } from './app/checkins/deps.js';
import type { CheckInRow } from './app/checkins/ports.js';
import type { AppointmentDeps } from './app/appointments/deps.js';
import { openCore } from './roles/core.js';
import { StartupError } from './app/errors.js';
import { createMetrics } from './observability/metrics.js';
import { metricsQueries } from './persistence/metrics-queries.js';
import { evictionPolicy } from './scheduling/redis-policy.js';
import { wireGateway, type ChannelSeams } from './roles/gateway.js';
import { wireWorker } from './roles/worker.js';
import { wireConsole } from './roles/console.js';
import { wireCheckIns } from './roles/checkin-wiring.js';
import { wireAppointments } from './roles/appointment-wiring.js';
import { wireDeliveryFailures } from './roles/delivery-failure-wiring.js';

/** A running service: the roles `ROLES` names, in one process. */
export interface RunningService {
  /** The roles this process runs. */
  roles: readonly Role[];
  /** The HTTP server: `/healthz` always; the channel's routes in a gateway; the console in a console. */
  server: FastifyInstance;
  db: Database;
  flows: FlowRegistry;
  /** The channel, in a process with the `gateway` role. */
  channel?: ChannelPort;
  queues: PipelineQueues;
  events: CaseEventBus;
  /** Check-in operations other parts (import, console, tests) call. */
  checkIns: { enroll(caseId: string): Promise<CheckInRow[]>; reconcile(): Promise<ReconcileReport>; deps: CheckInDeps };
  /** The video-call sessions' use cases' deps (console, tests). */
  appointments: AppointmentDeps;
  /** Drains the workers, closes the server and every connection. */
  close(): Promise<void>;
}

/**
 * Checks that PostgreSQL and Redis answer (each within a few seconds) and creates the database if it
 * is missing. Call before {@link startService}.
 *
 * @throws StartupError `POSTGRES_UNREACHABLE` or `REDIS_UNREACHABLE` naming the address and the fix.
 */
export async function checkInfrastructure(config: Config, log: Logger): Promise<void> {
  const [postgres, redis] = await Promise.allSettled([ensureDatabase(config.DATABASE_URL), assertRedisReachable(config.REDIS_URL, undefined, config.REDIS_SENTINELS)]);
  if (postgres.status === 'rejected') throw postgres.reason;
  if (redis.status === 'rejected') throw redis.reason;
  if (postgres.value === 'created') log.info('database created');
}

/**
 * The composition root: loads and checks the flows, applies migrations, then wires and starts the roles
 * `config.ROLES` names, and only those, over what they share (PostgreSQL, Redis, the queues):
 *
 * - `gateway`: the channel (what arrives goes to the inbound queue) and the outbound worker, since only
 *   the process holding the channel can send; its HTTP routes (simulator, Cloud API webhook);
 * - `worker`: the inbound worker (conversations), the check-in, question-timeout and video-call
 *   reminder workers, and the reconciler;
 * - `console`: the staff console and its API.
 *
 * Which role runs each queue's worker is `QUEUE_OWNERS` (`src/roles/queue-owners.ts`). Every process
 * serves `/healthz`; the HTTP server is returned not yet listening: the caller decides where.
 *
 * @throws StartupError naming what is wrong (invalid flows, PostgreSQL or Redis unreachable, migration).
 */
export async function startService(
  config: Config,
  options: {
    log: Logger;
    clock: Clock;
    /** Test seams of the channel: a fake whatsapp-web.js client, where QR codes show, who is an admin. */
    channelSeams?: ChannelSeams;
  },
): Promise<RunningService> {
  const roles = new Set(config.ROLES);
  if (roles.has('gateway') && config.NODE_ENV === 'production' && config.CHANNEL === 'simulator' && !config.ALLOW_SIMULATOR_IN_PRODUCTION) {
    throw new StartupError(
      'CONFIG_INVALID',
      'CHANNEL: the simulator lets anyone reaching the port write as any number and read what was sent; choose whatsapp-web or cloud-api in production (or set ALLOW_SIMULATOR_IN_PRODUCTION=true for a rehearsal)',
    );
  }
  const core = await openCore(config, options.log, options.clock);
  const policy = await evictionPolicy(core.redis);
  if (policy !== null && policy !== 'noeviction') {
    core.log.warn({ policy }, 'Redis maxmemory-policy is not noeviction: Redis may drop queued jobs when memory runs out; set maxmemory-policy noeviction');
  }
  // Every role changes check-ins (a send waits for her safe hours; staff move them; a turn asks for one).
  const checkIns = wireCheckIns(core);
  const appointments = wireAppointments(core, checkIns.deps);
  const deliveryFailures = wireDeliveryFailures(core);
  const gateway = roles.has('gateway') ? await wireGateway(core, { checkIns: checkIns.deps, appointments: appointments.deps, deliveryFailures }, options.channelSeams) : null;
  const worker = roles.has('worker') ? wireWorker(core, { checkIns, appointments, deliveryFailures }, gateway?.sendNow) : null;

  const metrics = config.METRICS_TOKEN
    ? createMetrics({
        queues: Object.fromEntries(core.queues.all.map((queue) => [queue.name, queue])),
        ...metricsQueries(core.db),
        ...(gateway ? { channelState: () => gateway.channel.health().state } : {}),
      })
    : null;
  const processors: PipelineProcessors = { ...gateway?.processors, ...worker?.processors };
  const workers =
    Object.keys(processors).length > 0
      ? startWorkers({
          connection: core.connection,
          prefix: config.QUEUE_PREFIX,
          concurrency: config.WORKER_CONCURRENCY,
          lockMs: config.WORKER_LOCK_SECONDS * 1000,
          log: core.log,
          processors,
          ...(metrics ? { observer: metrics.jobs } : {}),
        })
      : null;
  const maintenance = worker ? await worker.startMaintenance() : null;
  await worker?.startReconciler();

  const server = await buildServer({
    log: core.log,
    trustProxy: config.TRUST_PROXY,
    ...(metrics && config.METRICS_TOKEN ? { metrics: { registry: metrics.registry, token: config.METRICS_TOKEN } } : {}),
    health: {
      roles: config.ROLES,
      database: () => pingDatabase(config.DATABASE_URL),
      redis: () => withTimeout(core.redis.ping().then((r) => r === 'PONG'), 1_500),
      ...(gateway ? { channel: () => gateway.channel.health() } : {}),
      ...(workers ? { workers: () => workers.running() } : {}),
    },
    ...(gateway?.routes ? { channelRoutes: gateway.routes } : {}),
    ...(roles.has('console')
      ? {
          console: wireConsole(core, { checkIns: checkIns.deps, appointments: appointments.deps }),
          queueView: { queues: core.queues.all, actions: config.QUEUE_VIEW_ACTIONS },
        }
      : {}),
  });
  await gateway?.channel.start?.(gateway.channelEvents);

  return {
    roles: config.ROLES,
    server,
    db: core.db,
    flows: core.flows,
    ...(gateway ? { channel: gateway.channel } : {}),
    queues: core.queues,
    events: core.events,
    checkIns: {
      enroll: (caseId) => enrollCase(checkIns.deps, caseId),
      reconcile: () => reconcileCheckIns(checkIns.deps),
      deps: checkIns.deps,
    },
    appointments: appointments.deps,
    async close() {
      await server.close();
      await workers?.close();
      await maintenance?.close();
      await gateway?.channel.close();
      await core.close();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
