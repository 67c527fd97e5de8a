/**
 * The lifetime of one WASM engine inside a shim process: created lazily on
 * the first request that needs it, bound to its driver adapter factory, and
 * closed (connections ended, leftover shadow databases dropped) at exit.
 */
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import { createMigrationAdapterFactory } from './adapter.mjs'
import { databaseExists } from './admin.mjs'
import { withDatabase } from './connection.mjs'
import { EngineError, explainExternalErrors } from './errors.mjs'
import { createWasmEngine } from './wasm-engine.mjs'

/** Database the engine attaches to when the datasource database does not exist and is not needed. */
const STANDBY_DATABASE = 'postgres'

/**
 * @typedef {object} EngineSession
 * @property {(options?: { databaseOptional?: boolean }) => Promise<any>} engine
 *   The engine. With `databaseOptional` (a diff between schema files and
 *   migrations only) a missing datasource database is tolerated: the engine
 *   attaches to the server's `postgres` database instead, which it only
 *   probes. Shadow databases are still created on the same server.
 * @property {() => any} registry  error registry of the current adapter factory (for `External error id#N`)
 * @property {() => Promise<void>} close
 */

/**
 * Creates an engine session.
 *
 * @param {object} options
 * @param {[string, string][]} options.datamodels  `[path, content]` of the Prisma schema files
 * @param {import('./connection.mjs').PgTarget | undefined} options.main  the datasource database
 * @param {import('./connection.mjs').PgTarget | undefined} options.shadow  configured shadow database, if any
 * @param {((message: string) => void) | undefined} options.trace
 * @param {(line: string) => void} options.onLog  receives the engine's log lines
 * @returns {EngineSession}
 */
export function createEngineSession({ datamodels, main, shadow, trace, onLog }) {
  /** @type {ReturnType<typeof createMigrationAdapterFactory>[]} */
  const factories = []
  /** @type {any} */
  let registry
  /** @type {Promise<any> | undefined} */
  let engine

  /** @param {import('./connection.mjs').PgTarget} target */
  async function start(target) {
    const factory = createMigrationAdapterFactory({ main: target, shadow, trace })
    factories.push(factory)
    const bound = bindMigrationAwareSqlAdapterFactory(factory)
    registry = /** @type {any} */ (bound).errorRegistry
    try {
      return await createWasmEngine({
        datamodels: datamodels.length > 0 ? datamodels : undefined,
        adapterFactory: bound,
        onLog,
      })
    } catch (error) {
      const err = /** @type {any} */ (error)
      throw new EngineError(explainExternalErrors(String(err?.message ?? err), registry).trim(), err?.code)
    }
  }

  return {
    engine({ databaseOptional = false } = {}) {
      if (!main) {
        return Promise.reject(new EngineError('The datasource URL is missing: set `datasource.url` in prisma.config.ts.'))
      }
      engine ??= start(main)
        .catch(async (error) => {
          if (!databaseOptional || main.database === STANDBY_DATABASE) throw error
          if (await databaseExists(main, main.database).catch(() => true)) throw error
          trace?.(`database ${main.database} does not exist; attaching the engine to ${STANDBY_DATABASE}`)
          return start(withDatabase(main, STANDBY_DATABASE))
        })
        .catch((error) => {
          engine = undefined // let a later request retry, e.g. after `createDatabase`
          throw error
        })
      return engine
    },
    registry: () => registry,
    async close() {
      for (const factory of factories) await factory.close()
    },
  }
}
