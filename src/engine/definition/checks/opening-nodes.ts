import { kindOf } from '../../nodes/registry.js';
import type { FlowDefinition } from '../schema.js';

/**
 * Where the service can start sending before she has written: `start`, and each question's
 * `timeout.next` (she did not answer, so her window did not open).
 *
 * @example
 * openingRoots(seguimiento) // ['horario', 'programar_sin_respuesta', ...]
 */
export function openingRoots(definition: FlowDefinition): string[] {
  const roots = [definition.start];
  for (const node of Object.values(definition.nodes)) {
    if (node.type === 'question' && node.timeout !== undefined) roots.push(node.timeout.next);
  }
  return roots;
}

/**
 * The nodes that can send the first message of a conversation, before she has written: every node
 * that sends something (a message, a question) reachable from `start`, or from a question's
 * `timeout.next` (she did not answer, so her window did not open), without passing a question.
 * Every flow can be started by the service (a check-in, a reminder, a hand-back that starts it).
 *
 * @example
 * openingNodes(seguimiento) // ['momento']
 */
export function openingNodes(definition: FlowDefinition): string[] {
  const roots = openingRoots(definition);
  const seen = new Set<string>();
  const opening: string[] = [];
  const queue = [...roots];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = definition.nodes[id];
    if (node === undefined) continue;
    const kind = kindOf(node);
    if (kind.sends?.(node) !== undefined) opening.push(id);
    if (kind.waitsForInput) continue;
    for (const edge of kind.edges(node)) queue.push(edge.target);
  }
  const order = Object.keys(definition.nodes);
  return opening.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
