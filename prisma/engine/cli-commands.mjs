/**
 * The engine's one-shot `cli` sub-commands, which the Prisma CLI runs as
 * `schema-engine --datasource '{"url":…}' cli <command>` before `migrate`
 * commands: `can-connect-to-database`, `create-database`, `drop-database`.
 *
 * Failures are reported like the native binary does: exit code 1 and JSON log
 * lines on stderr, the error carrying `fields.error_code` and `fields.message`
 * with target `schema_engine::logger` (the CLI ignores the first stderr line).
 */
import { checkConnection, createDatabase, dropDatabase } from './admin.mjs'
import { userFacingDriverError } from './errors.mjs'

/**
 * Runs one `cli` sub-command against `target` and returns the exit code.
 *
 * @param {string} command
 * @param {import('./connection.mjs').PgTarget | undefined} target  undefined when no URL was given
 * @param {NodeJS.WritableStream} stderr
 * @returns {Promise<number>}
 */
export async function runCliCommand(command, target, stderr) {
  logLine(stderr, 'INFO', { message: `Starting schema engine CLI (${command})` })
  if (!target) {
    logLine(stderr, 'ERROR', { is_panic: false, message: 'Connection url is empty. See https://pris.ly/d/config-url' })
    return 1
  }
  try {
    switch (command) {
      case 'can-connect-to-database':
        await checkConnection(target)
        break
      case 'create-database':
        await createDatabase(target, target.database)
        break
      case 'drop-database':
        await dropDatabase(target, target.database)
        break
      default:
        logLine(stderr, 'ERROR', { message: `Unknown cli command: ${command}` })
        return 1
    }
    return 0
  } catch (error) {
    const { error_code, message } = userFacingDriverError(error, target)
    logLine(stderr, 'ERROR', { is_panic: false, ...(error_code ? { error_code } : {}), message })
    return 1
  }
}

/**
 * Writes one log line in the native engine's JSON tracing format.
 *
 * @param {NodeJS.WritableStream} stream
 * @param {'INFO' | 'ERROR'} level
 * @param {Record<string, unknown>} fields
 */
function logLine(stream, level, fields) {
  stream.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target: 'schema_engine::logger' })}\n`)
}
