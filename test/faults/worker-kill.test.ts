import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowRegistry } from '../../src/app/flow-registry.js';
import { bullConnection } from '../../src/scheduling/redis.js';
import { QUEUE_NAMES, type QueueKey } from '../../src/scheduling/queue-names.js';
import { createRoleCluster, type RoleCluster, type RoleProcess } from '../support/role-cluster.js';
import { eventually } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import {
  openingMessages,
  received,
  seedSurvivors,
  sendNext,
  shippedFlows,
  watchDeliveries,
  type ScriptedSurvivor,
} from '../support/scripted-survivors.js';

/** Small locks, so a dead worker's jobs are taken up again within seconds. */
const ENV = {
  WORKER_CONCURRENCY: '4',
  WORKER_LOCK_SECONDS: '2',
  CONTACT_WINDOWS: '1-7 00:00-24:00',
  QUIET_HOURS: 'none',
};
/** Enough that each worker keeps several jobs under way for a while. */
const SURVIVORS = 100;

let flows: FlowRegistry;

beforeAll(async () => {
  flows = await shippedFlows();
});

/** Job ids BullMQ reports stalled (their worker stopped renewing the lock) on `queue`, from now on. */
async function watchStalled(cluster: RoleCluster, queue: QueueKey): Promise<{ ids: Set<string>; close(): Promise<void> }> {
  const events = new QueueEvents(QUEUE_NAMES[queue], { connection: bullConnection(cluster.config.REDIS_URL), prefix: cluster.config.QUEUE_PREFIX });
  const ids = new Set<string>();
  events.on('stalled', ({ jobId }) => ids.add(jobId));
  await events.waitUntilReady();
  return { ids, close: () => events.close() };
}

/** How many jobs of its own a worker must be running at once before it is killed. */
const BUSY_JOBS = 2;

/**
 * Kills `worker` with SIGKILL as soon as it is running {@link BUSY_JOBS} jobs of `queue` at once (with
 * one, the job could finish in the milliseconds before the signal lands, and the kill would interrupt
 * nothing); resolves once it is dead.
 */
async function killWhileBusy(cluster: RoleCluster, worker: RoleProcess, queue: QueueKey): Promise<void> {
  await eventually(
    async () => {
      const active = await cluster.queues[queue].getJobs(['active']);
      return active.filter((job) => job.processedBy === worker.workerName).length >= BUSY_JOBS ? true : undefined;
    },
    120_000,
    `the worker to be running a ${queue} job`,
  );
  worker.main.kill('SIGKILL');
  const { signal } = await worker.main.exited;
  expect(signal).toBe('SIGKILL');
}

/** The processes of a describe block, in the order their roles were given, and their cluster. */
interface Scene {
  cluster: RoleCluster;
  processes: RoleProcess[];
}

/** Starts one process per entry of `roles` (each a `ROLES` value) before the block's tests, and stops them after. */
function processesWith(...roles: string[]): Scene {
  const scene = { processes: [] as RoleProcess[] } as Scene;
  beforeAll(async () => {
    scene.cluster = await createRoleCluster(ENV);
    scene.processes = await Promise.all(roles.map((r) => scene.cluster.start(r)));
  }, 180_000);
  afterAll(async () => {
    await scene.cluster?.stop();
  }, 60_000);
  return scene;
}

/**
 * Sends a first message from each of {@link SURVIVORS} survivors to `entry`'s webhook, kills `doomed`
 * with SIGKILL while it runs one of those turns, and checks that nothing was lost or sent twice: the
 * kill interrupted turns under way, `survivor` finished each of them, every message is recorded once,
 * and each survivor's phone holds exactly the replies recorded for her, all sent.
 */
