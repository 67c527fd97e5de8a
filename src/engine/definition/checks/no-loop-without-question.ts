import { kindOf } from '../../nodes/registry.js';
import type { FlowCheck } from './check.js';
import { staffText } from '../../staff-text.js';

/**
 * No loop made only of nodes that never wait (messages): it would send texts for ever. Loops that
 * pass through a question are fine, the question waits for an answer.
 */
export const noLoopWithoutQuestion: FlowCheck = function* ({ definition }) {
  const order = Object.keys(definition.nodes);
  const successors = new Map<string, string[]>();
  for (const [id, node] of Object.entries(definition.nodes)) {
    if (kindOf(node).waitsForInput) continue;
    const next = kindOf(node)
      .edges(node)
      .map((edge) => edge.target)
      .filter((target) => {
        const targetNode = definition.nodes[target];
        return targetNode !== undefined && !kindOf(targetNode).waitsForInput;
      });
    successors.set(id, next);
  }
  for (const loop of loopsIn(order, successors)) {
    const first = loop[0] ?? '';
    const ids = [...loop, first].map((id) => `"${id}"`).join(' → ');
    yield {
      path: ['nodes', first],
      at: 'key',
      message: staffText(
        `los nodos ${ids} forman un ciclo sin ninguna pregunta, así que el flujo nunca dejaría de enviar mensajes`,
        `nodes ${ids} form a loop with no question, so the flow would never stop sending messages`,
      ),
      severity: 'error',
    };
  }
};

/** Each loop once, as the node ids along it, starting at the one written first. */
function loopsIn(order: readonly string[], successors: ReadonlyMap<string, readonly string[]>): string[][] {
  const loops: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of successors.get(id) ?? []) {
      const seen = state.get(next);
      if (seen === 'visiting') loops.push(rotateToFirst(stack.slice(stack.indexOf(next)), order));
      else if (seen === undefined) visit(next);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of order) if (successors.has(id) && !state.has(id)) visit(id);
  return loops;
}

function rotateToFirst(loop: string[], order: readonly string[]): string[] {
  const first = loop.reduce((a, b) => (order.indexOf(b) < order.indexOf(a) ? b : a));
  const at = loop.indexOf(first);
  return [...loop.slice(at), ...loop.slice(0, at)];
}
