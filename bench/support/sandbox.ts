import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { ensureDatabase, quoteIdentifier } from '../../src/persistence/ensure-database.js';
import { migrateDatabase } from '../../src/persistence/migrate.js';

/** A database and a Redis prefix of a benchmark's own, removed afterwards. */
export interface BenchSandbox {
  config: Config;
  /** Bytes Redis uses now (INFO memory). */
  redisMemory(): Promise<number>;
  dispose(): Promise<void>;
}

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://localhost:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * What every benchmarked service is given for the simulated phones: each writes dozens of times a
 * minute, far past what a person does, and the flood guard (`FLOOD_MAX_MESSAGES`, 30 a minute) refused
 * them whenever a run's phases fell inside one of its minutes. At its maximum the guard still counts
 * every message, so its cost stays in the figures.
 */
export const BENCH_PHONES_ENV = { FLOOD_MAX_MESSAGES: '10000' } as const;

/** A database kept between runs instead of a fresh one: its name, and that `dispose` leaves it. */
export interface KeptDatabase {
  /** Suffix of the database's name (`acompana_bench_<name>`). */
  name: string;
}

/**
 * Creates and migrates a fresh database and reserves a Redis prefix, with `env` on top of the config.
 * With `kept`, the database has a fixed name, is reused when it exists (migrated again, so new
 * migrations apply to it) and is not dropped by `dispose`.
 */
export async function createSandbox(env: Record<string, string> = {}, kept?: KeptDatabase): Promise<BenchSandbox> {
  const suffix = randomBytes(4).toString('hex');
  const url = new URL(POSTGRES_URL);
  url.pathname = `/acompana_bench_${kept ? kept.name : suffix}`;
  const config = loadConfig({
    DATABASE_URL: url.toString(),
    REDIS_URL,
    QUEUE_PREFIX: `acompana-bench-${suffix}`,
    MIGRATE_ON_START: 'false',
    LOG_LEVEL: 'silent',
    ...BENCH_PHONES_ENV,
    ...env,
  });
  await ensureDatabase(config.DATABASE_URL);
  await migrateDatabase(config.DATABASE_URL);
  const redis = new Redis(REDIS_URL);
  return {
    config,
    async redisMemory() {
      const info = await redis.info('memory');
      return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
    },
    async dispose() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.QUEUE_PREFIX}:*`, 'COUNT', 5000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
      if (kept) return;
      const admin = new pg.Client({ connectionString: loadConfig({ DATABASE_URL: POSTGRES_URL }).DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(new URL(config.DATABASE_URL).pathname.slice(1))} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** The p-th percentile (0–100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
