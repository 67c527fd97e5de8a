/**
 * The migration-aware driver adapter factory handed to the WASM engine:
 * `@prisma/adapter-pg` on discrete connection fields, with catalog types
 * reported as text, whole-script execution, and shadow databases that this
 * shim creates and drops itself.
 */
import { PrismaPg } from '@prisma/adapter-pg'
import { createDatabase, dropDatabase, withClient } from './admin.mjs'
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils'
import { CatalogTextClient, catalogCharColumns } from './catalog-types.mjs'
import { describeTarget, pgClientConfig, quoteIdent, withDatabase } from './connection.mjs'
import { shadowDatabaseName } from './shadow-database.mjs'

/**
 * A single session per database, as the native engine uses: PostgreSQL
 * session state (the migrate advisory lock, `search_path`) must not be spread
 * over several pooled connections.
 */
const CONNECTIONS_PER_DATABASE = 1

/**
 * @typedef {object} MigrationAdapterFactory
 * @property {'postgres'} provider
 * @property {string} adapterName
 * @property {() => Promise<object>} connect            main database
 * @property {() => Promise<object>} connectToShadowDb  fresh shadow database
 * @property {() => Promise<void>} close                dispose adapters, drop leftover shadow databases
 */

/**
 * Creates the (unbound) migration-aware adapter factory. Bind it with
 * `bindMigrationAwareSqlAdapterFactory` before giving it to the engine.
 *
 * @param {object} options
 * @param {import('./connection.mjs').PgTarget} options.main  the datasource database
 * @param {import('./connection.mjs').PgTarget} [options.shadow]  a configured `shadowDatabaseUrl`: reset and reused instead of a temporary database
 * @param {(message: string) => void} [options.trace]  receives SQL text when tracing is on (never parameters)
 * @returns {MigrationAdapterFactory}
 */
export function createMigrationAdapterFactory({ main, shadow, trace }) {
  /** @type {Set<{ dispose(): Promise<void> }>} */
  const open = new Set()
  /** @type {Set<string>} */
  const createdShadowDatabases = new Set()

  /**
   * @param {import('./connection.mjs').PgTarget} target
   * @param {() => Promise<void>} [afterDispose]
   */
  async function connectTo(target, afterDispose) {
    const pgFactory = new PrismaPg(
      { ...pgClientConfig(target), Client: CatalogTextClient, max: CONNECTIONS_PER_DATABASE },
      target.schema ? { schema: target.schema } : undefined,
    )
    const adapter = wrapAdapter(await pgFactory.connect(), trace, async () => {
      open.delete(adapter)
      await afterDispose?.()
    })
    open.add(adapter)
    return adapter
  }

  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectTo(main),
    async connectToShadowDb() {
      if (shadow) {
        await resetConfiguredShadowDatabase(main, shadow)
        return connectTo(shadow)
      }
      const name = shadowDatabaseName(main.database)
      await createDatabase(main, name)
      createdShadowDatabases.add(name)
      trace?.(`created shadow database ${name}`)
      return connectTo(withDatabase(main, name), async () => {
        await dropDatabase(main, name)
        createdShadowDatabases.delete(name)
        trace?.(`dropped shadow database ${name}`)
      })
    },
    async close() {
      for (const adapter of [...open]) await adapter.dispose().catch(() => {})
      for (const name of [...createdShadowDatabases]) {
        await dropDatabase(main, name).catch(() => {})
        createdShadowDatabases.delete(name)
      }
    },
  }
}

/**
 * Empties a user-configured shadow database (its schema, `public` by
 * default) before use, as the native engine does; the WASM engine does not.
 * Refuses when it is the main database.
 *
 * @param {import('./connection.mjs').PgTarget} main
 * @param {import('./connection.mjs').PgTarget} shadow
 * @returns {Promise<void>}
 */
async function resetConfiguredShadowDatabase(main, shadow) {
  if (describeTarget(main) === describeTarget(shadow)) {
    throw new Error(
      `The shadow database you configured (${describeTarget(shadow)}) is the same as the main database. Use a separate database for \`shadowDatabaseUrl\`, or remove it to let a temporary one be created.`,
    )
  }
  const schema = quoteIdent(shadow.schema ?? 'public')
  await withClient(shadow, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`))
}

/**
 * Wraps an adapter-pg adapter:
 * - `queryRaw` reports `"char"` catalog columns as characters, which the
 *   engine expects (it panics on text there, e.g. describing a CHECK or
 *   EXCLUDE constraint);
 * - `executeScript` sends the whole script in one simple-query round trip
 *   (adapter-pg splits on every `;`, which breaks `;` inside strings or
 *   function bodies and loses the implicit transaction that makes a failed
 *   migration script roll back as a whole, as with the native engine);
 * - `dispose` is idempotent and runs `afterDispose` (shadow database drop)
 *   once the pool is closed.
 *
 * @param {any} adapter
 * @param {((message: string) => void) | undefined} trace
 * @param {() => Promise<void>} afterDispose
 */
function wrapAdapter(adapter, trace, afterDispose) {
  /** @type {Promise<void> | undefined} */
  let disposed
  const traced = (/** @type {{ sql: string }} */ query) => {
    trace?.(`sql: ${query.sql.replace(/\s+/g, ' ').slice(0, 300)}`)
    return query
  }
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    async queryRaw(/** @type {any} */ query) {
      const result = await adapter.queryRaw(traced(query))
      for (const index of catalogCharColumns(result.rows)) result.columnTypes[index] = ColumnTypeEnum.Character
      return result
    },
    executeRaw: (/** @type {any} */ query) => adapter.executeRaw(traced(query)),
    async executeScript(/** @type {string} */ script) {
      await adapter.executeRaw(traced({ sql: script, args: [], argTypes: [] }))
    },
    async startTransaction(/** @type {any} */ isolationLevel) {
      trace?.('startTransaction')
      return adapter.startTransaction(isolationLevel)
    },
    getConnectionInfo: () => adapter.getConnectionInfo(),
    dispose() {
      disposed ??= (async () => {
        await adapter.dispose()
        await afterDispose()
      })()
      return disposed
    },
  }
}
