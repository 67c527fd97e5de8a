import { poolOf, type Database } from './database.js';

/*
 * A table whose rows changed by more than autovacuum's own analyze threshold (50 rows and a tenth of
 * the table) since it was last analyzed, or never analyzed and not empty: what autovacuum would
 * analyze next, if it runs at all.
 */
const STALE_TABLES = `
SELECT s.relname
  FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
 WHERE s.schemaname = current_schema()
   AND (s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
        OR (s.last_analyze IS NULL AND s.last_autoanalyze IS NULL AND s.n_live_tup > 0))
 ORDER BY s.relname`;

/**
 * Gives PostgreSQL's planner statistics of every table whose rows changed much since it last had
 * them (`ANALYZE` of those tables only), and returns their names. A restore, a bulk import or a
 * database where autovacuum is off leaves the planner believing tables empty or small, and plans made
 * then (sequential scans) stay wrong as the tables grow. The service calls it at start; a bulk import
 * calls it after its commit. Cheap when nothing changed: one catalog query.
 *
 * PostgreSQL's counters of changed rows are lost when the server crashes or they are reset; the
 * never-analyzed case is still caught by the rows it counts afterwards.
 *
 * @example
 * await refreshPlannerStatistics(db); // ['Case', 'Contact', 'Survivor'] after an import
 */
export async function refreshPlannerStatistics(db: Database): Promise<string[]> {
  const pool = poolOf(db);
  const { rows } = await pool.query<{ relname: string }>(STALE_TABLES);
  // Names come from the catalog, quoted as identifiers.
  if (rows.length > 0) await pool.query(`ANALYZE ${rows.map((r) => `"${r.relname.replaceAll('"', '""')}"`).join(', ')}`);
  return rows.map((r) => r.relname);
}

/**
 * Analyzes the named tables at once, whatever the counters say: after a bulk write the writer knows
 * which tables it filled, and PostgreSQL's counters of changed rows reach the statistics views only
 * up to a second later, so {@link refreshPlannerStatistics} right after a commit can miss them.
 *
 * @example
 * await analyzeTables(db, ['Survivor', 'Case', 'Intervention']);
 */
export async function analyzeTables(db: Database, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  await poolOf(db).query(`ANALYZE ${tables.map((name) => `"${name.replaceAll('"', '""')}"`).join(', ')}`);
}
