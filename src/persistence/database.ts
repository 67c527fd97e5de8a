import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

/** The Prisma client of the case database. */
export type Database = PrismaClient;

const pools = new WeakMap<Database, pg.Pool>();

/**
 * Creates a Prisma client for `databaseUrl`. Nothing connects until the first query. The client runs
 * on a `pg` pool of its own, which the hot paths (a conversation turn, the outbox) also use directly
 * through {@link poolOf}, so both share one set of connections.
 *
 * @example
 * const db = createDatabase('postgresql://root@127.0.0.1:5432/acompana');
 * await db.staff.count();
 * await db.$disconnect();
 */
export function createDatabase(databaseUrl: string, options: { poolSize?: number } = {}): Database {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
  });
  // An idle connection that breaks (PostgreSQL restarted) is dropped by the pool; the next query
  // reconnects. Without a listener the error would end the process.
  pool.on('error', () => undefined);
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/** The `pg` pool under a client made by {@link createDatabase}. */
export function poolOf(db: Database): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('this database client was not made by createDatabase');
  return pool;
}
