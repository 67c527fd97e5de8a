/**
 * Server-level database administration the WASM engine leaves to its host:
 * checking that a database is reachable, creating it, dropping it.
 * Statements that cannot run inside the target database itself are sent
 * through a maintenance database (`postgres`, falling back to `template1`).
 */
import pg from 'pg'
import { pgClientConfig, quoteIdent, withDatabase } from './connection.mjs'

const MAINTENANCE_DATABASES = ['postgres', 'template1']

/**
 * Opens a single connection to `target`, runs `work`, and always closes it.
 *
 * @template T
 * @param {import('./connection.mjs').PgTarget} target
 * @param {(client: pg.Client) => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function withClient(target, work) {
  const client = new pg.Client(pgClientConfig(target))
  client.on('error', () => {})
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Runs `work` on a connection to a maintenance database of the target's
 * server (never the target database itself).
 *
 * @template T
 * @param {import('./connection.mjs').PgTarget} target
 * @param {(client: pg.Client) => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function withMaintenanceClient(target, work) {
  const candidates = MAINTENANCE_DATABASES.filter((db) => db !== target.database)
  let lastError
  for (const db of candidates) {
    try {
      return await withClient(withDatabase(target, db), work)
    } catch (error) {
      // Only fall through to the next maintenance database when this one is missing.
      if (/** @type {any} */ (error)?.code !== '3D000') throw error
      lastError = error
    }
  }
  throw lastError ?? new Error('No maintenance database available')
}

/**
 * Connects to the target database and runs a trivial query.
 * Rejects with the driver error (e.g. code `3D000` if it does not exist).
 *
 * @param {import('./connection.mjs').PgTarget} target
 * @returns {Promise<void>}
 */
export async function checkConnection(target) {
  await withClient(target, (client) => client.query('SELECT 1'))
}

/**
 * Tells whether a database exists on the target's server.
 *
 * @param {import('./connection.mjs').PgTarget} target
 * @param {string} database
 * @returns {Promise<boolean>}
 */
export async function databaseExists(target, database) {
  return withMaintenanceClient(target, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    return (rowCount ?? 0) > 0
  })
}

/**
 * Creates a database on the target's server.
 *
 * @param {import('./connection.mjs').PgTarget} target
 * @param {string} database
 * @returns {Promise<void>}
 */
export async function createDatabase(target, database) {
  await withMaintenanceClient(target, (client) => client.query(`CREATE DATABASE ${quoteIdent(database)}`))
}

/**
 * Drops a database, terminating any session still connected to it
 * (`WITH (FORCE)`, PostgreSQL 13+). A missing database is not an error.
 *
 * @param {import('./connection.mjs').PgTarget} target
 * @param {string} database
 * @returns {Promise<void>}
 */
export async function dropDatabase(target, database) {
  await withMaintenanceClient(target, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`),
  )
}
