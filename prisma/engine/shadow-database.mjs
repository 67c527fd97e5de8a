/**
 * Naming of the temporary "shadow" databases this shim creates for
 * `migrate dev` / `migrate diff --from-migrations`: `<db>_shadow_<random>`.
 */
import { randomBytes } from 'node:crypto'

const MAX_IDENTIFIER_BYTES = 63

/**
 * Derives a fresh, unique shadow database name from the main database name,
 * truncated so the result fits PostgreSQL's 63-byte identifier limit.
 *
 * @param {string} mainDatabase
 * @returns {string}
 */
export function shadowDatabaseName(mainDatabase) {
  const suffix = `_shadow_${randomBytes(4).toString('hex')}`
  let base = mainDatabase
  while (Buffer.byteLength(base + suffix) > MAX_IDENTIFIER_BYTES) base = Array.from(base).slice(0, -1).join('')
  return base + suffix
}
