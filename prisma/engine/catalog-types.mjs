/**
 * Makes `@prisma/adapter-pg` accept PostgreSQL's internal catalog types.
 *
 * The schema describer reads `pg_catalog` columns typed `"char"` (OID 18) and
 * `name` (OID 19); adapter-pg has no mapping for some of them and fails with
 * "Unsupported column type" (prisma/orm issue 27403). Their text form is a
 * plain string, so this shim reports such columns as `text` (OID 25) right
 * where `pg` hands results back, before the adapter looks at the field types.
 */
import pg from 'pg'

const TEXT_OID = 25
const CHAR_OID = 18

/** Indices of the columns that were `"char"`, by the result's `rows` array (the adapter keeps it). */
const charColumnsByRows = new WeakMap()

/**
 * Which columns of a result were PostgreSQL `"char"` before being reported as
 * text: the engine reads them as characters (`pg_constraint.contype`, say) and
 * panics on a text value, so the adapter's result must call them `Character`.
 *
 * @param {unknown[]} rows  the `rows` of an adapter result set
 * @returns {number[]}
 */
export function catalogCharColumns(rows) {
  return charColumnsByRows.get(rows) ?? []
}

/**
 * OIDs of scalar internal types whose text representation is an ordinary
 * string and which are reported to the adapter as `text`.
 * `"char"`, `name`, `regproc`, `regclass`, `regtype`, `regnamespace`, `regrole`.
 */
export const CATALOG_TEXT_OIDS = new Set([18, 19, 24, 2205, 2206, 4089, 4096])

/**
 * Rewrites, in place, the field type ids of a `pg` result (or of every result
 * of a multi-statement query) from internal catalog types to `text`.
 *
 * @template T
 * @param {T} result
 * @returns {T}
 */
export function reportCatalogTypesAsText(result) {
  const results = Array.isArray(result) ? result : [result]
  for (const r of results) {
    /** @type {number[]} */
    const chars = []
    ;(r?.fields ?? []).forEach((/** @type {{ dataTypeID: number }} */ field, /** @type {number} */ index) => {
      if (field.dataTypeID === CHAR_OID) chars.push(index)
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID
    })
    if (chars.length > 0 && Array.isArray(r?.rows)) charColumnsByRows.set(r.rows, chars)
  }
  return result
}

/**
 * A `pg.Client` whose query results report catalog types as `text`. Pass it
 * as the pool's `Client` option so both pooled queries and transactions use it.
 */
export class CatalogTextClient extends pg.Client {
  /**
   * Same contract as `pg.Client#query`, with results post-processed by
   * {@link reportCatalogTypesAsText}.
   *
   * @param {any} config
   * @param {any} [values]
   * @param {any} [callback]
   * @returns {any}
   */
  query(config, values, callback) {
    if (config && typeof config.submit === 'function') return super.query(config, values, callback)
    if (typeof values === 'function') {
      callback = values
      values = undefined
    }
    if (typeof callback === 'function') {
      return super.query(config, values, (err, res) => callback(err, err ? res : reportCatalogTypesAsText(res)))
    }
    if (config && typeof config === 'object' && typeof config.callback === 'function') {
      const own = config.callback
      return super.query({ ...config, callback: (err, res) => own(err, err ? res : reportCatalogTypesAsText(res)) }, values)
    }
    return super.query(config, values).then(reportCatalogTypesAsText)
  }
}
