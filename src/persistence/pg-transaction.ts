import type pg from 'pg';

/**
 * Runs `work` in one transaction on one connection of `pool`: `COMMIT` when it returns, `ROLLBACK`
 * when it throws (the error is thrown on). For writes that are plain SQL from start to end (a bulk
 * import, a case's turn), where Prisma's interactive transaction would add its own work to every
 * statement. A connection lost mid-transaction is discarded, not returned to the pool. `begin` is the
 * simple-protocol text that opens it (`BEGIN` and, in the same round trip, first statements without
 * parameters, such as a row lock); `work` gets the connection and what that text returned (one result
 * per statement when it holds several). `commit` ends it once `work` returned (by default
 * `COMMIT`; a caller may send its last writes with it).
 *
 * @example
 * await inTransaction(poolOf(db), (client) => client.query('UPDATE "Case" SET …'));
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, opened: pg.QueryResult | pg.QueryResult[]) => Promise<T>,
  begin = 'BEGIN',
  commit: (client: pg.PoolClient) => Promise<unknown> = (client) => client.query('COMMIT'),
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onLost = (error: Error) => {
    broken = error;
  };
  client.on('error', onLost);
  try {
    const opened = (await client.query(begin)) as pg.QueryResult | pg.QueryResult[];
    const result = await work(client, opened);
    await commit(client);
    return result;
  } catch (error) {
    if (!broken) {
      await client.query('ROLLBACK').catch((failure: unknown) => {
        broken = failure instanceof Error ? failure : new Error(String(failure));
      });
    }
    throw error;
  } finally {
    client.off('error', onLost);
    client.release(broken);
  }
}
