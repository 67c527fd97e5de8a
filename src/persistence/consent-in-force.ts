/** A purpose a consent covers, as the `ConsentPurpose` enum names it. */
export type ConsentPurposeName = 'follow_up' | 'video_call' | 'banavim';

/**
 * The SQL of her decision in force for `purpose`: the newest (by when it was given, then by id) of
 * the survivor whose id `survivorColumn` names, `NULL` when none was recorded. One expression for
 * every read that decides on consent, so they all take the same decision.
 *
 * @example
 * `SELECT … WHERE ${newestConsentSql('s.id', 'follow_up')}` // true only for a yes in force
 */
export function newestConsentSql(survivorColumn: string, purpose: ConsentPurposeName): string {
  return `(SELECT k.granted FROM "Consent" k WHERE k."survivorId" = ${survivorColumn} AND k.purpose = '${purpose}'
             ORDER BY k."recordedAt" DESC, k.id DESC LIMIT 1)`;
}
