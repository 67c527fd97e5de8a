/**
 * The schema version of {@link FlowSession}; bump it when stored sessions can no longer be read.
 * Version 1 only gained optional parts since it was first stored (`FlowResult.choice` became
 * optional, `FlowResult.category` was added; `flowId` can change when a `goto` enters another flow),
 * so older sessions read the same.
 */
export const SESSION_VERSION = 1;

/**
 * One named result, keyed by its name (a question's `save_as`, a `set` node's `result`) in
 * {@link FlowSession.results}. Reports read them.
 *
 * @example
 * { "value": "Más o menos", "choice": "mas_o_menos", "category": "mas_o_menos", "node": "como_te_sientes", "at": "2025-06-02T16:03:00.000Z" }
 * { "value": "2025-06-03T22:00:00.000Z", "node": "cuando", "at": "2025-06-02T16:03:00.000Z" }
 */
export interface FlowResult {
  /**
   * What she wrote, trimmed (choices, free text); the canonical value of a typed answer (`"3"`,
   * `"si"`/`"no"`, an ISO instant); or the value a `set` node stored.
   */
  readonly value: string;
  /** The id of the choice her answer matched (choice answers only). */
  readonly choice?: string;
  /**
   * What reports count, written by the flow's author (see `ResultSavedEvent.category`); absent for
   * free text, numbers and dates, and in results saved before categories existed.
   */
  readonly category?: string;
  /** The node that saved it. */
  readonly node: string;
  /** When it was saved (the context's `now`). */
  readonly at: string;
}

/** Fields every session has, waiting or ended. */
interface FlowSessionBase {
  /** Schema version of this object, {@link SESSION_VERSION}. */
  readonly version: typeof SESSION_VERSION;
  /** The id of the flow it runs (the flow file name); a `goto` into another flow changes it. */
  readonly flowId: string;
  /** While waiting: the question waiting for an answer. When ended: the end node reached. */
  readonly node: string;
  /** Unrecognised answers so far at the waiting question (0 when ended). */
  readonly attempts: number;
  /** Saved answers by `save_as` name. */
  readonly results: Readonly<Record<string, FlowResult>>;
  readonly startedAt: string;
  readonly updatedAt: string;
}

/** A session waiting at a question for the survivor's answer. */
export interface WaitingFlowSession extends FlowSessionBase {
  readonly status: 'waiting';
  /**
   * Her last message at this question only greeted, and the question was asked again: another
   * greeting in a row gets nothing. Absent otherwise (and in sessions stored before it existed).
   */
  readonly greeted?: true;
}

/** A session that reached an end node, a handoff, or was stopped by an interrupt. */
export interface EndedFlowSession extends FlowSessionBase {
  readonly status: 'ended';
  /** The end node's outcome, e.g. `completado`; `handoff`, `code_word`, `emergency_word`, `opt_out`, ... */
  readonly outcome: string;
}

/**
 * The state of one run of a flow with one survivor: a plain JSON-serialisable object the host
 * stores (PostgreSQL JSON) and passes back to `resume`. Read stored ones with `parseFlowSession`.
 *
 * @example
 * {
 *   "version": 1, "flowId": "primer-contacto", "status": "waiting", "node": "momento",
 *   "attempts": 1, "results": {}, "startedAt": "2025-06-02T16:00:00.000Z",
 *   "updatedAt": "2025-06-02T16:01:00.000Z"
 * }
 */
export type FlowSession = WaitingFlowSession | EndedFlowSession;
