import type { FieldValue } from './context.js';
import type { Language } from './language.js';

/**
 * What happened during one step, in order. The host turns these into outgoing messages, stored
 * results, alerts, scheduled jobs and reports; the engine performs no I/O itself. Interrupts
 * (`applyInterrupt`) produce the same events.
 */
export type FlowEvent =
  | MessageEvent
  | WaitEvent
  | InputRejectedEvent
  | ResultSavedEvent
  | CaseFieldSetEvent
  | HandoffEvent
  | ScheduleCheckinEvent
  | FlowEnteredEvent
  | CancelPendingEvent
  | OptedOutEvent
  | FlowEndedEvent;

/** The `type` of a {@link FlowEvent}. */
export type FlowEventType = FlowEvent['type'];

/**
 * A text to send to the survivor, already rendered in her language with her alias. `node` is the
 * flow node that produced it, or `interrupt:<kind>` for an interrupt's reply.
 *
 * @example
 * { "type": "message", "node": "saludo", "text": "Hola Lupita, soy Ana. ¿Cómo has estado?" }
 */
export interface MessageEvent {
  readonly type: 'message';
  /** The node that produced the text. */
  readonly node: string;
  readonly text: string;
  /**
   * The approved WhatsApp template (parameters rendered) to send instead when free text cannot reach
   * her, in the language of the text (her language where the text is translated to it, else es-MX).
   */
  readonly template?: { readonly name: string; readonly language: Language; readonly parameters: readonly string[] };
}

/**
 * The flow now waits for the survivor's answer at this question node. With `timeoutSeconds`, the
 * host schedules a delayed job (id derived from the session id and the session's `updatedAt`) that
 * resumes the session with `{ kind: 'timeout' }` unless she answered first; each wait event
 * (including the one after a re-ask) starts the timeout again.
 *
 * @example
 * { "type": "wait", "node": "momento", "timeoutSeconds": 14400 }
 */
export interface WaitEvent {
  readonly type: 'wait';
  readonly node: string;
  readonly timeoutSeconds?: number;
}

/**
 * An answer was not understood (no choice matched, or not a valid number, yes/no or date).
 * `attempt` counts them at this node (1 for the first); at the node's `max_attempts` the flow takes
 * `on_give_up` instead of asking again. With `greeting`, her message only greeted («hola»): the
 * question is asked again as it was and `attempt` stays where it was (no attempt spent); with `again`
 * too, her previous message at this question was a greeting as well, and nothing is said.
 *
 * @example
 * { "type": "input_rejected", "node": "momento", "attempt": 1 }
 * { "type": "input_rejected", "node": "momento", "attempt": 0, "greeting": true }
 * { "type": "input_rejected", "node": "momento", "attempt": 0, "greeting": true, "again": true }
 */
export interface InputRejectedEvent {
  readonly type: 'input_rejected';
  readonly node: string;
  readonly attempt: number;
  readonly greeting?: true;
  readonly again?: true;
}

/**
 * A named result was saved in the session (a question's `save_as`, or a `set` node with `result`),
 * for reports. `choice` is the id of the choice her answer matched (choice answers only). `value` is
 * what she wrote (trimmed) for choices and free text, the canonical value for typed answers
 * (`"3"`, `"si"`/`"no"`, an ISO instant such as `"2025-06-03T22:00:00.000Z"`), or the `set` value.
 * `category` is what reports count, always a word the flow's author wrote, never hers: the choice
 * id, `si`/`no` of a yes/no answer, a `set` node's literal `value`, or the category of the result a
 * `set … from_result` copies. Free text, numbers and dates have none: reports count them as answered.
 *
 * @example
 * { "type": "result_saved", "name": "como_se_siente", "value": "Más o menos", "choice": "mas_o_menos", "category": "mas_o_menos", "node": "como_te_sientes" }
 * { "type": "result_saved", "name": "acepta_persona", "value": "si", "category": "si", "node": "ofrecer_persona" }
 * { "type": "result_saved", "name": "nueva_hora", "value": "2025-06-03T22:00:00.000Z", "node": "cuando" }
 */
