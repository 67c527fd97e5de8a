/**
 * Loads `@prisma/schema-engine-wasm` and creates engine instances.
 *
 * The package's entry imports its `.wasm` file as an ES module, which Node 20
 * cannot do without a flag, so the bindings module is wired to a manually
 * instantiated WebAssembly module instead.
 */
import { readFile } from 'node:fs/promises'
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg'

/** @type {Promise<typeof bindings> | undefined} */
let loading

/** @type {string | undefined} */
let panicMessage

/**
 * The Rust panic message of the last WASM panic, if any. The engine reports
 * it through `globalThis.PRISMA_WASM_PANIC_REGISTRY`; the JS exception itself
 * only says `unreachable`. No engine method is safe to call after a panic.
 *
 * @returns {string | undefined}
 */
export function lastWasmPanicMessage() {
  return panicMessage
}

/**
 * Instantiates the WASM module once per process and returns the bindings
 * (`SchemaEngine`, `version`).
 *
 * @returns {Promise<typeof bindings>}
 */
export function loadWasmBindings() {
  loading ??= (async () => {
    const registry = /** @type {any} */ (globalThis)
    registry.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(/** @type {string} */ message) {
        panicMessage = message
      },
    }
    const bindingsUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
    const bytes = await readFile(new URL('./schema_engine_bg.wasm', bindingsUrl))
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings })
    const exports = /** @type {any} */ (instance.exports)
    bindings.__wbg_set_wasm(exports)
    exports.__wbindgen_start()
    return bindings
  })()
  return loading
}

/**
 * Creates a WASM schema engine bound to a migration-aware adapter factory.
 * The engine connects to the main database right away.
 *
 * @param {object} options
 * @param {[string, string][] | undefined} options.datamodels  `[path, content]` of each Prisma schema file
 * @param {object} options.adapterFactory  result of `bindMigrationAwareSqlAdapterFactory`
 * @param {(line: string) => void} options.onLog  receives the engine's JSON log lines
 * @returns {Promise<import('@prisma/schema-engine-wasm').SchemaEngine>}
 */
export async function createWasmEngine({ datamodels, adapterFactory, onLog }) {
  const { SchemaEngine } = await loadWasmBindings()
  return SchemaEngine.new({ datamodels }, onLog, adapterFactory)
}
