import pg from 'pg';

/** Runs one query on the database at `url` with its own connection, bypassing Prisma; returns the rows. */
export async function querySql<T = Record<string, unknown>>(url: string, query: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(query, values)).rows as T[];
  } finally {
    await client.end();
  }
}
