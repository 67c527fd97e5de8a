import { replyIsLate } from '../reply-freshness.js';
import { ConsoleError } from './errors.js';
import type { FollowUpCheckIns, LockedCase, StaffIdentity } from './ports.js';

/**
 * Whether a message a person writes her now needs the person's explicit "send anyway": now is
 * outside her safe hours (hers, and the deployment's quiet hours: when she may not be alone, or
 * someone else may see her phone), and she has not just written herself (a message of hers within
 * `REPLY_FRESH_MS` says she is on her phone now, as for the bot's replies).
 *
 * @example
 * await needsOutsideHoursConfirmation(deps.checkIns, caseId, null, now) // true at 23:00 with her hours 10:00–18:00
 */
export async function needsOutsideHoursConfirmation(
  checkIns: Pick<FollowUpCheckIns, 'mayInitiateNow'>,
  caseId: string,
  herLastMessageAt: Date | null,
  now: Date,
): Promise<boolean> {
  if (herLastMessageAt && !replyIsLate(herLastMessageAt, now)) return false;
  return !(await checkIns.mayInitiateNow(caseId));
}

/** The refusal's words: what is wrong now, and what to do if it must be sent anyway. */
export const OUTSIDE_HOURS_MESSAGE =
  'Ahora está fuera de su horario seguro: puede que no esté sola o que otra persona vea su teléfono. Si de todos modos es necesario escribirle ahora, marca «Enviar aunque esté fuera de su horario seguro».';

/**
 * The check of a person's message under the case's lock ({@link needsOutsideHoursConfirmation}):
 * refused with `outside_safe_hours` unless `confirmed`; sent anyway when confirmed, and audited as
 * `case.message_outside_safe_hours` (who chose to, and what: `what` is `message` or `template`).
 *
 * @throws ConsoleError `outside_safe_hours`.
 */
export async function checkOutsideHerHours(
  locked: LockedCase,
  checkIns: Pick<FollowUpCheckIns, 'mayInitiateNow'>,
  staff: StaffIdentity,
  caseId: string,
  options: { confirmed: boolean; what: 'message' | 'template'; now: Date },
): Promise<void> {
  if (!(await needsOutsideHoursConfirmation(checkIns, caseId, await locked.herLastMessageAt(), options.now))) return;
  if (!options.confirmed) throw new ConsoleError('outside_safe_hours', OUTSIDE_HOURS_MESSAGE);
  await locked.audit({ staffId: staff.id, action: 'case.message_outside_safe_hours', subject: `case:${caseId}`, detail: { what: options.what } });
}
