/**
 * Turns a PostgreSQL connection URL into discrete `pg` connection fields.
 *
 * `pg` lets a `connectionString` override an explicit `database`, which once
 * made the "shadow" database silently become the main one. Everything in this
 * shim therefore passes host/port/user/password/database separately and never
 * hands a connection string to `pg`.
 */
import { userInfo } from 'node:os'

const DEFAULT_PORT = 5432

/**
 * A parsed PostgreSQL target. `password` must never be logged; use
 * {@link describeTarget} for messages.
 *
 * @typedef {object} PgTarget
 * @property {string | undefined} host      host name, IP, or unix socket directory
 * @property {number} port
 * @property {string | undefined} user
 * @property {string | undefined} password
 * @property {string} database
 * @property {string | undefined} schema     Prisma's `?schema=` parameter
 * @property {false | { rejectUnauthorized: boolean } | undefined} ssl
 * @property {number | undefined} connectTimeoutMs
 */

/**
 * Parses a `postgres://` / `postgresql://` URL (Prisma's dialect: `schema`,
 * `sslmode`, `host` for unix sockets, `connect_timeout`).
 *
 * @param {string} url
 * @returns {PgTarget}
 */
export function parseDatabaseUrl(url) {
  let parsed
  try {
    parsed = new URL(url)
  } catch {
    throw new Error('The datasource URL is not a valid URL (expected postgresql://user:password@host:port/database).')
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new Error(`Unsupported datasource URL protocol "${parsed.protocol}"; this schema engine shim only supports PostgreSQL.`)
  }
  const params = parsed.searchParams
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres'
  const socketDir = params.get('host') || undefined
  const timeout = Number(params.get('connect_timeout'))
  return {
    host: socketDir ?? (parsed.hostname ? decodeURIComponent(parsed.hostname).replace(/^\[(.*)\]$/, '$1') : undefined),
    port: parsed.port ? Number(parsed.port) : DEFAULT_PORT,
    user: parsed.username ? decodeURIComponent(parsed.username) : defaultUser(),
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database,
    schema: params.get('schema') || undefined,
    ssl: sslFromParams(params),
    connectTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : undefined,
  }
}

/**
 * The user for a URL without one, as libpq (psql) picks it: `PGUSER`, else
 * the operating-system user. (`pg` alone would read `USER`, which is not
 * always set, e.g. in containers and test workers.)
 *
 * @returns {string | undefined}
 */
function defaultUser() {
  if (process.env.PGUSER) return process.env.PGUSER
  try {
    return userInfo().username
  } catch {
    return undefined
  }
}

/**
 * Maps libpq/Prisma SSL parameters onto `pg`'s `ssl` option.
 *
 * @param {URLSearchParams} params
 * @returns {PgTarget['ssl']}
 */
function sslFromParams(params) {
  const mode = params.get('sslmode')
  if (mode === null || mode === 'disable' || mode === 'prefer' || mode === 'allow') return undefined
  const acceptInvalid = params.get('sslaccept') === 'accept_invalid_certs' || mode === 'require' || mode === 'no-verify'
  return { rejectUnauthorized: !acceptInvalid }
}

/**
 * Returns a copy of `target` pointing at another database on the same server.
 *
 * @param {PgTarget} target
 * @param {string} database
 * @returns {PgTarget}
 */
export function withDatabase(target, database) {
  return { ...target, database }
}

/**
 * Builds the discrete `pg` client/pool configuration for a target (never a
 * `connectionString`). The schema from `?schema=` becomes the session's
 * `search_path`, as with Prisma's native engine.
 *
 * @param {PgTarget} target
 * @returns {import('pg').ClientConfig}
 */
export function pgClientConfig(target) {
  /** @type {import('pg').ClientConfig} */
  const config = {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    application_name: 'prisma-schema-engine-wasm-shim',
  }
  if (target.ssl !== undefined) config.ssl = target.ssl
  if (target.connectTimeoutMs !== undefined) config.connectionTimeoutMillis = target.connectTimeoutMs
  if (target.schema !== undefined) config.options = `-c search_path=${escapeStartupOption(quoteIdent(target.schema))}`
  return config
}

/**
 * Human-readable, credential-free description of where a target lives,
 * in the same `host:port` form Prisma's error messages use.
 *
 * @param {PgTarget} target
 * @returns {string}
 */
export function describeLocation(target) {
  return `${target.host ?? 'localhost'}:${target.port}`
}

/**
 * Credential-free description of a target: `host:port/database`.
 *
 * @param {PgTarget} target
 * @returns {string}
 */
export function describeTarget(target) {
  return `${describeLocation(target)}/${target.database}`
}

/**
 * Quotes a PostgreSQL identifier (database, schema) for use in SQL text.
 *
 * @param {string} name
 * @returns {string}
 */
export function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * Escapes a value for the libpq `options` startup parameter, where spaces and
 * backslashes must be backslash-escaped.
 *
 * @param {string} value
 * @returns {string}
 */
function escapeStartupOption(value) {
  return value.replace(/[\\ ]/g, (c) => `\\${c}`)
}
