/**
 * Error translation: PostgreSQL driver errors to Prisma's user-facing error
 * codes (P1000...), and any thrown value to the JSON-RPC error object the
 * Prisma CLI expects from a schema engine.
 */
import { describeLocation } from './connection.mjs'

/**
 * An error carrying a Prisma error code, rendered by the CLI as `Pxxxx: message`.
 */
export class EngineError extends Error {
  /**
   * @param {string} message
   * @param {string} [code]  Prisma error code
   */
  constructor(message, code) {
    super(message)
    this.name = 'EngineError'
    this.code = code
  }
}

/** JSON-RPC error code the native schema engine uses for all its errors. */
const ENGINE_ERROR_CODE = 4466

/**
 * A Prisma user-facing error: optional `P…` code and a message.
 *
 * @typedef {{ error_code?: string, message: string }} UserFacingError
 */

/**
 * Translates a `pg` connection/driver error into a Prisma user-facing error
 * for `target` (messages follow the native engine's wording; no credentials).
 *
 * @param {any} error
 * @param {import('./connection.mjs').PgTarget} target
 * @returns {UserFacingError}
 */
export function userFacingDriverError(error, target) {
  const location = describeLocation(target)
  switch (error?.code) {
    case '3D000':
      return { error_code: 'P1003', message: `Database \`${target.database}\` does not exist on the database server at \`${location}\`.` }
    case '42P04':
      return { error_code: 'P1009', message: `Database \`${target.database}\` already exists on the database server at \`${location}\`` }
    case '28P01':
    case '28000':
      return {
        error_code: 'P1000',
        message: `Authentication failed against database server, the provided database credentials for \`${target.user ?? ''}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${location}\`.`,
      }
    case '42501':
      return { error_code: 'P1010', message: `User \`${target.user ?? ''}\` was denied access on the database \`${target.database}\`` }
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENOENT':
      return { error_code: 'P1001', message: `Can't reach database server at \`${location}\`\n\nPlease make sure your database server is running at \`${location}\`.` }
    case 'ETIMEDOUT':
      return { error_code: 'P1002', message: `The database server at \`${location}\` was reached but timed out.` }
    default:
      if (/timeout/i.test(String(error?.message))) {
        return { error_code: 'P1002', message: `The database server at \`${location}\` was reached but timed out.` }
      }
      return { message: String(error?.message ?? error) }
  }
}

/**
 * Replaces `External error id#N` markers in a WASM engine message with the
 * message of the JavaScript error the driver adapter registered under N.
 *
 * @param {string} message
 * @param {{ consumeError(id: number): { error: unknown } | undefined } | undefined} registry
 * @returns {string}
 */
export function explainExternalErrors(message, registry) {
  if (!registry) return message
  return message.replace(/External error id#(\d+)/g, (marker, id) => {
    const entry = registry.consumeError(Number(id))
    const original = /** @type {any} */ (entry?.error)
    return original?.message ? `${marker}: ${original.message}` : marker
  })
}

/**
 * Builds the JSON-RPC `error` member for a failed request, in the native
 * engine's shape: `{ code, message, data: { is_panic, message, error_code? } }`.
 *
 * @param {any} error  anything thrown by the engine or the shim
 * @param {object} [options]
 * @param {{ consumeError(id: number): { error: unknown } | undefined }} [options.registry]  the bound adapter factory's error registry
 * @param {string} [options.panicMessage]  the Rust panic message, when the engine panicked
 * @returns {{ code: number, message: string, data: { is_panic: boolean, message: string, error_code?: string, meta?: unknown } }}
 */
export function toRpcError(error, { registry, panicMessage } = {}) {
  const isPanic = error instanceof WebAssembly.RuntimeError
  const raw = isPanic && panicMessage ? panicMessage : String(error?.message ?? error)
  const message = explainExternalErrors(raw, registry)
  /** @type {{ is_panic: boolean, message: string, error_code?: string, meta?: unknown }} */
  const data = { is_panic: isPanic, message }
  const code = error?.error_code ?? error?.code
  if (typeof code === 'string' && /^P\d{4}$/.test(code)) data.error_code = code
  if (error?.meta !== undefined) data.meta = error.meta
  return { code: ENGINE_ERROR_CODE, message: 'An error happened. Check the data field for details.', data }
}
