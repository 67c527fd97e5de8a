import { hostname } from 'node:os';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { createDatabase, type Database } from '../../src/persistence/database.js';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { createQueues, type PipelineQueues } from '../../src/scheduling/queues.js';
import { bullConnection } from '../../src/scheduling/redis.js';
import { runMain, type MainProcess } from './run-main.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { createTestRedis, type TestRedis } from './test-redis.js';
import { eventually } from './test-service.js';

/** One service process (`dist/main.js`, as `npm start` runs it) of a {@link RoleCluster}, listening. */
export interface RoleProcess {
  main: MainProcess;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The name its queue workers record on each job they take (`processedBy`). */
  workerName: string;
  /** Its `/healthz` body. */
  health(): Promise<Record<string, unknown>>;
}

/**
 * Processes of the service started as `npm start` starts them, each with its own `ROLES`, sharing this
 * test file's own database and Redis prefix; and, in the test, a database client, the keys the
 * processes use and the queues, to seed data and look at jobs.
 */
export interface RoleCluster {
  config: Config;
  db: Database;
  privacy: PrivacyTools;
  queues: PipelineQueues;
  /** Starts a process with `ROLES=roles` (and `env` on top of the cluster's), once it listens. */
  start(roles: string, env?: Record<string, string>): Promise<RoleProcess>;
  /** Stops every process still running (SIGTERM, then SIGKILL), drops the database, removes the keys. */
  stop(): Promise<void>;
}

/** Starts no process yet: `env` is what every process of the cluster gets (small locks, concurrency…). */
export async function createRoleCluster(env: Record<string, string> = {}): Promise<RoleCluster> {
  const database: TestDatabase = await createTestDatabase();
  const redis: TestRedis = createTestRedis();
  const shared = {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: redis.prefix,
    MIGRATE_ON_START: 'false',
    LOG_LEVEL: 'info',
    PORT: '0',
    ...env,
  };
  const config = loadConfig(shared);
  const db = createDatabase(config.DATABASE_URL);
  const queues = createQueues(bullConnection(config.REDIS_URL), config.QUEUE_PREFIX, () => undefined);
  const processes: MainProcess[] = [];
  return {
    config,
    db,
    privacy: { cipher: new FieldCipher(config.DATA_KEYS), hashPhone: phoneHasher(config.PHONE_HASH_KEY) },
    queues,
    async start(roles, extra = {}) {
      const main = runMain({ ...shared, ROLES: roles, ...extra });
      processes.push(main);
      const port = await eventually(
        async () => {
          const line = main
            .stdout()
            .split('\n')
            .find((l) => l.includes('"msg":"Acompaña is running"'));
          if (line) return (JSON.parse(line) as { port: number }).port;
          const early = await Promise.race([main.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 0))]);
          if (early) throw new Error(`ROLES=${roles} exited (${early.code ?? early.signal}): ${early.stderr.slice(-500)}`);
          return undefined;
        },
        90_000,
        `the ROLES=${roles} process to listen`,
      );
      const url = `http://127.0.0.1:${port}`;
      return {
        main,
        url,
        workerName: `${hostname()}:${main.pid}`,
        health: async () => (await fetch(`${url}/healthz`)).json() as Promise<Record<string, unknown>>,
      };
    },
    async stop() {
      await Promise.all(
        processes.map(async (main) => {
          main.kill('SIGTERM');
          const timer = setTimeout(() => main.kill('SIGKILL'), 20_000);
          await main.exited;
          clearTimeout(timer);
        }),
      );
      await queues.close();
      await db.$disconnect();
      await database.drop();
      await redis.clean();
    },
  };
}
