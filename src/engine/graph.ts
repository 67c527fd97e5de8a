import type { FlowDefinition } from './definition/schema.js';
import { kindOf } from './nodes/registry.js';

/**
 * A flow as a graph for people to review: each node with its kind and a one-line summary in
 * Spanish, each way out with a label. References to other flows are edges with `flow` set.
 *
 * @example
 * {
 *   start: 'saludo',
 *   nodes: [{ id: 'saludo', type: 'message', summary: 'Hola {{alias}}, soy Ana.' }, ...],
 *   edges: [{ from: 'momento', to: 'como_estas', label: 'Sí' }, { from: 'a_cierre', to: 'saludo', flow: 'cierre' }, ...]
 * }
 */
export interface FlowGraph {
  readonly start: string;
  readonly nodes: ReadonlyArray<{ readonly id: string; readonly type: string; readonly summary: string }>;
  readonly edges: ReadonlyArray<{ readonly from: string; readonly to: string; readonly label?: string | undefined; readonly flow?: string | undefined }>;
}

/** The {@link FlowGraph} of a flow definition, nodes in file order. */
export function flowGraph(definition: FlowDefinition): FlowGraph {
  const nodes: Array<FlowGraph['nodes'][number]> = [];
  const edges: Array<FlowGraph['edges'][number]> = [];
  for (const [id, node] of Object.entries(definition.nodes)) {
    const kind = kindOf(node);
    nodes.push({ id, type: node.type, summary: kind.summary(node) });
    for (const edge of kind.edges(node)) edges.push({ from: id, to: edge.target, label: edge.label });
    for (const reference of kind.flowReferences?.(node) ?? []) {
      if (reference.use === 'goto') edges.push({ from: id, to: reference.node ?? 'inicio', flow: reference.flow });
    }
  }
  return { start: definition.start, nodes, edges };
}
