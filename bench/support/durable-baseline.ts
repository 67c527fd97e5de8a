import { randomBytes, randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import pg from 'pg';

/**
 * The durable-turn limit of this machine, with no service code: BullMQ jobs that each run one
 * PostgreSQL transaction locking a case row and writing three rows (her message, the session, the
 * reply), then one update marking the reply sent. Closed loop: `cases` cases, each with one job in
 * flight, the next added as soon as the previous completed (or, with `offered`, an open loop at that
 * rate, each job's time from its add to its completion in `latencies`); the worker runs `concurrency` at once
 * on a pool of as many connections. Its tables are its own (`durable_*`, dropped afterwards) in the
 * database of `databaseUrl`, so it runs on the same server as the pipeline it is compared with.
 *
 * Per job, on one connection: `BEGIN`, `SELECT … FOR UPDATE` of the case, an `INSERT` of her message,
 * an upsert of the session, an `INSERT` of the reply, `COMMIT`; then, outside the transaction, the
 * `UPDATE` marking the reply sent. Texts are 200 random bytes, as sealed texts are about that long.
 */
export async function durableBaseline(options: {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  concurrency: number;
  seconds: number;
  cases?: number;
  /**
   * Jobs offered per second (open loop, at most one in flight per case) instead of the closed loop:
   * the latency a durable turn has at that load on this machine, from its add to its completion.
   */
  offered?: number;
}): Promise<{ jobsPerSecond: number; jobs: number; latencies: number[] }> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency });
  const cases = Array.from({ length: options.cases ?? 400 }, () => randomUUID());
  await pool.query(`
    DROP TABLE IF EXISTS durable_message, durable_session, durable_case;
    CREATE TABLE durable_case (id uuid PRIMARY KEY, turns int NOT NULL DEFAULT 0);
    CREATE TABLE durable_session (case_id uuid PRIMARY KEY REFERENCES durable_case, state bytea NOT NULL, updated_at timestamptz NOT NULL);
    CREATE TABLE durable_message (id uuid PRIMARY KEY, case_id uuid NOT NULL REFERENCES durable_case, direction text NOT NULL,
      status text NOT NULL, text bytea NOT NULL, created_at timestamptz NOT NULL);
    CREATE INDEX ON durable_message (case_id, created_at)`);
  await pool.query(`INSERT INTO durable_case (id) SELECT unnest($1::uuid[])`, [cases]);
  await pool.query('ANALYZE durable_case');

  const connection = { url: options.redisUrl, maxRetriesPerRequest: null };
  const prefix = `${options.prefix}-durable`;
  const queue = new Queue<{ caseId: string }>('durable', { connection, prefix });
  const text = () => randomBytes(200);
  let completed = 0;
  let counting = false;
  let stopping = false;
  const worker = new Worker<{ caseId: string }>(
    'durable',
    async (job) => {
      const client = await pool.connect();
      const reply = randomUUID();
      try {
        await client.query('BEGIN');
        await client.query({ name: 'lock', text: 'SELECT id FROM durable_case WHERE id = $1 FOR UPDATE', values: [job.data.caseId] });
        await client.query({
          name: 'message',
          text: `INSERT INTO durable_message VALUES ($1, $2, 'inbound', 'received', $3, now())`,
          values: [randomUUID(), job.data.caseId, text()],
        });
        await client.query({
          name: 'session',
          text: `INSERT INTO durable_session VALUES ($1, $2, now()) ON CONFLICT (case_id) DO UPDATE SET state = excluded.state, updated_at = now()`,
          values: [job.data.caseId, text()],
        });
        await client.query({ name: 'reply', text: `INSERT INTO durable_message VALUES ($1, $2, 'outbound', 'queued', $3, now())`, values: [reply, job.data.caseId, text()] });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
      await pool.query({ name: 'sent', text: `UPDATE durable_message SET status = 'sent' WHERE id = $1`, values: [reply] });
    },
    { connection, prefix, concurrency: options.concurrency },
  );
  const addedAt = new Map<string, number>();
  const latencies: number[] = [];
  const add = (caseId: string) => {
    addedAt.set(caseId, performance.now());
    return queue.add('turn', { caseId }, { removeOnComplete: true, removeOnFail: true });
  };
  worker.on('completed', (job) => {
    const since = addedAt.get(job.data.caseId);
    addedAt.delete(job.data.caseId);
    if (counting) {
      completed += 1;
      if (since !== undefined) latencies.push(performance.now() - since);
    }
    if (!stopping && options.offered === undefined) void add(job.data.caseId);
  });
  let offer: NodeJS.Timeout | undefined;
  if (options.offered === undefined) {
    await queue.addBulk(cases.map((caseId) => ({ name: 'turn', data: { caseId }, opts: { removeOnComplete: true, removeOnFail: true } })));
  } else {
    // As many jobs as the rate owes by now, each for a case with none in flight, as the pipeline's open loop does.
    const perSecond = options.offered;
    const from = performance.now();
    let offered = 0;
    let next = 0;
    offer = setInterval(() => {
      const owed = Math.floor(((performance.now() - from) / 1000) * perSecond);
      for (; offered < owed; offered += 1) {
        for (let tries = 0; tries < cases.length; tries += 1) {
          const caseId = cases[next++ % cases.length]!;
          if (!addedAt.has(caseId)) {
            void add(caseId);
            break;
          }
        }
      }
    }, Math.max(1, Math.floor(1000 / perSecond)));
  }
  // A second not counted: connections open, statements get prepared.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  counting = true;
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
  const jobs = completed;
  const elapsed = (performance.now() - started) / 1000;
  counting = false;
  stopping = true;
  clearInterval(offer);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await pool.query('DROP TABLE durable_message, durable_session, durable_case');
  await pool.end();
  return { jobsPerSecond: jobs / elapsed, jobs, latencies };
}
