import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

/** The Prisma client of the case database. */
export type Database = PrismaClient;

/**
 * Creates a Prisma client for `databaseUrl`. Nothing connects until the first query.
 *
 * @example
 * const db = createDatabase('postgresql://root@127.0.0.1:5432/acompana');
 * await db.staff.count();
 * await db.$disconnect();
 */
export function createDatabase(databaseUrl: string, options: { poolSize?: number } = {}): Database {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
  });
  return new PrismaClient({ adapter });
}
