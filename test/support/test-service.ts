import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { Clock } from '../../src/app/ports.js';
import { systemClock } from '../../src/app/system-clock.js';
import { capturedLog } from './captured-log.js';
import { startService, type RunningService } from '../../src/service.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { createTestRedis, type TestRedis } from './test-redis.js';

/** A whole service on this test file's own database and Redis prefix, with its log captured. */
export interface TestService {
  service: RunningService;
  config: Config;
  database: TestDatabase;
  redis: TestRedis;
  /** Every log line written so far, as raw JSON text. */
  logText(): string;
  /** Closes the service, drops the database and removes the Redis keys. */
  stop(): Promise<void>;
}

/** Starts every role of the service the way `npm start` does, but isolated for one test file. */
export async function startTestService(
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    /** Rewrites the database URL the service uses (e.g. through a proxy). */
    databaseUrl?: (url: string) => string;
    channelSeams?: Parameters<typeof startService>[1]['channelSeams'];
    /** A database the test prepared before the service starts (dropped by `stop()`); a new one otherwise. */
    database?: TestDatabase;
  } = {},
): Promise<TestService> {
  const database = options.database ?? (await createTestDatabase());
  const redis = createTestRedis();
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl ? options.databaseUrl(database.url) : database.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: redis.prefix,
    MIGRATE_ON_START: 'false',
    LOG_LEVEL: 'info',
    WORKER_CONCURRENCY: '4',
    ...options.env,
  });
  const { log, text } = capturedLog(config.LOG_LEVEL);
  const service = await startService(config, {
    log,
    clock: options.clock ?? systemClock,
    ...(options.channelSeams ? { channelSeams: options.channelSeams } : {}),
  });
  return {
    service,
    config,
    database,
    redis,
    logText: text,
    async stop() {
      await service.close();
      await database.drop();
      await redis.clean();
    },
  };
}

/** Polls `probe` until it returns a value other than `undefined`, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
