import type { FlowEvent } from '../engine/index.js';
import type { CaseConversation, PersonRequest } from './ports.js';
import { caseFieldChanges, type StoredCaseFields } from './case-fields.js';

/** What a turn's events changed under the case's lock, and what remains to do after the commit. */
export interface TurnEffects {
  /** Alerts raised (the case now waits for a person). */
  alertIds: string[];
  /** Scheduled check-ins to cancel after the commit (she opted out or used her code word). */
  cancelCheckIns: string | null;
  /** Check-ins the flow asked for, to create after the commit. */
  schedule: Extract<FlowEvent, { type: 'schedule_checkin' }>[];
  /** The case fields the step set (already stored), by name. */
  caseFields: StoredCaseFields;
}

/** The inbox's words for why she needs a person; never personal data. */
const REASONS: Record<string, string> = {
  emergency_word: 'Escribió una palabra de emergencia',
  code_word: 'Usó su palabra clave',
  pide_persona: 'Pidió hablar con una persona',
  juridica: 'Tiene una pregunta jurídica',
  psicologica: 'Quiere hablar con su psicóloga',
};

function personRequest(event: Extract<FlowEvent, { type: 'handoff' }>): PersonRequest {
  const kind = event.reason === 'emergency_word' || event.reason === 'code_word' ? event.reason : 'handoff';
  return { urgency: event.urgency, kind, reason: REASONS[event.reason] ?? `Pidió una persona (${event.reason})` };
}

/**
 * Applies the events of a flow step or an interrupt that change the case, inside the transaction
 * that holds its lock: a handoff makes the case wait for a person with an alert (urgent ones first in
 * the inbox); `cancel_pending` withdraws every message not sent yet; `opted_out` records the opt-out;
 * `case_field_set` stores the field on the case (encrypted), so later turns see it in `ctx.fields`.
 * Check-ins are cancelled or created after the commit (they live in the scheduler too).
 */
export async function applyTurnEffects(conversation: CaseConversation, events: readonly FlowEvent[], at: Date): Promise<TurnEffects> {
  const effects: TurnEffects = { alertIds: [], cancelCheckIns: null, schedule: [], caseFields: caseFieldChanges(events) };
  await conversation.setCaseFields(effects.caseFields);
  for (const event of events) {
    switch (event.type) {
      case 'handoff':
        effects.alertIds.push(await conversation.requestPerson(personRequest(event), at));
        break;
      case 'cancel_pending':
        await conversation.withdrawUnsent(`CANCELLED_${event.reason.toUpperCase()}`, at);
        effects.cancelCheckIns = event.reason === 'opt_out' ? 'pidió no recibir mensajes' : 'usó su palabra clave';
        break;
      case 'opted_out':
        await conversation.setOptedOut(at);
        break;
      case 'schedule_checkin':
        effects.schedule.push(event);
        break;
      default:
        break;
    }
  }
  return effects;
}
