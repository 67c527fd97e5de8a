import type { Finding } from '../finding.js';
import type { FlowDefinition } from '../schema.js';

/**
 * Options for validating a flow. More checks add their options here (a later task adds
 * `denyWords` for discreet wording).
 */
export interface ValidationOptions {
  /** The id the flow must have: its file name without `.yaml`. Unchecked when absent. */
  readonly expectedFlowId?: string | undefined;
}

/** What every check receives: the schema-valid definition and the options. */
export interface CheckContext {
  readonly definition: FlowDefinition;
  readonly options: ValidationOptions;
}

/**
 * One static check of a flow. It returns findings located by path; the loader turns them into
 * `file:line:column` diagnostics. Add a check by writing one function and listing it in
 * `checks/index.ts`.
 */
export type FlowCheck = (context: CheckContext) => Iterable<Finding>;
