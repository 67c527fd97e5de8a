import { kindOf } from '../../nodes/registry.js';
import type { FlowCheck } from './check.js';
import { staffText } from '../../staff-text.js';

/**
 * Every node can be reached from `start` (a node nobody reaches is usually a typo in a `next`).
 * Skipped while `start` or any `next` points nowhere: those are reported first, and fixing them
 * usually reaches the node.
 */
export const everyNodeReachable: FlowCheck = function* ({ definition }) {
  const { nodes, start } = definition;
  const dangling = Object.values(nodes).some((node) =>
    kindOf(node).edges(node).some((edge) => !Object.hasOwn(nodes, edge.target)),
  );
  if (!Object.hasOwn(nodes, start) || dangling) return;
  const reached = new Set<string>([start]);
  const pending = [start];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    const node = nodes[id];
    if (node === undefined) continue;
    for (const { target } of kindOf(node).edges(node)) {
      if (!reached.has(target) && Object.hasOwn(nodes, target)) {
        reached.add(target);
        pending.push(target);
      }
    }
  }
  for (const id of Object.keys(nodes)) {
    if (!reached.has(id)) {
      yield {
        path: ['nodes', id],
        at: 'key',
        message: staffText(
          `al nodo "${id}" nunca se llega desde el nodo de inicio "${start}"`,
          `node "${id}" can never be reached from the start node "${start}"`,
        ),
        severity: 'error',
      };
    }
  }
};
