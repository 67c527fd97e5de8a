import type { PathSegment } from '../nodes/node-kind.js';
import type { StaffText } from '../staff-text.js';

/** How bad a problem is: errors stop a flow from loading, warnings do not. */
export type Severity = 'error' | 'warning';

/**
 * A problem found in a flow, located by its path in the flow file (not yet by line and column).
 * `at: 'key'` points at the field name, `'value'` at its value; `needle` narrows the position to a
 * piece of the value's source text (e.g. a bad placeholder). The message is in both languages staff
 * read (Spanish and English).
 *
 * @example
 * { path: ['nodes', 'saludo', 'next'], at: 'value', severity: 'error',
 *   message: { es: '"next" apunta a "fin2" ...', en: '"next" points to "fin2" ...' } }
 */
export interface Finding {
  readonly path: readonly PathSegment[];
  readonly at: 'key' | 'value';
  readonly message: StaffText;
  readonly severity: Severity;
  readonly needle?: string | undefined;
}
