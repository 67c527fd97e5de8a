import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowRegistry } from '../../src/app/flow-registry.js';
import { createRoleCluster, type RoleCluster, type RoleProcess } from '../support/role-cluster.js';
import { eventually } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { received, seedSurvivors, sendNext, shippedFlows, watchDeliveries, type ScriptedSurvivor } from '../support/scripted-survivors.js';

/** What each survivor writes, one message after the replies to the previous one arrived. */
const SCRIPT = ['Hola', '1', '2'];
const SURVIVORS = 40;

let cluster: RoleCluster;
let gateway: RoleProcess;
let workers: RoleProcess[];
let flows: FlowRegistry;

beforeAll(async () => {
  cluster = await createRoleCluster({ WORKER_CONCURRENCY: '4' });
  flows = await shippedFlows();
  [gateway, ...workers] = await Promise.all([cluster.start('gateway'), cluster.start('worker'), cluster.start('worker')]);
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

describe('one gateway and two worker processes', () => {
  it('each serves /healthz with its roles, and only the gateway serves the channel', async () => {
    expect(await gateway.health()).toMatchObject({ status: 'ok', roles: ['gateway'], channel: { state: 'ready' }, workers: { status: 'running' } });
    for (const worker of workers) {
      const health = await worker.health();
      expect(health).toMatchObject({ status: 'ok', roles: ['worker'], workers: { status: 'running' } });
      expect(health).not.toHaveProperty('channel');
      const refused = await fetch(`${worker.url}/api/simulator/inbound`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(refused.status).toBe(404);
    }
    expect((await fetch(`${gateway.url}/login`)).status).toBe(404);
  });

  it('processes every message once and delivers every reply once, sharing the work', async () => {
    const survivors = await seedSurvivors(cluster.db, cluster.privacy, SURVIVORS);
    const watch = await watchDeliveries(cluster.config.REDIS_URL, cluster.config.QUEUE_PREFIX);
    try {
      const converse = async (survivor: ScriptedSurvivor) => {
        for (const text of SCRIPT) {
          await sendNext(gateway.url, flows, survivor, text);
          await eventually(async () => (watch.count(survivor.phone) >= survivor.expected ? true : undefined), 120_000, 'her replies');
        }
      };
      await Promise.all(survivors.map(converse));
    } finally {
      watch.close();
    }
    await queuesIdle(cluster.queues, 60_000);

    const messages = SURVIVORS * SCRIPT.length;
    expect(await cluster.db.contact.count({ where: { direction: 'inbound' } })).toBe(messages);
    for (const survivor of survivors) {
      const outbound = await cluster.db.contact.findMany({ where: { caseId: survivor.caseId, direction: 'outbound' } });
      expect(outbound.length).toBe(survivor.expected);
      expect(outbound.every((c) => c.status === 'sent')).toBe(true);
      const texts = outbound.map((c) => cluster.privacy.cipher.decrypt(c.textCipher!)).sort();
      expect((await received(gateway.url, survivor.phone)).sort()).toEqual(texts);
    }

    const inboundJobs = await cluster.queues.inbound.getJobs(['completed']);
    expect(inboundJobs).toHaveLength(messages);
    const takenBy = new Set(inboundJobs.map((job) => job.processedBy));
    expect(takenBy).toEqual(new Set(workers.map((w) => w.workerName)));
    const sendJobs = await cluster.queues.outbound.getJobs(['completed']);
    expect(new Set(sendJobs.map((job) => job.processedBy))).toEqual(new Set([gateway.workerName]));
  }, 240_000);
});
