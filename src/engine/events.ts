/**
 * What happened during one step, in order. The host turns these into outgoing messages,
 * stored results and reports; the engine performs no I/O itself.
 */
export type FlowEvent =
  | MessageEvent
  | WaitEvent
  | InputRejectedEvent
  | ResultSavedEvent
  | FlowEndedEvent;

/** The `type` of a {@link FlowEvent}. */
export type FlowEventType = FlowEvent['type'];

/**
 * A text to send to the survivor, already rendered in her language with her alias; with the approved
 * WhatsApp template (parameters rendered) to send instead when free text cannot reach her, if the
 * node names one.
 *
 * @example
 * { "type": "message", "node": "saludo", "text": "Hola Lupita, soy Ana. ¿Cómo has estado?" }
 * { "type": "message", "node": "saludo", "text": "Hola Lupita…", "template": { "name": "acompana_saludo", "parameters": ["Lupita"] } }
 */
export interface MessageEvent {
  readonly type: 'message';
  /** The node that produced the text. */
  readonly node: string;
  readonly text: string;
  readonly template?: { readonly name: string; readonly parameters: readonly string[] };
}

/**
 * The flow now waits for the survivor's answer to this question node.
 *
 * @example
 * { "type": "wait", "node": "momento" }
 */
export interface WaitEvent {
  readonly type: 'wait';
  readonly node: string;
}

/**
 * An answer did not match any choice. `attempt` counts unrecognised answers at this node
 * (1 for the first); at the node's `max_attempts` the flow gives up instead of asking again.
 *
 * @example
 * { "type": "input_rejected", "node": "momento", "attempt": 1 }
 */
export interface InputRejectedEvent {
  readonly type: 'input_rejected';
  readonly node: string;
  readonly attempt: number;
}

/**
 * An answer was recognised at a question with `save_as`: `value` is what she wrote (trimmed),
 * `choice` the id of the choice it matched.
 *
 * @example
 * { "type": "result_saved", "name": "como_se_siente", "value": "Más o menos", "choice": "mas_o_menos", "node": "como_te_sientes" }
 */
export interface ResultSavedEvent {
  readonly type: 'result_saved';
  readonly name: string;
  readonly value: string;
  readonly choice: string;
  readonly node: string;
}

/**
 * The flow reached an `end` node; `outcome` names the path taken, for reports and follow-up.
 *
 * @example
 * { "type": "flow_ended", "outcome": "no_es_buen_momento" }
 */
export interface FlowEndedEvent {
  readonly type: 'flow_ended';
  readonly outcome: string;
}
