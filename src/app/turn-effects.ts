import { INTERRUPT_OUTCOMES, type FlowEvent } from '../engine/index.js';
import type { CaseConversation, CaseEventBus, PersonRequest } from './ports.js';
import { caseFieldChanges, OFFER_TAKEN_LEAD_MS, type StoredCaseFields } from './case-fields.js';

/** What a turn's events changed under the case's lock, and what remains to do after the commit. */
export interface TurnEffects {
  /** Alerts raised (the case now waits for a person, or the person holding it is told). */
  alertIds: string[];
  /** Who held the chat when the alerts were raised (she keeps it and is told at once), or `null`. */
  heldById: string | null;
  /** Scheduled check-ins to cancel after the commit (she opted out or used her code word). */
  cancelCheckIns: string | null;
  /** Check-ins the flow asked for, to create after the commit. */
  schedule: Extract<FlowEvent, { type: 'schedule_checkin' }>[];
  /** The case fields the step set (already stored), by name. */
  caseFields: StoredCaseFields;
  /** The video-call session her answer changed (to publish and re-plan after the commit), if any. */
  appointmentId: string | null;
}

/** Her answer to a video-call invitation or reminder (`videollamada`), as the session's new status. */
const STATUS_OF_ANSWER: Record<string, 'confirmed' | 'cancelled'> = { confirmada: 'confirmed', cancelada: 'cancelled' };

/**
 * Applies her answer about her next session: `horario_elegido: opcion_N` moves it to the N-th time
 * she was offered, confirmed (the database refuses it if that time was taken meanwhile, and one that
 * starts within {@link OFFER_TAKEN_LEAD_MS} is refused too: a person is asked to agree a time with her); `videollamada: confirmada | cancelada` sets its status; any other
 * `videollamada` value (another time, no answer) leaves it for the coordinator to see.
 */
async function applyAppointmentAnswer(conversation: CaseConversation, fields: StoredCaseFields, effects: TurnEffects, at: Date): Promise<void> {
  if (!('videollamada' in fields) && !('horario_elegido' in fields)) return;
  const appointment = (await conversation.caseFields(at)).appointment;
  if (!appointment) return;
  effects.appointmentId = appointment.id;
  const chosen = /^opcion_(\d)$/.exec(String(fields.horario_elegido ?? ''));
  if (chosen) {
    const offer = appointment.offers[Number(chosen[1]) - 1];
    // One about to start (or gone) is as good as taken: a person agrees another time with her.
    const open = offer && offer.startsAt.getTime() - at.getTime() >= OFFER_TAKEN_LEAD_MS;
    const moved = open && (await conversation.updateAppointment(appointment.id, { status: 'confirmed', startsAt: offer.startsAt, endsAt: offer.endsAt }));
    if (!moved) {
      effects.alertIds.push(
        await conversation.raiseAlert({ kind: 'slot_taken', urgency: 'normal', reason: 'Eligió un horario de videollamada que ya no está libre: acordar otro' }),
      );
    }
    return;
  }
  const status = STATUS_OF_ANSWER[String(fields.videollamada)];
  if (status) await conversation.updateAppointment(appointment.id, { status });
}

/** The inbox's words for why she needs a person; never personal data. */
const REASONS: Record<string, string> = {
  emergency_word: 'Escribió una palabra de emergencia',
  code_word: 'Usó su palabra clave',
  pide_persona: 'Pidió hablar con una persona',
  juridica: 'Tiene una pregunta jurídica',
  psicologica: 'Quiere hablar con su psicóloga',
  [INTERRUPT_OUTCOMES.who_is_writing]: 'Preguntaron quién escribe: puede que otra persona tenga su teléfono o que el número ya no sea suyo; lee antes de escribirle',
};

/** The alert kind of a handoff's reason: her emergency word, her code word, someone asking who writes, or a request for a person. */
function alertKindOf(reason: string): PersonRequest['kind'] {
  if (reason === 'emergency_word' || reason === 'code_word') return reason;
  return reason === INTERRUPT_OUTCOMES.who_is_writing ? 'who_is_writing' : 'handoff';
}

function personRequest(event: Extract<FlowEvent, { type: 'handoff' }>): PersonRequest {
  return { urgency: event.urgency, kind: alertKindOf(event.reason), reason: REASONS[event.reason] ?? `Pidió una persona (${event.reason})` };
}

/**
 * Applies the events of a flow step or an interrupt that change the case, inside the transaction
 * that holds its lock: a handoff makes the case wait for a person with an alert (urgent ones first in
 * the inbox), or, when a person already holds the chat, raises its urgency and keeps her on it;
 * `cancel_pending` withdraws every message not sent yet; `opted_out` records the opt-out;
 * `case_field_set` stores the field on the case (encrypted), so later turns see it in `ctx.fields`,
 * and her answer about a video-call session updates it.
 * Check-ins are cancelled or created after the commit (they live in the scheduler too).
 */
export async function applyTurnEffects(conversation: CaseConversation, events: readonly FlowEvent[], at: Date): Promise<TurnEffects> {
  const effects: TurnEffects = { alertIds: [], heldById: null, cancelCheckIns: null, schedule: [], caseFields: caseFieldChanges(events), appointmentId: null };
  await conversation.setCaseFields(effects.caseFields);
  await applyAppointmentAnswer(conversation, effects.caseFields, effects, at);
  for (const event of events) {
    switch (event.type) {
      case 'handoff': {
        const call = await conversation.callPerson(personRequest(event), at);
        effects.alertIds.push(call.alertId);
        effects.heldById = call.heldById;
        break;
      }
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

/**
 * After the commit, tells live screens about the alerts a turn raised: the case changed
 * (`attention_changed`), each alert (`alert_raised`) and, when a person holds the chat, her own
 * notice (`holder_alerted`), so she learns of an emergency word at once, on whatever page she is.
 */
export async function publishTurnAlerts(events: Pick<CaseEventBus, 'publish'>, caseId: string, effects: Pick<TurnEffects, 'alertIds' | 'heldById'>): Promise<void> {
  if (effects.alertIds.length === 0) return;
  await events.publish({ type: 'attention_changed', caseId });
  for (const alertId of effects.alertIds) {
    await events.publish({ type: 'alert_raised', caseId, alertId });
    if (effects.heldById) await events.publish({ type: 'holder_alerted', caseId, alertId, staffId: effects.heldById });
  }
}
