import pg from 'pg';
import { StartupError } from '../app/errors.js';

/** Where a URL points, without its password, for messages. */
export function describeUrl(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/** Connection fields of a PostgreSQL URL, spelled out so that pg cannot mix them up. */
function connectionFields(url: string, database?: string): pg.ClientConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: database ?? decodeURIComponent(parsed.pathname.slice(1)),
    connectionTimeoutMillis: 4_000,
    ...(parsed.searchParams.get('sslmode') === 'require' ? { ssl: { rejectUnauthorized: false } } : {}),
  };
}

/**
 * Makes sure the database named in `url` exists, creating it if PostgreSQL says it does not.
 *
 * @throws StartupError `POSTGRES_UNREACHABLE` naming the address tried and how to start PostgreSQL.
 */
export async function ensureDatabase(url: string): Promise<'existed' | 'created'> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  try {
    await withClient(connectionFields(url), async () => undefined);
    return 'existed';
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw unreachable(url, error);
  }
  try {
    await withClient(connectionFields(url, 'postgres'), async (client) => {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    });
  } catch (error) {
    if ((error as { code?: string }).code === '42P04') return 'existed';
    throw unreachable(url, error);
  }
  return 'created';
}

/** Whether PostgreSQL answers `SELECT 1` within `timeoutMs`. */
export async function pingDatabase(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    await withClient({ ...connectionFields(url), connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs }, async (c) => {
      await c.query('SELECT 1');
    });
    return true;
  } catch {
    return false;
  }
}

async function withClient<T>(config: pg.ClientConfig, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Quotes a PostgreSQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function unreachable(url: string, error: unknown): StartupError {
  const reason = (error as { code?: string }).code ?? (error as Error).message;
  return new StartupError(
    'POSTGRES_UNREACHABLE',
    `PostgreSQL is not reachable at ${describeUrl(url)} (${reason}). Start it with: docker compose up -d postgres`,
    { cause: error },
  );
}
