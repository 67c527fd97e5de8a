/**
 * Something that resumes a waiting session: her text message, or the timeout of the wait (the
 * host schedules it when a `wait` event carries `timeoutSeconds`).
 *
 * @example
 * { "kind": "text", "text": "Sí, claro" }
 * { "kind": "timeout" }
 */
export type FlowInput = TextInput | TimeoutInput;

/** A text message the survivor sent. */
export interface TextInput {
  readonly kind: 'text';
  readonly text: string;
}

/**
 * The wait's timeout fired without an answer. Only valid while the session waits at a question
 * with a `timeout`; anything else throws `EngineError` `NO_TIMEOUT` (a stale job: drop it).
 *
 * @example
 * { "kind": "timeout" }
 */
export interface TimeoutInput {
  readonly kind: 'timeout';
}
