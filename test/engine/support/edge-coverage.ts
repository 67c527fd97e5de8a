import { kindOf, type CompiledFlow, type CompiledNode, type FlowLookup, type Transition } from '../../../src/engine/index.js';

/**
 * Records which exits of which nodes the engine takes, to prove golden cases walk every path:
 * each flow is copied with its nodes wrapped, and every `goto`/`flow` transition a node returns is
 * noted as `flow:node:edge` (e.g. `seguimiento:momento:choices.1.next`).
 */
export class EdgeCoverage {
  readonly taken = new Set<string>();

  /** The flows, with nodes that record their exits here. */
  instrument(flows: FlowLookup): Map<string, CompiledFlow> {
    const wrapped = new Map<string, CompiledFlow>();
    for (const [id, flow] of flows) {
      const nodes = new Map<string, CompiledNode>();
      for (const [nodeId, node] of flow.nodes) nodes.set(nodeId, this.wrap(flow.id, node));
      wrapped.set(id, { ...flow, nodes });
    }
    return wrapped;
  }

  /** Every exit a flow has, as `flow:node:edge`. */
  static edgesOf(flow: CompiledFlow): string[] {
    return Object.entries(flow.definition.nodes).flatMap(([id, node]) => [
      ...kindOf(node).edges(node).map((edge) => `${flow.id}:${id}:${edge.path.join('.')}`),
      ...(kindOf(node).flowReferences?.(node) ?? []).filter((ref) => ref.use === 'goto').map(() => `${flow.id}:${id}:flow`),
    ]);
  }

  private wrap(flowId: string, node: CompiledNode): CompiledNode {
    const note = (transition: Transition): Transition => {
      if (transition.kind === 'goto' || transition.kind === 'flow') this.taken.add(`${flowId}:${node.id}:${transition.edge}`);
      return transition;
    };
    const receive = node.receive;
    return {
      id: node.id,
      type: node.type,
      enter: (step) => note(node.enter(step)),
      ...(receive === undefined ? {} : { receive: (step, input) => note(receive.call(node, step, input)) }),
    };
  }
}
