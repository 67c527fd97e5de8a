import type { RunContext } from '../context.js';
import type { FlowEvent } from '../events.js';
import type { FlowSession } from '../session.js';
import type { Interrupt } from './detect.js';
import type { InterruptKind } from './settings.js';

/** The outcome a session ends with when an interrupt stops it. */
export const INTERRUPT_OUTCOMES: Readonly<Record<InterruptKind, string>> = {
  code_word: 'code_word',
  emergency: 'emergency_word',
  opt_out: 'opt_out',
  person_request: 'pide_persona',
  who_is_writing: 'pregunta_quien_escribe',
  hours_request: 'pide_otro_horario',
};

/**
 * What an interrupt does, as events the host applies like any flow's, and the session it leaves:
 * a waiting session ends with outcome `code_word`, `emergency_word`, `opt_out`, `pide_persona`, `pregunta_quien_escribe` or `pide_otro_horario` (an ended or
 * absent session stays as it is, and no `flow_ended` is emitted).
 *
 * - `code_word`: the harmless reply; cancel everything pending; urgent handoff, reason `code_word`.
 *   ```json
 *   [{ "type": "message", "node": "interrupt:code_word", "text": "Ok, gracias 👍" },
 *    { "type": "cancel_pending", "reason": "code_word" },
 *    { "type": "handoff", "node": "interrupt:code_word", "urgency": "urgent", "reason": "code_word" },
 *    { "type": "flow_ended", "outcome": "code_word" }]
 *   ```
 * - `emergency`: what to do now; urgent handoff, reason `emergency_word`.
 *   ```json
 *   [{ "type": "message", "node": "interrupt:emergency", "text": "Si estás en peligro, llama al 911 ahora. ..." },
 *    { "type": "handoff", "node": "interrupt:emergency", "urgency": "urgent", "reason": "emergency_word" },
 *    { "type": "flow_ended", "outcome": "emergency_word" }]
 *   ```
 * - `person_request`: a person will write; normal handoff, reason `pide_persona` (as a flow's own
 *   «Necesito hablar con alguien»).
 *   ```json
 *   [{ "type": "message", "node": "interrupt:person_request", "text": "Claro que sí. En un ratito te escribe ..." },
 *    { "type": "handoff", "node": "interrupt:person_request", "urgency": "normal", "reason": "pide_persona" },
 *    { "type": "flow_ended", "outcome": "pide_persona" }]
 *   ```
 * - `who_is_writing`: the harmless goodbye; urgent handoff, reason `pregunta_quien_escribe`, so
 *   nothing automatic is sent until a person has looked (someone else may hold her phone).
 *   ```json
 *   [{ "type": "message", "node": "interrupt:who_is_writing", "text": "Perdón, luego te escribo. ..." },
 *    { "type": "handoff", "node": "interrupt:who_is_writing", "urgency": "urgent", "reason": "pregunta_quien_escribe" },
 *    { "type": "flow_ended", "outcome": "pregunta_quien_escribe" }]
 *   ```
 * - `hours_request`: the reply only; the conversation ends, as she said this is not her time (the
 *   host raises the alert that asks a person to look at her hours, as it does wherever she asks).
 *   ```json
 *   [{ "type": "message", "node": "interrupt:hours_request", "text": "Va, lo tomo en cuenta. ..." },
 *    { "type": "flow_ended", "outcome": "pide_otro_horario" }]
 *   ```
 * - `opt_out`: the one confirmation; cancel everything pending; record the opt-out.
 *   ```json
 *   [{ "type": "message", "node": "interrupt:opt_out", "text": "Listo, ya no te enviaré mensajes. ..." },
 *    { "type": "cancel_pending", "reason": "opt_out" },
 *    { "type": "opted_out" },
 *    { "type": "flow_ended", "outcome": "opt_out" }]
 *   ```
 */
export function applyInterrupt(
  interrupt: Interrupt,
  session: FlowSession | null,
  ctx: Pick<RunContext, 'now'>,
): { session: FlowSession | null; events: FlowEvent[] } {
  const node = `interrupt:${interrupt.kind}`;
  const events: FlowEvent[] = [{ type: 'message', node, text: interrupt.reply }];
  if (interrupt.kind === 'code_word') {
    events.push({ type: 'cancel_pending', reason: 'code_word' }, { type: 'handoff', node, urgency: 'urgent', reason: 'code_word' });
  } else if (interrupt.kind === 'emergency') {
    events.push({ type: 'handoff', node, urgency: 'urgent', reason: 'emergency_word' });
  } else if (interrupt.kind === 'person_request') {
    events.push({ type: 'handoff', node, urgency: 'normal', reason: 'pide_persona' });
  } else if (interrupt.kind === 'who_is_writing') {
    events.push({ type: 'handoff', node, urgency: 'urgent', reason: INTERRUPT_OUTCOMES.who_is_writing });
  } else if (interrupt.kind === 'opt_out') {
    events.push({ type: 'cancel_pending', reason: 'opt_out' }, { type: 'opted_out' });
  }
  if (session === null || session.status === 'ended') return { session, events };
  const outcome = INTERRUPT_OUTCOMES[interrupt.kind];
  events.push({ type: 'flow_ended', outcome });
  return { session: { ...session, status: 'ended', attempts: 0, outcome, updatedAt: ctx.now }, events };
}
