import pg from 'pg';

/** What `pg`'s connection offers a query as it is sent (the extended protocol's messages). */
interface ProtocolConnection {
  execute(config: { portal: string }): void;
  parse(config: { text: string; name?: string; types?: unknown[] }): void;
  bind(config: { portal?: string; statement?: string; values?: unknown[] }): void;
  sync(): void;
}

/**
 * A `pg` query (extended protocol: parse once per connection when named, bind, execute) followed by
 * `COMMIT` under the same `Sync`: both go in one write and come back in one round trip. If the query
 * fails, PostgreSQL skips the rest up to the `Sync`, so `COMMIT` never runs and the transaction stays
 * open and failed, for the caller's `ROLLBACK`; if `COMMIT` itself fails, the transaction is gone.
 * Either error rejects. `pg` calls `_getRows` to send the execution and the `Sync` after it (for a
 * query in the extended protocol, which this one always is); this adds the `COMMIT` (an unnamed
 * statement, no parameters) in between.
 */
class QueryThenCommit extends pg.Query {
  /** Always the extended protocol, also without parameters, so `_getRows` is where it ends. */
  requiresPreparation(): boolean {
    return true;
  }

  _getRows(connection: ProtocolConnection): void {
    connection.execute({ portal: '' });
    connection.parse({ text: 'COMMIT', name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: [] });
    connection.execute({ portal: '' });
    connection.sync();
  }
}

/**
 * Runs `query` and then `COMMIT` on `client`, inside the transaction the client holds, in one round
 * trip (see {@link QueryThenCommit}). Resolves once both are done.
 *
 * @example
 * await queryThenCommit(client, { name: 'w-…', text: 'WITH w0 AS (…) SELECT 1', values });
 */
export function queryThenCommit(client: pg.ClientBase, query: { name?: string; text: string; values: unknown[] }): Promise<void> {
  return new Promise((resolve, reject) => {
    void client.query(new QueryThenCommit(query, (error: Error | undefined) => (error ? reject(error) : resolve())));
  });
}
