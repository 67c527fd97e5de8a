import type { DenyList } from '../engine/index.js';

/**
 * The alias a survivor is given when the 911 call left none: a label for the staff's screens, never a
 * name to call her by.
 */
export const NO_ALIAS = 'Sin alias';

/**
 * The alias her messages may call her by: `null` when she has none (blank, or the {@link NO_ALIAS}
 * label), so the texts use their alias-free wording ("Hola, soy Ana") instead of greeting her as
 * "Sin alias"; `null` too when it holds a word of the deployment's `deny_words`, since a greeting
 * shows on her lock screen. Imports and the console refuse such an alias, but one stored before,
 * or a word added to the list since (a woman called Refugio, once the unit adds «refugio»), is
 * caught here, where every message that names her is worded.
 *
 * @example
 * aliasForHer('Luz', denyList)       // 'Luz'
 * aliasForHer('Sin alias', denyList) // null
 * aliasForHer('Refugio', new DenyList(['refugio'])) // null
 */
export function aliasForHer(alias: string | null, deniedWords: Pick<DenyList, 'find'>): string | null {
  const trimmed = alias?.trim() ?? '';
  if (trimmed === '' || trimmed === NO_ALIAS) return null;
  return deniedWords.find(trimmed).length > 0 ? null : trimmed;
}
