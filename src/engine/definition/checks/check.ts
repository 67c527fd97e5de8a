import type { InterruptSettings } from '../../interrupts/settings.js';
import type { Finding } from '../finding.js';
import type { FlowDefinition } from '../schema.js';

/**
 * The flows of a directory and their node ids, for checking `goto` and `schedule` targets across
 * files.
 *
 * @example
 * new Map([['seguimiento', new Set(['saludo', 'momento', ...])], ['cierre', new Set([...])]])
 */
export type FlowIndex = ReadonlyMap<string, ReadonlySet<string>>;

/** Options for validating a flow. */
export interface ValidationOptions {
  /** The id the flow must have: its file name without `.yaml`. Unchecked when absent. */
  readonly expectedFlowId?: string | undefined;
  /** The deployment's settings (deny-list, interrupt words); the defaults when absent. */
  readonly settings?: InterruptSettings | undefined;
  /** Other flows, to check references to them; unchecked when absent. */
  readonly knownFlows?: FlowIndex | undefined;
  /**
   * The channel the flows must work on. With `cloud-api`, every node that can open a conversation
   * must name an approved WhatsApp template (free text outside her 24-hour window is refused).
   */
  readonly channel?: 'cloud-api' | undefined;
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