export interface ResultSavedEvent {
  readonly type: 'result_saved';
  readonly name: string;
  readonly value: string;
  readonly choice?: string;
  /** What reports count; absent for free text, numbers and dates. */
  readonly category?: string;
  readonly node: string;
}

/**
 * A `set` node asks the host to store a value on her case (e.g. for the console and reports).
 * Branches later in the same step already see it; later steps see it once the host passes it back
 * in `ctx.fields`.
 *
 * @example
 * { "type": "case_field_set", "node": "confirmar", "name": "videollamada", "value": "confirmada" }
 */
export interface CaseFieldSetEvent {
  readonly type: 'case_field_set';
  readonly node: string;
  readonly name: string;
  readonly value: FieldValue;
}

/**
 * She needs a person. The host marks the case as waiting for a person with this urgency (`urgent`:
 * top of the inbox and a live alert), and the bot stays silent on the case until a person hands it
 * back. The session has ended (outcome `handoff` unless the node says otherwise); handing back means
 * the host starts a flow again when the person decides. `reason` is an id for the inbox and reports:
 * flows use e.g. `pide_persona`, `juridica`, `psicologica`; interrupts use `code_word` and
 * `emergency_word`.
 *
 * @example
 * { "type": "handoff", "node": "pasar_juridica", "urgency": "normal", "reason": "juridica" }
 */
export interface HandoffEvent {
  readonly type: 'handoff';
  readonly node: string;
  readonly urgency: 'urgent' | 'normal';
  readonly reason: string;
}

/**
 * Asks the host to schedule a check-in running `flow`. With `at` (an ISO instant she chose), at
 * that time; with `after` (ISO-8601 duration), that long after now; with neither, at her next safe
 * slot. The host always moves it into her safe hours.
 *
 * @example
 * { "type": "schedule_checkin", "node": "programar", "flow": "seguimiento", "at": "2025-06-03T22:00:00.000Z", "reason": "ella_eligio_hora" }
 * { "type": "schedule_checkin", "node": "programar_luego", "flow": "seguimiento", "after": "PT3H", "reason": "mas_tarde" }
 */
export interface ScheduleCheckinEvent {
  readonly type: 'schedule_checkin';
  readonly node: string;
  readonly flow: string;
  readonly after?: string;
  readonly at?: string;
  readonly reason: string;
}

/**
 * A `goto` moved the session into another flow (resolved inside the engine with the flows passed to
 * `start`/`resume`): from now on the session's `flowId` is `flow`, and its results are kept.
 *
 * @example
 * { "type": "flow_entered", "node": "ir_a_cierre", "from": "seguimiento", "flow": "cierre", "start": "saludo" }
 */
export interface FlowEnteredEvent {
  readonly type: 'flow_entered';
  /** The goto node of the flow left. */
  readonly node: string;
  readonly from: string;
  readonly flow: string;
  /** The node of the new flow entered. */
  readonly start: string;
}

/**
 * Cancel every message and check-in still pending for her case (code word, opt-out).
 *
 * @example
 * { "type": "cancel_pending", "reason": "code_word" }
 */
export interface CancelPendingEvent {
  readonly type: 'cancel_pending';
  readonly reason: 'code_word' | 'opt_out';
}

/**
 * She opted out: record it (e.g. `Survivor.optedOutAt`) and send nothing more until she writes again.
 *
 * @example
 * { "type": "opted_out" }
 */
export interface OptedOutEvent {
  readonly type: 'opted_out';
}

/**
 * The flow ended; `outcome` names the path taken, for reports and follow-up (an end node's
 * outcome, a handoff's, or an interrupt's: `code_word`, `emergency_word`, `opt_out`).
 *
 * @example
 * { "type": "flow_ended", "outcome": "no_es_buen_momento" }
 */
export interface FlowEndedEvent {
  readonly type: 'flow_ended';
  readonly outcome: string;
}
