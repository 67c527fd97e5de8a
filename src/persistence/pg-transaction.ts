import type pg from 'pg';

/**
 * Runs `work` in one transaction on one connection of `pool`: `COMMIT` when it returns, `ROLLBACK`
 * when it throws (the error is thrown on). For writes that are plain SQL from start to end (a bulk
 * import, a case's turn), where Prisma's interactive transaction would add its own work to every
 * statement. A connection lost mid-transaction is discarded, not returned to the pool. `begin` is the
 * simple-protocol text that opens it (`BEGIN` and, in the same round trip, a first statement without
 * parameters, such as a row lock).
 *
 * @example
 * await inTransaction(poolOf(db), (client) => client.query('UPDATE "Case" SET …'));
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onLost = (error: Error) => {
    broken = error;
  };
  client.on('error', onLost);
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
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
