import type { FieldValue } from '../context.js';
import { normalizeAnswer } from '../text/normalize-answer.js';

/** The key of a missing or null value. */
export const NULL_KEY = '\u0000null';

/**
 * How a branch compares values: texts without case, accents or surrounding punctuation; numbers
 * and true/false by their text; null and missing alike.
 *
 * @example
 * scalarKey('Mal ')  // 'mal'
 * scalarKey(true)    // 'true'
 * scalarKey(undefined) === scalarKey(null) // true
 */
export function scalarKey(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return NULL_KEY;
  return normalizeAnswer(String(value));
}

/** A value as written in a diagram label. */
export function scalarLabel(value: FieldValue): string {
  return value === null ? 'vacío' : String(value);
}
