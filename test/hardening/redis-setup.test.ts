import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startService } from '../../src/service.js';
import { systemClock } from '../../src/app/system-clock.js';
import { capturedLog } from '../support/captured-log.js';
import { freePort } from '../support/free-port.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const children: ChildProcess[] = [];
let dir: string;
let database: TestDatabase;
let redisPort: number;
let sentinelPort: number;

async function answers(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`nothing answers on ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acompana-sentinel-'));
  database = await createTestDatabase();
  redisPort = await freePort();
  sentinelPort = await freePort();
  // A Redis that may evict keys, as a default install often does: the service must say so at start.
  children.push(spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--maxmemory-policy', 'allkeys-lru'], { stdio: 'ignore' }));
  await answers(redisPort);
  const conf = join(dir, 'sentinel.conf');
  await writeFile(conf, `port ${sentinelPort}\nbind 127.0.0.1\nsentinel monitor acompana-main 127.0.0.1 ${redisPort} 1\n`);
  children.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
  await answers(sentinelPort);
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('Redis as BullMQ needs it', () => {
  it('reaches Redis through Sentinel and warns when maxmemory-policy is not noeviction', async () => {
    const config = loadConfig({
      DATABASE_URL: database.url,
      REDIS_URL: 'redis://127.0.0.1:1',
      REDIS_SENTINELS: `acompana-main@127.0.0.1:${sentinelPort}`,
      QUEUE_PREFIX: 'sentinel-test',
      MIGRATE_ON_START: 'false',
    });
    const { log, text } = capturedLog('info');
    const service = await startService(config, { log, clock: systemClock });
    try {
      const health = await service.server.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode, health.body).toBe(200);
      await service.queues.checkins.add('fire', { kind: 'fire', checkInId: '0193b5d6-3c1e-7000-8000-0000000000ff' }, { jobId: 'via-sentinel', delay: 60_000 });
      const direct = new Redis({ port: redisPort, host: '127.0.0.1' });
      try {
        expect(await direct.exists('sentinel-test:checkins:via-sentinel')).toBe(1);
      } finally {
        direct.disconnect();
      }
      expect(text()).toContain('maxmemory-policy is not noeviction');
    } finally {
      await service.close();
    }
  });

  it('reads a sentinel list, and refuses a malformed one naming the variable', () => {
    expect(loadConfig({ REDIS_SENTINELS: 'mymaster@10.0.0.1:26379, 10.0.0.2:26380' }).REDIS_SENTINELS).toEqual({
      name: 'mymaster',
      hosts: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
    });
    expect(() => loadConfig({ REDIS_SENTINELS: '10.0.0.1:26379' })).toThrow(/^REDIS_SENTINELS: must look like/);
  });
});
