/**
 * How a follow-up can end, chosen by the staff member who ends it. Stored as the code in
 * `Case.outcome`; the label is what screens show.
 */
export const FOLLOW_UP_OUTCOMES = {
  concluido: 'Seguimiento concluido',
  canalizada: 'Canalizada a otra institución',
  no_desea_seguimiento: 'Ya no desea seguimiento',
  sin_contacto: 'No fue posible contactarla',
  otro: 'Otro motivo',
} as const;

/** A code of {@link FOLLOW_UP_OUTCOMES}. */
export type FollowUpOutcome = keyof typeof FOLLOW_UP_OUTCOMES;

/** The codes, for validation. */
export const FOLLOW_UP_OUTCOME_CODES = Object.keys(FOLLOW_UP_OUTCOMES) as [FollowUpOutcome, ...FollowUpOutcome[]];

/** The label of an outcome code, or the code itself when it is not one of ours (a flow's outcome). */
export function outcomeLabel(code: string): string {
  return (FOLLOW_UP_OUTCOMES as Record<string, string>)[code] ?? code;
}
