import pg from 'pg';
import { Redis } from 'ioredis';

/** Statements sent to PostgreSQL and commands sent to Redis by this process, counted from {@link countRoundTrips}. */
export interface RoundTrips {
  postgres: number;
  redis: number;
}

/**
 * Starts counting every statement this process sends through `pg` (Prisma's adapter included) and
 * every Redis command (BullMQ included); returns a function that reads the counts so far.
 */
export function countRoundTrips(): () => RoundTrips {
  const counts: RoundTrips = { postgres: 0, redis: 0 };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    counts.postgres += 1;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  const sendCommand = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<typeof sendCommand>) {
    counts.redis += 1;
    return sendCommand.apply(this, args);
  };
  return () => ({ ...counts });
}
