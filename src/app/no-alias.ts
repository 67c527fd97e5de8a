/**
 * The alias a survivor is given when the 911 call left none: a label for the staff's screens, never a
 * name to call her by.
 */
export const NO_ALIAS = 'Sin alias';

/**
 * The alias her messages may call her by: `null` when she has none (blank, or the {@link NO_ALIAS}
 * label), so the texts use their alias-free wording ("Hola, soy Ana") instead of greeting her as
 * "Sin alias".
 *
 * @example
 * aliasForHer('Luz')       // 'Luz'
 * aliasForHer('Sin alias') // null
 */
export function aliasForHer(alias: string | null): string | null {
  const trimmed = alias?.trim() ?? '';
  return trimmed === '' || trimmed === NO_ALIAS ? null : trimmed;
}
