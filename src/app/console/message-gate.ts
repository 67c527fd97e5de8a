import { ConsoleError } from './errors.js';
import type { CaseFacts } from './ports.js';

/**
 * Refuses any message to her unless the follow-up may go on: the case is open, she has not opted out,
 * and her follow-up consent is in force (safety rules 1 and 6).
 *
 * @throws ConsoleError `case_closed`, `opted_out` or `no_follow_up_consent`.
 */
export function assertMayMessage(facts: CaseFacts): void {
  if (facts.status === 'closed') throw new ConsoleError('case_closed', 'El seguimiento de este caso ya terminó.');
  if (facts.optedOut) {
    throw new ConsoleError('opted_out', 'Ella pidió no recibir mensajes. No se le puede escribir hasta que ella escriba de nuevo.');
  }
  if (!facts.followUpConsent) {
    throw new ConsoleError('no_follow_up_consent', 'No hay consentimiento de seguimiento vigente: no se le pueden enviar mensajes.');
  }
}

/**
 * Refuses unless `staffId` holds the chat.
 *
 * @throws ConsoleError `held_by_other` when someone else has it, `not_holder` when nobody does.
 */
export function assertHolds(facts: CaseFacts, staffId: string): void {
  if (facts.heldById === staffId) return;
  if (facts.heldById) {
    const holder = facts.heldByName ?? 'otra persona';
    throw new ConsoleError('held_by_other', `La conversación la tiene ${holder}.`, { heldBy: holder });
  }
  throw new ConsoleError('not_holder', 'Primero toma la conversación.');
}
