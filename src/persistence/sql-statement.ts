import { createHash } from 'node:crypto';

/**
 * One SQL statement being put together from parts (data-modifying CTEs), with its positional
 * parameters numbered as they are added.
 *
 * @example
 * const s = new SqlStatement();
 * s.add(`UPDATE "Case" SET "missedInARow" = 0 WHERE id = ${s.param(caseId)}::uuid`);
 * s.add(`INSERT INTO "Alert" (id, "caseId", …) VALUES (${s.param(id)}::uuid, …)`);
 * client.query(s.text(), s.values); // WITH w0 AS (UPDATE …), w1 AS (INSERT …) SELECT 1
 */
export class SqlStatement {
  /** The parameter values, `$1` first. */
  readonly values: unknown[] = [];
  private readonly parts: string[] = [];

  /** Adds a value and returns its placeholder (`$n`). */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** Adds one data-modifying statement. */
  add(sql: string): void {
    this.parts.push(sql);
  }

  /** Whether nothing was added. */
  get empty(): boolean {
    return this.parts.length === 0;
  }

  /** The whole statement: each part as a CTE, so they run as one statement on one snapshot. */
  text(): string {
    if (this.parts.length === 1) return this.parts[0]!;
    return `WITH ${this.parts.map((part, i) => `w${i} AS (${part})`).join(', ')} SELECT 1`;
  }

  /**
   * The statement as a `pg` query, named after its text: a turn's writes take one of a few shapes,
   * each parsed and planned once per connection instead of on every turn. Past {@link MAX_NAMED}
   * shapes (which the code does not make), the rest go unnamed.
   */
  query(): { name?: string; text: string; values: unknown[] } {
    const text = this.text();
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED) {
      name = `w-${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
      names.set(text, name);
    }
    return name === undefined ? { text, values: this.values } : { name, text, values: this.values };
  }
}

/** Shapes of statements named so far, by text. */
const names = new Map<string, string>();
/** How many shapes are named at most. */
const MAX_NAMED = 256;
