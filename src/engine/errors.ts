/**
 * Why the engine refused a call:
 * - `SESSION_ENDED`: resume was called on a session that already ended.
 * - `FLOW_MISMATCH`: the session belongs to another flow.
 * - `UNKNOWN_NODE`: the session (or a transition) names a node the flow does not have, e.g.
 *   after the flow file was edited.
 * - `NODE_NOT_WAITING`: the session's node is not one that waits for input.
 * - `STEP_LIMIT_EXCEEDED`: a step visited too many nodes without waiting (a loop of messages).
 * - `INVALID_SESSION`: a stored session does not have the expected shape.
 * - `UNSUPPORTED_SESSION_VERSION`: a stored session has a schema version this engine cannot read.
 * - `NO_TIMEOUT`: a `{ kind: 'timeout' }` input reached a node with no timeout (a stale timeout job:
 *   she answered, or the flow moved on; the host drops it).
 * - `UNKNOWN_FLOW`: a `goto` names another flow that is not in the flows passed to `start`/`resume`.
 * - `MISSING_FIELD`: a text uses `{{cita_hora}}` and `ctx.fields.cita_hora` is not a non-empty text.
 * - `INVALID_CONTEXT`: `ctx.now` is not an ISO instant, or `ctx.timezone` is not a known time zone
 *   (noticed when a date answer is read).
 */
export type EngineErrorCode =
  | 'SESSION_ENDED'
  | 'FLOW_MISMATCH'
  | 'UNKNOWN_NODE'
  | 'NODE_NOT_WAITING'
  | 'STEP_LIMIT_EXCEEDED'
  | 'INVALID_SESSION'
  | 'UNSUPPORTED_SESSION_VERSION'
  | 'NO_TIMEOUT'
  | 'UNKNOWN_FLOW'
  | 'MISSING_FIELD'
  | 'INVALID_CONTEXT';

/**
 * A call the engine cannot carry out. Retrying with the same arguments fails the same way.
 *
 * @example
 * try { resume(flow, session, input, ctx) }
 * catch (error) { if (error instanceof EngineError && error.code === 'SESSION_ENDED') { ... } }
 */
export class EngineError extends Error {
  override readonly name = 'EngineError';

  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
