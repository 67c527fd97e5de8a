/**
 * Finds the executable the Prisma CLI should run as its schema engine
 * (`PRISMA_SCHEMA_ENGINE_BINARY`). Used by `prisma.config.ts`.
 *
 * The CLI spawns that path directly, without a shell, so it needs the
 * executable bit. If `./schema-engine` lost it (an archive, a copy, a
 * checkout on a filesystem without modes), a one-line `sh` wrapper that runs
 * the launcher with the current Node binary is written to the temp directory
 * instead; the repository is never modified.
 */
import { createHash } from 'node:crypto'
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Absolute path of the launcher script next to this module. */
export const SCHEMA_ENGINE_LAUNCHER = fileURLToPath(new URL('./schema-engine', import.meta.url))

/**
 * Returns an absolute path the CLI can spawn as the schema engine: the
 * launcher itself when it is executable, otherwise a temp-dir wrapper.
 *
 * @returns {string}
 */
export function schemaEngineExecutable() {
  if (isExecutable(SCHEMA_ENGINE_LAUNCHER)) return SCHEMA_ENGINE_LAUNCHER
  const key = createHash('sha256').update(`${process.execPath}\0${SCHEMA_ENGINE_LAUNCHER}`).digest('hex').slice(0, 12)
  const dir = join(tmpdir(), `prisma-schema-engine-shim-${key}`)
  const wrapper = join(dir, 'schema-engine')
  const script = `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(SCHEMA_ENGINE_LAUNCHER)} "$@"\n`
  if (!isExecutable(wrapper) || readFileSync(wrapper, 'utf8') !== script) {
    mkdirSync(dir, { recursive: true })
    writeFileSync(wrapper, script, { mode: 0o755 })
  }
  return wrapper
}

/**
 * @param {string} path
 * @returns {boolean}
 */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Single-quotes a string for POSIX `sh`.
 *
 * @param {string} value
 * @returns {string}
 */
function shellQuote(value) {
  return `'${value.replaceAll("'", `'\\''`)}'`
}
