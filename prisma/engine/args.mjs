/**
 * Command-line arguments the Prisma CLI passes to a schema engine binary:
 *
 *   schema-engine [--datamodels <file>]... [--datasource <json>]
 *                 [--enabled-preview-features <a,b>] [--extension-types <json>]
 *                 [cli <command>] | --version
 */

/**
 * @typedef {object} EngineArgs
 * @property {string[]} datamodels  Prisma schema file paths (relative to the cwd)
 * @property {{ url?: string, shadowDatabaseUrl?: string } | undefined} datasource  Prisma config `datasource`
 * @property {string[]} previewFeatures
 * @property {string | undefined} cliCommand  set for `cli <command>`
 * @property {boolean} version  `--version` / `-V`
 */

/**
 * Parses the engine's arguments. Unknown flags are rejected so that a
 * protocol change in a future CLI fails loudly rather than silently.
 *
 * @param {string[]} argv  arguments after the executable
 * @returns {EngineArgs}
 */
export function parseEngineArgs(argv) {
  /** @type {EngineArgs} */
  const args = { datamodels: [], datasource: undefined, previewFeatures: [], cliCommand: undefined, version: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      const next = argv[++i]
      if (next === undefined) throw new Error(`Missing value for ${arg}`)
      return next
    }
    switch (arg) {
      case '--datamodels':
        args.datamodels.push(value())
        break
      case '--datasource':
        args.datasource = parseDatasource(value())
        break
      case '--enabled-preview-features':
        args.previewFeatures.push(...value().split(',').filter(Boolean))
        break
      case '--extension-types':
        value() // PostgreSQL extension types: not supported by the WASM engine's constructor; ignored.
        break
      case '--version':
      case '-V':
        args.version = true
        break
      case 'cli':
        args.cliCommand = value()
        break
      default:
        throw new Error(`Unknown schema engine argument: ${arg}`)
    }
  }
  return args
}

/**
 * Parses the `--datasource` JSON without echoing it on failure (it holds the
 * connection URL and possibly a password; V8's JSON errors quote the input).
 *
 * @param {string} json
 * @returns {EngineArgs['datasource']}
 */
function parseDatasource(json) {
  try {
    return JSON.parse(json)
  } catch {
    throw new Error('The --datasource argument is not valid JSON.')
  }
}
