import type { FlowDefinition } from './definition/schema.js';
import type { CompiledNode } from './nodes/node-kind.js';
import { kindOf } from './nodes/registry.js';

/**
 * A flow prepared for running: texts compiled for every language, choice lookup tables built.
 * Build it once per flow file (the loaders do) and reuse it for every session.
 */
export interface CompiledFlow {
  /** The flow id (its file name without `.yaml`). */
  readonly id: string;
  /** The human name from the flow file. */
  readonly name: string;
  /** The id of the first node. */
  readonly start: string;
  /** The nodes by id. */
  readonly nodes: ReadonlyMap<string, CompiledNode>;
  /** The validated definition it was compiled from (e.g. for the console to show the flow). */
  readonly definition: FlowDefinition;
}

/**
 * Compiles a flow definition. It does not validate: give it a definition that passed the schema
 * and `checkFlowDefinition` (as `parseFlowSource`, `loadFlowFile` and `loadFlowDirectory` do).
 *
 * @example
 * const flow = compileFlow(definition);
 * const { session, events } = start(flow, { now, language: 'es-MX', alias: 'Lupita' });
 */
export function compileFlow(definition: FlowDefinition): CompiledFlow {
  const nodes = new Map<string, CompiledNode>();
  for (const [id, node] of Object.entries(definition.nodes)) {
    nodes.set(id, kindOf(node).compile(id, node));
  }
  return { id: definition.flow, name: definition.name, start: definition.start, nodes, definition };
}
