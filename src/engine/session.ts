/** The schema version of {@link FlowSession}; bump it when the stored shape changes. */
export const SESSION_VERSION = 1;

/**
 * One saved answer, keyed by the question's `save_as` name in {@link FlowSession.results}.
 *
 * @example
 * { "value": "Más o menos", "choice": "mas_o_menos", "node": "como_te_sientes", "at": "2025-06-02T16:03:00.000Z" }
 */
export interface FlowResult {
  /** What she wrote, trimmed. */
  readonly value: string;
  /** The id of the choice it matched. */
  readonly choice: string;
  /** The question node that saved it. */
  readonly node: string;
  /** When it was saved (the context's `now`). */
  readonly at: string;
}

/** Fields every session has, waiting or ended. */
interface FlowSessionBase {
  /** Schema version of this object, {@link SESSION_VERSION}. */
  readonly version: typeof SESSION_VERSION;
  /** The id of the flow it runs (the flow file name). */
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
}

/** A session that reached an end node. */
export interface EndedFlowSession extends FlowSessionBase {
  readonly status: 'ended';
  /** The end node's outcome, e.g. `completado`. */
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
