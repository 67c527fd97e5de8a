import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { Redis } from 'ioredis';

/** CPU seconds PostgreSQL and Redis spent so far, as {@link serverCpu} reads them. */
export interface ServerCpu {
  /** CPU of the PostgreSQL backends connected to the benchmark's database, or `null` if unreadable. */
  postgres: number | null;
  /** CPU of the whole Redis server (shared with anything else using it). */
  redis: number;
}

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of process `pid` (Linux `/proc`), or `null` when it cannot be read. */
export async function processCpu(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * Reads the CPU PostgreSQL spent for the database of `databaseUrl` (its backends' `/proc` counters:
 * only when the server runs on this machine) and Redis spent (`INFO cpu`), to be subtracted from a
 * later reading. On two cores the service competes with both, so their share per message counts.
 */
export async function serverCpu(databaseUrl: string, redisUrl: string): Promise<ServerCpu> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const redis = new Redis(redisUrl);
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    const cpus = await Promise.all(rows.map((row) => processCpu(row.pid)));
    const info = await redis.info('cpu');
    const redisCpu = ['used_cpu_user', 'used_cpu_sys'].reduce((sum, key) => sum + Number(new RegExp(`${key}:([\\d.]+)`).exec(info)?.[1] ?? 0), 0);
    return { postgres: cpus.some((c) => c === null) ? null : cpus.reduce<number>((a, b) => a + b!, 0), redis: redisCpu };
  } finally {
    await client.end();
    redis.disconnect();
  }
}
