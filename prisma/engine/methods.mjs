/**
 * The schema engine JSON-RPC methods the Prisma CLI calls, mapped onto the
 * WASM engine. Most are forwarded unchanged; the rest adapt differences
 * between the native binary and the WASM build.
 */
import { createDatabase } from './admin.mjs'
import { parseDatabaseUrl } from './connection.mjs'
import { EngineError, userFacingDriverError } from './errors.mjs'

/** Methods with the same name and parameters in the native and WASM engines. */
const FORWARDED = new Set([
  'applyMigrations',
  'dbExecute',
  'devDiagnostic',
  'diagnoseMigrationHistory',
  'ensureConnectionValidity',
  'introspect',
  'introspectSql',
  'markMigrationApplied',
  'markMigrationRolledBack',
  'reset',
  'schemaPush',
])

/**
 * Methods that diff against the schema produced by the migration history.
 * The WASM engine can only build that schema with a shadow database inside
 * `devDiagnostic`/`diagnoseMigrationHistory` (which cache it); these two
 * methods read the cache and fail when it misses.
 */
const NEEDS_MIGRATIONS_SCHEMA = new Set(['evaluateDataLoss', 'createMigration'])

/** `diff` sources that never read the datasource database (migrations use a shadow database). */
const OFFLINE_DIFF_TARGETS = new Set(['empty', 'schemaDatamodel', 'migrations'])

/** Message of the WASM engine when a migration-history schema is needed outside the cache. */
const NO_SHADOW_FACTORY = /shadow DB must be provided through an external factory/

/**
 * @typedef {object} MethodContext
 * @property {(options?: { databaseOptional?: boolean }) => Promise<any>} engine  the (lazily created) WASM engine
 * @property {(content: string) => Promise<void>} print  asks the CLI to print to its stdout
 * @property {import('./connection.mjs').PgTarget | undefined} datasource  the `--datasource` database
 */

/**
 * Serves one JSON-RPC request from the Prisma CLI.
 *
 * @param {MethodContext} context
 * @param {string} method
 * @param {any} params
 * @returns {Promise<unknown>}
 */
export async function callMethod(context, method, params) {
  if (NEEDS_MIGRATIONS_SCHEMA.has(method)) {
    const engine = await context.engine()
    return withMigrationsSchemaCached(engine, method, params)
  }
  if (FORWARDED.has(method)) {
    const engine = await context.engine()
    return engine[method](params)
  }
  switch (method) {
    case 'diff': {
      // The native engine prints the diff through a `print` request and leaves
      // `stdout` empty; the CLI ignores `stdout`, so do the same.
      const databaseOptional = [params?.from, params?.to].every((side) => OFFLINE_DIFF_TARGETS.has(side?.tag))
      const engine = await context.engine({ databaseOptional })
      const result = await engine.diff(params)
      if (typeof result.stdout === 'string' && result.stdout !== '') await context.print(result.stdout)
      return { exitCode: result.exitCode, stdout: null }
    }
    case 'getDatabaseVersion': {
      const engine = await context.engine()
      return engine.version(params ?? undefined)
    }
    case 'createDatabase':
      return createDatabaseFromParam(context, params)
    case 'debugPanic':
      throw new WebAssembly.RuntimeError('This is the debugPanic artificial panic')
    default:
      throw new EngineError(`Method not supported by the WASM schema engine shim: ${method}`)
  }
}

/**
 * `createDatabase`: the WASM engine cannot create the database it connects
 * to, so the shim does it on the server.
 *
 * @param {MethodContext} context
 * @param {{ datasource?: { tag: string, url?: string } }} params
 * @returns {Promise<{ databaseName: string }>}
 */
async function createDatabaseFromParam(context, params) {
  const source = params?.datasource
  const target = source?.tag === 'ConnectionString' && source.url ? parseDatabaseUrl(source.url) : context.datasource
  if (!target) throw new EngineError('No datasource URL to create a database from.')
  try {
    await createDatabase(target, target.database)
  } catch (error) {
    const { message, error_code } = userFacingDriverError(error, target)
    throw new EngineError(message, error_code)
  }
  return { databaseName: target.database }
}

/**
 * Runs `evaluateDataLoss` / `createMigration`. On a cache miss for the
 * migration history's schema (the case when `migrate dev` has just applied
 * pending migrations, so the history differs from what `devDiagnostic` saw),
 * it fills the cache with `diagnoseMigrationHistory` on a shadow database,
 * which now covers every migration, and retries once.
 *
 * @param {any} engine
 * @param {string} method
 * @param {any} params
 * @returns {Promise<unknown>}
 */
async function withMigrationsSchemaCached(engine, method, params) {
  try {
    return await engine[method](params)
  } catch (error) {
    if (!NO_SHADOW_FACTORY.test(String(/** @type {any} */ (error)?.message))) throw error
    await engine.diagnoseMigrationHistory({
      migrationsList: params.migrationsList,
      optInToShadowDatabase: true,
      filters: params.filters,
    })
    return engine[method](params)
  }
}