async function burstThroughAKill(cluster: RoleCluster, at: { entry: RoleProcess; doomed: RoleProcess; survivor: RoleProcess }): Promise<void> {
  const survivors = await seedSurvivors(cluster.db, cluster.privacy, SURVIVORS);
  const stalled = await watchStalled(cluster, 'inbound');
  const watch = await watchDeliveries(cluster.config.REDIS_URL, cluster.config.QUEUE_PREFIX);
  try {
    const burst = Promise.all(survivors.map((s) => sendNext(at.entry.url, flows, s, 'Hola')));
    await killWhileBusy(cluster, at.doomed, 'inbound');
    await burst;
    await eventually(
      async () => (survivors.every((s: ScriptedSurvivor) => watch.count(s.phone) >= s.expected) ? true : undefined),
      120_000,
      'every survivor to get her replies',
    );
    await queuesIdle(cluster.queues, 60_000);
  } finally {
    watch.close();
    await stalled.close();
  }

  expect(stalled.ids.size).toBeGreaterThan(0);
  for (const id of stalled.ids) {
    const job = await cluster.queues.inbound.getJob(id);
    expect(await job?.getState()).toBe('completed');
    expect(job?.processedBy).toBe(at.survivor.workerName);
  }
  expect(await cluster.db.contact.count({ where: { direction: 'inbound' } })).toBe(SURVIVORS);
  for (const s of survivors) {
    const outbound = await cluster.db.contact.findMany({ where: { caseId: s.caseId, direction: 'outbound' } });
    expect(outbound.length).toBe(s.expected);
    expect(outbound.every((c) => c.status === 'sent')).toBe(true);
    expect((await received(at.entry.url, s.phone)).sort()).toEqual(outbound.map((c) => cluster.privacy.cipher.decrypt(c.textCipher!)).sort());
  }
}

describe('a worker process killed with SIGKILL in the middle of a burst', () => {
  const p = processesWith('gateway', 'worker', 'worker');

  it('loses no message and sends no reply twice', async () => {
    const [gateway, doomed, survivor] = p.processes as [RoleProcess, RoleProcess, RoleProcess];
    await burstThroughAKill(p.cluster, { entry: gateway, doomed, survivor });
    expect(await survivor.health()).toMatchObject({ status: 'ok', roles: ['worker'] });
  }, 300_000);
});

describe('a worker process killed with SIGKILL in the middle of firing check-ins', () => {
  const p = processesWith('gateway', 'worker', 'worker');

  it('sends each check-in once', async () => {
    const { cluster } = p;
    const [gateway, doomed, survivor] = p.processes as [RoleProcess, RoleProcess, RoleProcess];
    const survivors = await seedSurvivors(cluster.db, cluster.privacy, SURVIVORS);
    const due = new Date(Date.now() - 60_000);
    await cluster.db.checkIn.createMany({
      data: survivors.map((s) => ({ caseId: s.caseId, planItem: 'dia_3', flowId: 'seguimiento', dueAt: due, plannedAt: due })),
    });
    const expected = openingMessages(flows, 'seguimiento');
    expect(expected).toBeGreaterThan(0);
    const stalled = await watchStalled(cluster, 'checkins');
    const watch = await watchDeliveries(cluster.config.REDIS_URL, cluster.config.QUEUE_PREFIX);
    try {
      // The workers started before these check-ins existed: the reconciler (the job it runs every few
      // minutes, here at once) gives them their jobs, and both workers fire them.
      await cluster.queues.checkins.add('reconcile', { kind: 'reconcile' });
      await killWhileBusy(cluster, doomed, 'checkins');
      await eventually(
        async () => (survivors.every((s) => watch.count(s.phone) >= expected) ? true : undefined),
        120_000,
        'every check-in to be delivered',
      );
      await queuesIdle(cluster.queues, 60_000);
    } finally {
      watch.close();
      await stalled.close();
    }

    expect(stalled.ids.size).toBeGreaterThan(0);
    const checkIns = await cluster.db.checkIn.findMany();
    expect(checkIns).toHaveLength(SURVIVORS);
    expect(checkIns.every((c) => c.status === 'sent' && c.attempts === 1)).toBe(true);
    for (const s of survivors) {
      const outbound = await cluster.db.contact.findMany({ where: { caseId: s.caseId, direction: 'outbound' } });
      expect(outbound.length).toBe(expected);
      expect(outbound.every((c) => c.status === 'sent')).toBe(true);
      expect((await received(gateway.url, s.phone)).sort()).toEqual(outbound.map((c) => cluster.privacy.cipher.decrypt(c.textCipher!)).sort());
    }
    expect(await survivor.health()).toMatchObject({ status: 'ok', roles: ['worker'] });
  }, 300_000);
});

describe('a process with every role killed with SIGKILL while it replies from its inbound jobs', () => {
  // Two `ROLES=all` processes: each sends a turn's replies itself, right after the commit, with no
  // outbound job in between; the one killed dies with turns committed and replies half sent.
  const p = processesWith('all', 'all');

  it('loses no message and sends no reply twice', async () => {
    const [doomed, survivor] = p.processes as [RoleProcess, RoleProcess];
    // Her messages reach the survivor's webhook; the inbound queue is shared, so both take them.
    await burstThroughAKill(p.cluster, { entry: survivor, doomed, survivor });
    expect(await survivor.health()).toMatchObject({ status: 'ok', roles: ['gateway', 'worker', 'console'] });
  }, 300_000);
});
