/** The longest alias kept: a name to call her by, not a description. */
export const ALIAS_MAX_LENGTH = 60;

/** Why an alias cannot be kept (the import's message keys, `IMPORT_TEXTS`). */
export type AliasProblem = 'alias_length' | 'alias_one_line' | 'alias_phone';

/**
 * Whether `alias` can be kept as the name her messages call her by, and if not why: at most
 * {@link ALIAS_MAX_LENGTH} characters, on one line, and no phone number in it (a number typed in
 * the wrong column or field must not end up greeting her, nor on a staff screen). The same rules for
 * the import and the case page. `null` when it can.
 *
 * @example
 * aliasProblem('Luz')            // null
 * aliasProblem('Luz 9981234567') // 'alias_phone'
 */
export function aliasProblem(alias: string): AliasProblem | null {
  if (alias.length > ALIAS_MAX_LENGTH) return 'alias_length';
  if (/[\n\r\t]/.test(alias)) return 'alias_one_line';
  if (/\d{6,}/.test(alias.replace(/[\s().-]/g, ''))) return 'alias_phone';
  return null;
}
