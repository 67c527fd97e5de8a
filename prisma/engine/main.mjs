/**
 * Entry point of the schema engine shim: a stand-in for Prisma's native
 * `schema-engine` binary that forwards the CLI's JSON-RPC calls to
 * `@prisma/schema-engine-wasm` running on `@prisma/adapter-pg`.
 */
import { readFile } from 'node:fs/promises'
import { parseEngineArgs } from './args.mjs'
import { runCliCommand } from './cli-commands.mjs'
import { parseDatabaseUrl } from './connection.mjs'
import { createEngineSession } from './engine-session.mjs'
import { toRpcError } from './errors.mjs'
import { JsonRpcPeer } from './json-rpc.mjs'
import { callMethod } from './methods.mjs'
import { lastWasmPanicMessage, loadWasmBindings } from './wasm-engine.mjs'

/** Set to any non-empty value to log SQL text (never parameters) and shadow database lifecycle to stderr. */
const TRACE_ENV = 'PRISMA_SCHEMA_ENGINE_SHIM_TRACE'

/**
 * Runs the shim with the given arguments and resolves with the process exit
 * code: `cli <command>` runs once; `--version` prints; otherwise serves
 * JSON-RPC on stdin/stdout until stdin closes or SIGTERM arrives.
 *
 * @param {string[]} argv  arguments after the executable
 * @returns {Promise<number>}
 */
export async function main(argv) {
  const args = parseEngineArgs(argv)
  if (args.version) {
    const { version } = await loadWasmBindings()
    process.stdout.write(`schema-engine-cli ${version()} (wasm)\n`)
    return 0
  }
  if (args.cliCommand !== undefined) {
    const target = args.datasource?.url ? parseDatabaseUrl(args.datasource.url) : undefined
    return runCliCommand(args.cliCommand, target, process.stderr)
  }
  return serveJsonRpc(args)
}

/**
 * Serves the CLI's JSON-RPC requests until stdin ends or SIGTERM/SIGINT,
 * then closes database connections and drops leftover shadow databases.
 *
 * @param {import('./args.mjs').EngineArgs} args
 * @returns {Promise<number>}
 */
async function serveJsonRpc(args) {
  const trace = process.env[TRACE_ENV]
    ? (/** @type {string} */ message) => writeLog('DEBUG', message, 'schema_engine_shim')
    : undefined
  const datamodels = await Promise.all(
    args.datamodels.map(async (path) => /** @type {[string, string]} */ ([path, await readFile(path, 'utf8')])),
  )
  const main = args.datasource?.url ? parseDatabaseUrl(args.datasource.url) : undefined
  const shadow = args.datasource?.shadowDatabaseUrl ? parseDatabaseUrl(args.datasource.shadowDatabaseUrl) : undefined
  const session = createEngineSession({
    datamodels,
    main,
    shadow,
    trace,
    onLog: (line) => process.stderr.write(line.endsWith('\n') ? line : `${line}\n`),
  })

  const peer = new JsonRpcPeer({
    output: process.stdout,
    handle: (method, params) => {
      trace?.(`rpc: ${method}`)
      return callMethod(
        {
          engine: session.engine,
          print: async (content) => void (await peer.request('print', { content })),
          datasource: main,
        },
        method,
        params,
      )
    },
    mapError: (error) => toRpcError(error, { registry: session.registry(), panicMessage: lastWasmPanicMessage() }),
  })

  process.stdout.on('error', () => {}) // the CLI may close the pipe first
  const stopped = new Promise((resolve) => {
    process.once('SIGTERM', resolve)
    process.once('SIGINT', resolve)
  })
  await Promise.race([peer.serve(process.stdin), stopped])
  await peer.idle()
  await session.close()
  return 0
}

/**
 * Writes a log line to stderr in the engine's JSON log format.
 *
 * @param {string} level
 * @param {string} message
 * @param {string} target
 */
function writeLog(level, message, target) {
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message }, target })}\n`)
}
